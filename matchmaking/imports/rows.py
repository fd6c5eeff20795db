"""One row of the 征集表 checked on its own: every problem named with its column, in Chinese
and English. What needs the database (an organisation's name taken by another, a posting
reference twice) is checked in apply.py, with the same RowError."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.countries import LANGUAGE_NAMES
from accounts.models import Organisation
from accounts.organisations import validate_credit_code
from accounts.text import clean_text
from matchmaking.imports.columns import COLUMN_BY_KEY, ORG_KINDS_ZH, SUBKINDS_ZH, kind_for_value
from matchmaking.imports.reader import RawRow

MAX = {
    "org_name": 200,
    "org_name_en": 200,
    "contact_name": 80,
    "contact_phone": 40,
    "reference": 64,
    "title": 200,
    "title_en": 200,
    "body": 10_000,
    "body_en": 10_000,
    "province": 100,
    "city": 100,
    "budget": 200,
    "terms": 2000,
    "registration": 64,
}
TRUE = {"是", "y", "yes", "true", "1", "x", "√", "✓"}
FALSE = {"否", "n", "no", "false", "0", ""}
SPLIT = re.compile(r"[;；,，、\n]+")


@dataclass(frozen=True)
class RowError:
    column: str  # a column key, "" for the row as a whole
    code: str
    message: Promise
    params: dict = field(default_factory=dict)

    def texts(self) -> tuple[str, str]:
        """(Chinese, English), the column's name first."""
        out = []
        for language in ("zh-hans", "en"):
            with translation.override(language):
                text = str(self.message) % self.params if self.params else str(self.message)
                column = COLUMN_BY_KEY.get(self.column)
                if column is not None:
                    text = f"{column.label(language == 'en')}: {text}"
                out.append(text)
        return out[0], out[1]


@dataclass
class CleanRow:
    kind: str
    org: dict
    contact: dict
    posting: dict
    field_names: list[str]
    public: bool
    challenge: bool


def _bool(value: str, column: str, errors: list[RowError], default: bool) -> bool:
    text = value.strip().lower()
    if not text:
        return default
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    errors.append(
        RowError(column, "invalid_choice", _("write 是 or 否 (yes or no), not “%(value)s”."), {"value": value})
    )
    return default


