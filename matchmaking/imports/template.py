"""The 征集表 template organizers publish: an XLSX with a README sheet and one sheet per
posting kind, Chinese headers with English hints, drop-down lists where the values are few."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from matchmaking.imports.columns import COLUMNS, README_TITLE, SHEETS

README = [
    ("征集表填写说明", "How to fill in this form"),
    ("每个工作表对应一类需求：项目合作、人才需求、人力资源服务。", "One sheet per kind of posting."),
    ("第一行是表头，请勿修改；从第二行起每行一条需求。", "Keep the header row; one posting per row below it."),
    ("带 * 的列必填；标题中文或英文至少填写一项。", "Columns marked * are required; a Chinese or an English title."),
    (
        "机构以统一社会信用代码（境外机构：注册号）识别，未填写时以机构名称+联系邮箱识别。",
        "An organisation is known by its credit code (abroad: registration number), else by name + contact e-mail.",
    ),
    (
        "需求以「需求编号」识别：再次导入同一文件或修改后的文件，只会更新，不会重复创建。",
        "A posting is known by its reference: importing the file again updates, it never duplicates.",
    ),
    ("领域、语言可填多个，用分号（；或 ;）分隔。", "Fields and languages: several, separated by ;."),
    ("是否公开填「否」的需求不在网站公开，由组织方人工对接。", "Public = No: organizers match it by hand."),
    ("是否张榜填「是」的需求发布到张榜（揭榜挂帅）。", "On the challenge board = Yes: it becomes a challenge."),
    ("联系人账号由系统创建，激活邮件发往联系邮箱（链接有效期有限）。", "Contact accounts get an activation e-mail."),
    ("CSV 文件：一行表头，可增加「类别 Kind」列；编码 UTF-8。", "CSV: one header row, a Kind column, UTF-8."),
]
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def build_template() -> bytes:
    workbook = Workbook()
    readme = workbook.active
    readme.title = README_TITLE
    readme.column_dimensions["A"].width = 70
    readme.column_dimensions["B"].width = 80
    for zh, en in README:
        readme.append([zh, en])
    readme["A1"].font = readme["B1"].font = Font(bold=True, size=14)
    readme.append([])
    readme.append(["列", "Column"])
    for column in COLUMNS:
        hint = " / ".join(h for h in (column.hint_zh, column.hint_en) if h)
        readme.append([column.zh + (" *" if column.required else ""), f"{column.en}{' — ' + hint if hint else ''}"])
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.title)
        ws.append([c.header for c in COLUMNS])
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = 36
        for index, column in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=1, column=index)
            cell.font = Font(bold=True, color="C00000" if column.required else "000000")
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = column.width
            if column.choices:
                validation = DataValidation(
                    type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True, showErrorMessage=True
                )
                validation.error = "请从列表中选择 Choose from the list"
                ws.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}5000")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
