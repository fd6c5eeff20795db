"""Statistics as CSV (one table, UTF-8 with a BOM so that Excel shows Chinese, streamed row by
row) and XLSX (every table on its own sheet; openpyxl's write-only mode keeps a large fair's
workbook out of memory). Cells go through halls' `safe()` (no control characters, no
formulas)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook

from halls.leads.export import safe
from recruitment.statistics import STAGES

FIGURES = [
    ("views", "浏览 Views"),
    ("applications", "投递 Applications"),
    *(
        (f"reached_{stage}", f"到达{zh} Reached {stage}")
        for stage, zh in zip(STAGES, ("新投递", "已查看", "入围", "面试", "录用通知", "已入职"), strict=True)
    ),
    ("rejected", "未通过 Rejected"),
    ("withdrawn", "已撤回 Withdrawn"),
    ("interviews_held", "已面试 Interviews held"),
    ("interviews_upcoming", "待面试 Interviews upcoming"),
    ("offers", "录用通知 Offers"),
    ("hired", "入职 Hired"),
]
TABLES: dict[str, list[tuple[str, str]]] = {
    "jobs": [
        ("id", "职位编号 Job id"),
        ("title", "职位 Job"),
        ("employer", "单位 Employer"),
        ("zone", "分会场 Zone"),
        ("status", "状态 Status"),
        *FIGURES,
    ],
    "zones": [("zone", "分会场 Zone"), ("name", "名称 Name"), *FIGURES],
    "employers": [("id", "单位编号 Employer id"), ("name", "单位 Employer"), *FIGURES],
    "days": [("day", "日期 Day"), ("views", "浏览 Views"), ("applications", "投递 Applications")],
    "funnel": [("stage", "阶段 Stage"), ("reached", "到达 Reached"), ("share", "占投递 Share of applications")],
}
SHEET_TITLES = {"jobs": "Jobs", "zones": "Zones", "employers": "Employers", "days": "By day", "funnel": "Funnel"}


def tables_of(report: dict[str, Any]) -> list[str]:
    return [name for name in TABLES if name != "employers" or "by_employer" in report]


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for step in row.get("funnel", ()):
        out[f"reached_{step['stage']}"] = step["reached"]
    return out


def _source(report: dict[str, Any], table: str) -> list[dict[str, Any]]:
    return {
        "jobs": report["by_job"],
        "zones": report["by_zone"],
        "employers": report.get("by_employer", []),
        "days": report["by_day"],
        "funnel": report["totals"]["funnel"],
    }[table]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe(value)
    return value


def rows(report: dict[str, Any], table: str) -> Iterator[list[Any]]:
    columns = TABLES[table]
    yield [label for _, label in columns]
    for row in _source(report, table):
        flat = _flat(row)
        yield [_cell(flat.get(key)) for key, _ in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(report: dict[str, Any], table: str) -> Iterable[bytes]:
    """The table as CSV, one encoded line at a time (for a StreamingHttpResponse)."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    for row in rows(report, table):
        yield writer.writerow(row).encode("utf-8")


def xlsx(report: dict[str, Any]) -> bytes:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("Summary")
    summary.append(["统计 Statistics", f"{report['start']} – {report['end']}"])
    totals = _flat(report["totals"])
    for key, label in FIGURES:
        summary.append([label, totals.get(key)])
    for table in tables_of(report):
        sheet = workbook.create_sheet(SHEET_TITLES[table])
        sheet.freeze_panes = "A2"
        for row in rows(report, table):
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