def check_row(raw: RawRow, default_kind: str, today: dt.date) -> tuple[CleanRow | None, list[RowError]]:
    errors: list[RowError] = []
    v = {key: clean_text(value, multiline=key in ("body", "body_en")) for key, value in raw.values.items()}
    for key, limit in MAX.items():
        if len(v.get(key, "")) > limit:
            errors.append(RowError(key, "too_long", _("at most %(limit)s characters."), {"limit": limit}))
    kind = raw.sheet.kind if raw.sheet.kind not in (None, "?") else None
    if kind is None:
        if v.get("kind"):
            kind = kind_for_value(v["kind"])
            if kind is None:
                errors.append(
                    RowError("kind", "invalid_choice", _("not a kind of posting: “%(value)s”."), {"value": v["kind"]})
                )
        elif default_kind:
            kind = default_kind
        else:
            errors.append(RowError("kind", "required", _("required (项目合作, 人才需求 or 人力资源服务).")))
    for key in ("org_name", "contact_name", "contact_email", "reference"):
        if not v.get(key):
            errors.append(RowError(key, "required", _("required.")))
    if not v.get("title") and not v.get("title_en"):
        errors.append(RowError("title", "required", _("a Chinese or an English title is required.")))
    if v.get("reference") and not re.fullmatch(r"[\w.\-/]+", v["reference"]):
        errors.append(RowError("reference", "invalid", _("letters, digits, - . / and _ only.")))
    email = v.get("contact_email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                RowError("contact_email", "invalid", _("not a valid e-mail address: “%(value)s”."), {"value": email})
            )
    phone = v.get("contact_phone", "")
    if phone and not re.fullmatch(r"\+?[0-9 ()-]{5,30}", phone):
        errors.append(RowError("contact_phone", "invalid", _("digits, spaces, + and - only.")))
    country = (v.get("country") or "CN").upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        errors.append(RowError("country", "invalid", _("a two-letter code such as CN or DE.")))
    org_kind = Organisation.Kind.FOREIGN if country != "CN" else Organisation.Kind.ENTERPRISE
    if v.get("org_kind"):
        org_kind = ORG_KINDS_ZH.get(v["org_kind"]) or (
            v["org_kind"].lower() if v["org_kind"].lower() in Organisation.Kind.values else ""
        )
        if not org_kind:
            errors.append(
                RowError(
                    "org_kind",
                    "invalid_choice",
                    _("choose one of the list: “%(value)s” is not."),
                    {"value": v["org_kind"]},
                )
            )
    credit_code = registration_number = ""
    registration = v.get("registration", "")
    if registration and country == "CN":
        try:
            credit_code = validate_credit_code(registration)
        except ValidationError:
            errors.append(
                RowError(
                    "registration",
                    "credit_code_invalid",
                    _("not a valid unified social credit code (18 characters, check character)."),
                )
            )
    elif registration:
        registration_number = registration
    deadline = None
    if v.get("deadline"):
        try:
            deadline = dt.date.fromisoformat(v["deadline"].replace("/", "-")[:10])
        except ValueError:
            errors.append(
                RowError(
                    "deadline", "invalid_date", _("a date as YYYY-MM-DD, not “%(value)s”."), {"value": v["deadline"]}
                )
            )
        else:
            if deadline < today:
                errors.append(
                    RowError("deadline", "deadline_passed", _("%(value)s has passed."), {"value": deadline.isoformat()})
                )
    languages = []
    for code in (c.strip().lower() for c in SPLIT.split(v.get("languages", "")) if c.strip()):
        if code not in LANGUAGE_NAMES:
            errors.append(
                RowError(
                    "languages",
                    "invalid_choice",
                    _("unknown language code “%(value)s” (zh, en, de…)."),
                    {"value": code},
                )
            )
        elif code not in languages:
            languages.append(code)
    public = _bool(v.get("public", ""), "public", errors, True)
    challenge = _bool(v.get("challenge", ""), "challenge", errors, False)
    subkind = ""
    if v.get("subkind"):
        subkind = SUBKINDS_ZH.get(v["subkind"]) or (v["subkind"] if v["subkind"] in SUBKINDS_ZH.values() else "")
        if not subkind:
            errors.append(
                RowError(
                    "subkind",
                    "invalid_choice",
                    _("choose one of the list: “%(value)s” is not."),
                    {"value": v["subkind"]},
                )
            )
        elif kind and kind != "project_cooperation":
            errors.append(
                RowError("subkind", "subkind_not_allowed", _("only project cooperation postings have a subkind."))
            )
    if challenge and not public:
        errors.append(RowError("challenge", "not_public", _("a challenge is public: it cannot also be non-public.")))
    if challenge and deadline is None and not any(e.column == "deadline" for e in errors):
        errors.append(RowError("deadline", "required", _("a challenge needs a deadline.")))
    if errors:
        return None, errors
    row = CleanRow(
        kind=kind or "",
        org={
            "name": v["org_name"],
            "name_en": v.get("org_name_en", ""),
            "kind": org_kind,
            "country": country,
            "credit_code": credit_code,
            "registration_number": registration_number,
            "contact_name": v["contact_name"],
            "contact_email": email,
            "contact_phone": phone,
        },
        contact={"email": email, "name": v["contact_name"]},
        posting={
            "reference": v["reference"],
            # An English-only posting keeps its English title in `title` too (mm-core's rule).
            "title": v.get("title") or v.get("title_en", ""),
            "title_en": v.get("title_en", ""),
            "body": v.get("body", ""),
            "body_en": v.get("body_en", ""),
            "subkind": subkind,
            "province": v.get("province", ""),
            "city": v.get("city", ""),
            "budget": v.get("budget", ""),
            "terms": v.get("terms", ""),
            "languages": languages
            or (["zh", "en"] if v.get("title") and v.get("title_en") else ["en"] if not v.get("title") else ["zh"]),
            "deadline": deadline,
            "country": country,
        },
        field_names=[n.strip() for n in SPLIT.split(v.get("fields", "")) if n.strip()],
        public=public,
        challenge=challenge,
    )
    return row, []
