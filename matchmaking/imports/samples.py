"""Sample 征集表 files: the demo's (`manage.py sample_import_file`), the tests' and the
benchmark's (bench/imports.py). Rows are made one at a time, so a 10,000-row file is written
without holding it."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator

from accounts.organisations import CODE_ALPHABET, credit_code_check_character
from matchmaking.imports.columns import COLUMNS, SHEETS


def credit_code(n: int) -> str:
    """A valid unified social credit code, different for each n."""
    body = "91110108"
    digits = ""
    for _ in range(9):
        n, r = divmod(n, len(CODE_ALPHABET))
        digits += CODE_ALPHABET[r]
    first17 = body + digits
    return first17 + credit_code_check_character(first17)


def row(n: int, *, kind: str = "project_cooperation", deadline: dt.date | None = None, **overrides: str) -> dict:
    deadline = deadline or dt.date.today() + dt.timedelta(days=60)
    org = n // 3  # three postings per organisation
    values = {
        "org_name": f"示例科技有限公司{org:05d}",
        "org_name_en": f"Sample Technology Co. {org:05d}",
        "org_kind": "企业",
        "country": "CN",
        "registration": credit_code(org + 1),
        "contact_name": f"联系人{org}",
        "contact_email": f"contact{org}@sample.example",
        "contact_phone": "+86 10 1234 5678",
        "reference": f"REQ-{n:06d}",
        "title": f"智能制造技术需求 {n}",
        "title_en": f"Smart manufacturing need {n}",
        "body": "寻求工业视觉检测的合作伙伴，联合研发。",
        "body_en": "Looking for a partner in machine-vision inspection: joint research.",
        "subkind": "技术需求" if kind == "project_cooperation" else "",
        "fields": "",
        "province": "北京市",
        "city": "海淀区",
        "budget": "100万元 / CNY 1 million",
        "terms": "联合研发，成果共享 / joint development",
        "languages": "zh;en",
        "deadline": deadline.isoformat(),
        "public": "是",
        "challenge": "否",
    }
    values.update(overrides)
    return values


def write_xlsx(path: str, sheets: dict[str, Iterable[dict]]) -> None:
    """sheets: kind -> rows (dicts by column key); written in openpyxl's write-only mode."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    readme = workbook.create_sheet("说明 README")
    readme.append(["征集表 sample"])
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.title)
        ws.append([c.header for c in COLUMNS])
        for values in sheets.get(sheet.kind, ()):
            ws.append([values.get(c.key, "") for c in COLUMNS])
    workbook.save(path)


def write_csv(path: str, rows: Iterable[dict], *, with_kind: str = "", encoding: str = "utf-8-sig") -> None:
    headers = [c.header.replace("\n", " ") for c in COLUMNS]
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow((["类别 Kind"] if with_kind else []) + headers)
        for values in rows:
            writer.writerow(([with_kind] if with_kind else []) + [values.get(c.key, "") for c in COLUMNS])


def many(count: int, start: int = 0) -> Iterator[dict]:
    for n in range(start, start + count):
        yield row(n)


def demo_sheets(*, bad: bool = False) -> dict[str, list[dict]]:
    """The demo's file: a few rows per kind, a challenge, a non-public row; `bad` breaks five."""
    today = dt.date.today()
    project = [
        row(
            1,
            fields="",
            challenge="是",
            deadline=today + dt.timedelta(days=30),
            title="高端装备关键零部件联合攻关",
            title_en="Joint R&D on key parts of high-end equipment",
        ),
        row(2, title="新能源电池回收技术转移", title_en="Technology transfer: battery recycling"),
        row(
            3,
            public="否",
            title="某央企保密研发合作（定向对接）",
            title_en="Confidential R&D cooperation (organizers match)",
        ),
    ]
    talent = [
        row(4, kind="talent_demand", title="引进人工智能领军人才", title_en="A leading AI scientist"),
        row(5, kind="talent_demand", title="海外材料学博士后", title_en="Postdoc in materials science"),
    ]
    hr = [row(6, kind="hr_services", title="国际猎头服务", title_en="International executive search")]
    if bad:
        project[0]["registration"] = "911101080000000000"  # wrong check character
        project[1]["contact_email"] = "not-an-address"
        project[2]["deadline"] = "2020-01-01"
        talent[0]["reference"] = ""
        hr[0]["public"] = "也许"
    return {"project_cooperation": project, "talent_demand": talent, "hr_services": hr}
