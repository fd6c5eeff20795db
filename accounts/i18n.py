"""Content in two languages: which one the reader gets.

Content (names, titles, descriptions of events, sessions, booths, ...) is stored twice: the
Chinese text in `field` and the English one in `field_en`, which may be empty. Pages and
APIs choose between the two through these helpers only, so "is English active" and "fall
back to Chinese when there is no English" are decided in one place.

UI text (labels, messages) is not content: it is written once, in English, inside gettext
(`_()`), and translated in each app's `locale/zh_Hans/LC_MESSAGES/django.po` (the compiled
`.mo` is committed next to it; `manage.py compilemessages` after editing). Pages speak the
reader's language. Refusals that reach API clients, sockets and scripts, whose language is
not known, are rendered in both through `bilingual()`: "Not found. 未找到。".

The active language is Django's (LocaleMiddleware: the language cookie, else the browser's
Accept-Language); anything that is not English reads Chinese, the conference's language.
"""

from __future__ import annotations

from typing import Any, Literal

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import get_language

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")


def english_active() -> bool:
    return (get_language() or "").startswith("en")


def language() -> Language:
    """ "en" or "zh": which of a `{zh, en}` pair the reader gets."""
    return "en" if english_active() else "zh"


def localized(zh: str, en: str) -> str:
    """The text in the reader's language: the English one when English is active and set;
    otherwise the Chinese one, or the English one when only that exists (an English-only job
    or posting must not show an empty title to a Chinese reader)."""
    return en if en and english_active() else (zh or en)


def other_language(zh: str, en: str) -> str:
    """The text in the language the reader does not read (shown beside it as a second name)."""
    return zh if english_active() else en


def pair(zh: str, en: str) -> dict[str, str]:
    """Both texts for a client that picks itself (scene descriptors, booth content): the
    English one falls back to the Chinese when empty."""
    return {"zh": zh, "en": en or zh}


def pick(names: dict[str, str] | str | None) -> str:
    """One text out of a `pair()` (or a plain string, as it is)."""
    if not isinstance(names, dict):
        return names or ""
    return localized(names.get("zh") or "", names.get("en") or "")


def bilingual(message: str | Promise, **params: Any) -> str:
    """A message (a `gettext_lazy` text with `%(name)s` placeholders) in English, then in
    Chinese from the catalogues; once only when it has no translation."""
    texts = []
    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            text = str(message)
            texts.append(text % params if params else text)
    english, chinese = texts
    return english if chinese == english else f"{english} {chinese}"


class Localized:
    """A read-only attribute giving `localized(obj.<field>, obj.<field>_en)`, for models and
    the dataclasses read from them alike: `display_title = Localized("title")`."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return localized(getattr(obj, self.field), getattr(obj, f"{self.field}_en"))
