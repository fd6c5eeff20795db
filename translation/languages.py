"""Which language a text is in, told from its script where that is enough.

The site reads in Chinese and English (accounts.i18n), so most texts need only "is this
Chinese": the share of CJK ideographs among a text's letters decides it without a round
trip. A text in Latin letters with no accents is taken as English; anything else (Cyrillic,
accented Latin, Arabic, ...) is left to the backend (`/detect`, or `source=auto`).
"""

from __future__ import annotations

import unicodedata

# Codes as the site writes them; a backend maps them to its own (zh-Hans, zh, ...).
ZH = "zh"
EN = "en"
READER_LANGUAGES = (ZH, EN)

# Above this share of CJK letters among the letters a text is Chinese: names, numbers and
# product names in Latin letters inside a Chinese sentence do not make it English.
CJK_SHARE = 0.3


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= code <= 0x4DBF  # extension A
        or 0x20000 <= code <= 0x2FA1F  # extensions B-F, compatibility supplement
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
    )


def guess(text: str) -> str | None:
    """ "zh", "en", or None when the script does not tell (or the text has no letters)."""
    letters = cjk = ascii_letters = 0
    for char in text:
        if _is_cjk(char):
            letters += 1
            cjk += 1
        elif char.isalpha():
            letters += 1
            if char.isascii():
                ascii_letters += 1
    if not letters:
        return None
    if cjk / letters >= CJK_SHARE:
        return ZH
    return EN if ascii_letters == letters - cjk else None


def normalize(code: str | None) -> str:
    """A backend's or a browser's code as the site writes it: zh-Hans, zh_CN, zh-cn -> "zh";
    en-GB -> "en"; anything else lower-cased, its region dropped ("" for nothing)."""
    if not code:
        return ""
    base = unicodedata.normalize("NFKC", str(code)).strip().lower().replace("_", "-").split("-")[0]
    return base if base.isascii() and base.isalpha() and len(base) <= 8 else ""
