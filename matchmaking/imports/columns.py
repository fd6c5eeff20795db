"""The 征集表's sheets and columns: one sheet per posting kind, the same columns on each.

A header cell is "中文名\\nEnglish hint" (a trailing * marks a required column); the reader
recognises a column by either part, so a CSV may use the Chinese or the English header, and
columns may come in any order."""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("project_cooperation", "talent_demand", "hr_services")


@dataclass(frozen=True)
class Sheet:
    kind: str
    zh: str
    en: str

    @property
    def title(self) -> str:
        return f"{self.zh} {self.en}"


SHEETS = (
    Sheet("project_cooperation", "项目合作", "Project cooperation"),
    Sheet("talent_demand", "人才需求", "Talent demand"),
    Sheet("hr_services", "人力资源服务", "HR services"),
)
SHEET_BY_KIND = {s.kind: s for s in SHEETS}
README_TITLE = "说明 README"


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    required: bool = False
    hint_zh: str = ""
    hint_en: str = ""
    choices: tuple[str, ...] = ()  # offered as a drop-down in the template
    width: int = 18

    @property
    def header(self) -> str:
        return f"{self.zh}\n{self.en}" + (" *" if self.required else "")

    def label(self, english: bool) -> str:
        return self.en if english else self.zh


YES = ("是", "否")
SUBKINDS_ZH = {
    "技术需求": "technology_need",
    "技术成果": "technology_offer",
    "科研合作": "research_cooperation",
    "技术转移": "technology_transfer",
}
ORG_KINDS_ZH = {
    "政府机构": "government",
    "高校院所": "university",
    "企业": "enterprise",
    "外国机构": "foreign",
    "人力资源服务机构": "hr",
    "其他": "other",
}

COLUMNS = (
    Column("org_name", "机构名称", "Organisation name (Chinese)", True, "与营业执照一致", "as registered", width=24),
    Column("org_name_en", "机构英文名称", "Organisation name (English)", width=24),
    Column("org_kind", "机构类型", "Kind of organisation", choices=tuple(ORG_KINDS_ZH)),
    Column(
        "country", "国家/地区代码", "Country/region (ISO code)", hint_zh="如 CN、DE", hint_en="e.g. CN, DE", width=12
    ),
    Column(
        "registration",
        "统一社会信用代码/注册号",
        "Credit code / registration no.",
        hint_zh="中国大陆机构填18位统一社会信用代码",
        hint_en="18-character credit code in mainland China",
        width=22,
    ),
    Column("contact_name", "联系人", "Contact person", True),
    Column("contact_email", "联系邮箱", "Contact e-mail", True, width=24),
    Column("contact_phone", "联系电话", "Contact phone"),
    Column(
        "reference", "需求编号", "Posting reference", True, "机构内唯一，重新导入时据此更新", "unique per organisation"
    ),
    Column(
        "title", "标题", "Title (Chinese)", hint_zh="中文或英文标题至少填一项", hint_en="Chinese or English", width=30
    ),
    Column("title_en", "英文标题", "Title (English)", width=30),
    Column("body", "需求描述", "Description (Chinese)", width=40),
    Column("body_en", "英文描述", "Description (English)", width=40),
    Column(
        "subkind",
        "细分类别",
        "Subkind",
        hint_zh="仅项目合作：技术需求/技术成果/科研合作/技术转移",
        hint_en="project cooperation only",
        choices=tuple(SUBKINDS_ZH),
    ),
    Column("fields", "领域", "Fields", hint_zh="多个用；分隔", hint_en="separated by ;", width=24),
    Column("province", "省/州", "Province / state", hint_zh="如 北京市", hint_en="e.g. Bavaria"),
    Column("city", "城市", "City"),
    Column("budget", "预算", "Budget", width=20),
    Column("terms", "合作条件", "Terms", width=30),
    Column("languages", "语言", "Languages", hint_zh="如 zh;en", hint_en="e.g. zh;en", width=12),
    Column("deadline", "截止日期", "Deadline", hint_zh="YYYY-MM-DD", hint_en="YYYY-MM-DD", width=14),
    Column(
        "public",
        "是否公开",
        "Public",
        hint_zh="否：仅组织方人工对接",
        hint_en="No: organizers match by hand",
        choices=YES,
    ),
    Column(
        "challenge", "是否张榜", "On the challenge board", hint_zh="是：发布到张榜", hint_en="Yes: 张榜", choices=YES
    ),
)
KIND_COLUMN = Column(
    "kind", "类别", "Kind", hint_zh="CSV 文件：项目合作/人才需求/人力资源服务", hint_en="CSV files only"
)
COLUMN_BY_KEY = {c.key: c for c in (*COLUMNS, KIND_COLUMN)}


def _norm(text: str) -> str:
    return re.sub(r"[\s*＊:：]+", "", str(text or "")).lower()


_BY_NAME: dict[str, str] = {}
for _c in (*COLUMNS, KIND_COLUMN):
    for _name in (_c.zh, _c.en, _c.key, _c.header):
        _BY_NAME[_norm(_name)] = _c.key


def column_for(header: object) -> str | None:
    """The key of the column a header cell names ("机构名称\\nOrganisation name *", "机构名称",
    "Organisation name (Chinese)" or "org_name"), or None."""
    text = str(header or "")
    for part in (text, *text.split("\n")):
        key = _BY_NAME.get(_norm(part))
        if key:
            return key
    return None


def kind_for_sheet(title: str) -> str | None:
    norm = _norm(title)
    for sheet in SHEETS:
        if norm in (_norm(sheet.zh), _norm(sheet.en), _norm(sheet.title), sheet.kind):
            return sheet.kind
    return None


def kind_for_value(value: str) -> str | None:
    """A kind cell of a CSV row: the key, or a sheet's Chinese or English name."""
    return kind_for_sheet(value)
