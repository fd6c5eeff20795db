"""Checks of an organisation's identity: the 统一社会信用代码 (GB 32100-2015) and the one
refusal shape that blames a field (accounts.organisations re-exports these)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A refusal that blames one field and keeps its code (the API's `code`)."""
    return ValidationError({field: ValidationError(message, code=code)})


# ---- 统一社会信用代码 (GB 32100-2015) ---------------------------------------------------------
# 18 characters from 31 (digits and capitals without I, O, S, V, Z): registering authority,
# entity type, 6-digit administrative division, 9-character organisation code, check character.
CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3**i mod 31
AUTHORITIES = "123456789ANY"


def credit_code_check_character(first17: str) -> str:
    total = sum(CODE_ALPHABET.index(c) * w for c, w in zip(first17, CODE_WEIGHTS, strict=True))
    return CODE_ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    return re.sub(r"[\s-]", "", str(value or "")).upper()


def validate_credit_code(value: str) -> str:
    """The normalized code, or ValidationError(code="credit_code_invalid") saying what is wrong."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            bilingual(_("A unified social credit code has 18 characters.")), code="credit_code_invalid"
        )
    wrong = sorted({c for c in code if c not in CODE_ALPHABET})
    if wrong:
        raise ValidationError(
            bilingual(_("A unified social credit code cannot contain %(chars)s."), chars=" ".join(wrong)),
            code="credit_code_invalid",
        )
    if code[0] not in AUTHORITIES or not code[2:8].isdigit():
        raise ValidationError(
            bilingual(_("This is not a unified social credit code (authority or region is wrong).")),
            code="credit_code_invalid",
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError(
            bilingual(_("The check character of this unified social credit code is wrong: please check it.")),
            code="credit_code_invalid",
        )
    return code
