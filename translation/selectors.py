"""The display rule for user texts, as the pages and JSON APIs of other apps call it:

1. the author's own version in the reader's language (their second language) when it exists;
2. else the original, when it is already in the reader's language;
3. else a machine translation through the backend (cached), labelled, the original kept
   beside it (`original`: one click away on pages, a field in APIs);
4. else (no backend, backend down, text too long) the original, with a notice saying so.

    for_reader(original=p.title, own={"en": p.title_en}, reader_lang="en")
    → Shown(text=..., lang="en", source="own" | "machine" | "original", original=..., notice=...)

`for_reader_many` does a page's texts at once: one cache query, one backend round trip per
(source, target) pair (a few concurrently), instead of one per text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from django.utils import translation as django_translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import i18n
from translation.languages import READER_LANGUAGES, guess, normalize
from translation.services import Outcome, translate_many

Source = Literal["own", "machine", "original"]

LANGUAGE_NAMES = {"zh": pgettext_lazy("language", "Chinese"), "en": pgettext_lazy("language", "English")}
MACHINE = _("Machine-translated from %(language)s.")
NOTICES = {
    "not_configured": _("Shown as written: machine translation is not set up on this site."),
    "unavailable": _("Shown as written: machine translation is unavailable right now."),
    "too_long": _("Shown as written: too long for machine translation."),
}
DJANGO_CODES = {"zh": "zh-hans", "en": "en"}


@dataclass(frozen=True)
class Shown:
    """A text as one reader gets it."""

    text: str
    lang: str  # the language of `text` ("" unknown)
    source: Source
    original: str
    original_lang: str
    # Why the original is shown to a reader of another language: "not_configured",
    # "unavailable", "too_long"; "" otherwise.
    reason: str = ""
    # For the reader, in their language: "Machine-translated from Chinese." or why the
    # original is shown; "" when there is nothing to say.
    notice: str = ""

    @property
    def machine(self) -> bool:
        return self.source == "machine"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Text:
    """One text of a page: what `for_reader` takes, for `for_reader_many`."""

    original: str
    own: Mapping[str, str] | None = None
    original_lang: str = ""


def reader_language(reader_lang: str | None = None) -> str:
    code = normalize(reader_lang)
    return code if code in READER_LANGUAGES else i18n.language()


def for_reader(
    original: str,
    own: Mapping[str, str] | None = None,
    reader_lang: str | None = None,
    original_lang: str = "",
) -> Shown:
    """`original`: the text as the author first wrote it; `own`: the author's versions by
    language (`{"zh": title, "en": title_en}`; empty ones are ignored); `original_lang` when
    the caller knows it (else it is told from the script, or by the backend)."""
    return for_reader_many([Text(original, own, original_lang)], reader_lang)[0]


def for_reader_many(texts: Sequence[Text | Mapping[str, Any]], reader_lang: str | None = None) -> list[Shown]:
    reader = reader_language(reader_lang)
    items = [t if isinstance(t, Text) else Text(**t) for t in texts]
    shown: list[Shown | None] = []
    wanted: list[tuple[int, str, str]] = []  # (index, text, source) for the backend
    for index, item in enumerate(items):
        decided, source = _decide(item, reader)
        shown.append(decided)
        if decided is None:
            wanted.append((index, item.original, source))
    if wanted:
        outcomes = translate_many([(text, source, reader) for _index, text, source in wanted])
        for (index, _text, source), outcome in zip(wanted, outcomes, strict=True):
            shown[index] = _from_outcome(items[index], source, reader, outcome)
    return [s for s in shown if s is not None]


def _decide(item: Text, reader: str) -> tuple[Shown | None, str]:
    """The Shown when no backend is needed; else None and the source language to ask with."""
    original = item.original or ""
    own = {normalize(lang): text for lang, text in (item.own or {}).items() if text and text.strip()}
    # A version equal to the original is the original (an English-only posting copies its
    # English into both fields): its language is the original's, not the key it sits under.
    own = {lang: text for lang, text in own.items() if text != original}
    original_lang = normalize(item.original_lang) or guess(original) or ""
    if not original.strip():
        if own.get(reader):
            return Shown(own[reader], reader, "own", original, original_lang), ""
        return Shown(original, original_lang, "original", original, original_lang), ""
    if original_lang == reader:
        return Shown(original, reader, "original", original, original_lang), ""
    if own.get(reader):
        return Shown(own[reader], reader, "own", original, original_lang), ""
    return None, original_lang or "auto"


def _from_outcome(item: Text, source: str, reader: str, outcome: Outcome) -> Shown:
    original = item.original
    original_lang = source if source != "auto" else normalize(outcome.detected)
    with django_translation.override(DJANGO_CODES[reader]):
        if outcome.status != "ok":
            return Shown(
                original,
                original_lang,
                "original",
                original,
                original_lang,
                outcome.status,
                str(NOTICES[outcome.status]),
            )
        if original_lang == reader or outcome.text == original:
            # The backend says it was the reader's language all along: nothing to label.
            return Shown(original, original_lang or reader, "original", original, original_lang)
        return Shown(
            outcome.text,
            reader,
            "machine",
            original,
            original_lang,
            "",
            str(MACHINE) % {"language": language_name(original_lang)},
        )


def _value(obj: Any, path: str) -> str:
    """`obj.a.b` (or `obj["a"]["b"]` for the dicts an API builds); "" when missing."""
    for name in path.split("."):
        obj = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
        if obj is None:
            return ""
    return obj if isinstance(obj, str) else str(obj)


def _text(obj: Any, field: str) -> Text:
    return Text(_value(obj, field), {"en": _value(obj, f"{field}_en")})


def for_objects(objects: Sequence[Any], field: str, reader_lang: str | None = None) -> list[Shown]:
    """`field` of each object (or dict; a dotted path: "challenge.posting.title") as the reader
    gets it, the model convention being `field` (the first language) and `field_en` (the
    author's English, may be empty), as matchmaking's postings have it; objects without
    `field_en` (messages, proposals) have only the original."""
    return for_reader_many([_text(obj, field) for obj in objects], reader_lang)


def shown_fields(
    objects: Sequence[Any], fields: Sequence[str] = ("title", "body"), reader_lang: str | None = None
) -> list[dict[str, dict[str, Any]]]:
    """For JSON answers: `{"<field>_shown": Shown.as_dict(), ...}` per object (or dict), every
    field of every object in one batch (`out.update(extra)` beside the object's own fields)."""
    shown = iter(for_reader_many([_text(obj, field) for obj in objects for field in fields], reader_lang))
    return [{f"{field.rsplit('.', 1)[-1]}_shown": next(shown).as_dict() for field in fields} for _obj in objects]


def add_shown(items: Sequence[dict[str, Any]], fields: Sequence[str], reader_lang: str | None = None) -> None:
    """Add `<field>_shown` to each dict of a JSON answer that has `field` (and maybe
    `field_en`): `add_shown(out["proposal_list"], ("text", "team", "timeline"))`."""
    for item, extra in zip(items, shown_fields(items, fields, reader_lang), strict=True):
        item.update(extra)


def language_name(code: str) -> str:
    """A language's name in the active language ("" unknown → "another language")."""
    if code in LANGUAGE_NAMES:
        return str(LANGUAGE_NAMES[code])
    try:
        return django_translation.get_language_info(code)["name_translated"]
    except KeyError:
        return str(_("another language"))
