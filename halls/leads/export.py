"""Leads as CSV (UTF-8 with a BOM, so that Excel shows Chinese) and XLSX (openpyxl).

Every cell is built by `safe()`, whatever is stored: control characters are dropped (rows
stored before the boundary cleaned them made openpyxl refuse the whole workbook) and text
that a spreadsheet would run as a formula is quoted."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook

from accounts.text import strip_control_characters
from halls.models import Lead

COLUMNS = [
    ("id", "编号 ID"),
    ("created_at", "时间 Time"),
    ("booth", "展位 Booth"),
    ("source", "来源 Source"),
    ("category", "类别 Category"),
    ("auto_category", "自动分类 Rules said"),
    ("corrected_by", "修正人 Corrected by"),
    ("contact_name", "姓名 Name"),
    ("contact_email", "邮箱 E-mail"),
    ("contact_phone", "电话 Phone"),
    ("contact_organisation", "单位 Organisation"),
    ("contact_title", "职务 Title"),
    ("message", "留言 Message"),
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: str) -> str:
    """A visitor's words as a cell: no control characters (which openpyxl refuses and CSV
    readers mangle), and quoted if it starts like a formula, which spreadsheets would run."""
    value = strip_control_characters(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def rows(leads: Iterable[Lead]) -> Iterable[list]:
    for lead in leads:
        yield [
            lead.pk,
            timezone.localtime(lead.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            safe(f"{lead.booth.number} {lead.booth.name}"),
            safe(lead.source),
            safe(lead.category),
            safe(lead.auto_category),
            safe(lead.category_corrected_by.public_name) if lead.category_corrected_by else "",
            safe(lead.contact_name),
            safe(lead.contact_email if lead.consent else ""),
            safe(lead.contact_phone if lead.consent else ""),
            safe(lead.contact_organisation),
            safe(lead.contact_title),
            safe(lead.message),
        ]


def leads_csv(leads: Iterable[Lead]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in COLUMNS])
    writer.writerows(rows(leads))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def leads_xlsx(leads: Iterable[Lead]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Leads"
    sheet.append([label for _, label in COLUMNS])
    for row in rows(leads):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
