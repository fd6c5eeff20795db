"""The one i18n style: UI text through gettext and each app's catalogue, content through
accounts.i18n, refusals for clients of unknown language in both languages."""

from __future__ import annotations

import gettext
import json
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.i18n import Localized, bilingual, localized, pair, pick
from accounts.selectors import user_ref

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def po_entries(path: Path) -> list[dict[str, str]]:
    """The entries of a .po file (header left out): msgctxt, msgid, msgid_plural, msgstr
    (the first form of a plural)."""
    entries: list[dict[str, str]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            word, _space, rest = line.partition(" ")
            if not line.startswith('"'):
                key, line = ("msgstr" if word.startswith("msgstr") else word), rest
                if key in entry:  # msgstr[1] and on: the first form is enough here
                    key = None
                    continue
                entry[key] = ""
            if key is not None:
                entry[key] += json.loads(line)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def compiled_text(mo: gettext.GNUTranslations, entry: dict[str, str]) -> str:
    if "msgid_plural" in entry:
        return mo.ngettext(entry["msgid"], entry["msgid_plural"], 1)
    if "msgctxt" in entry:
        return mo.pgettext(entry["msgctxt"], entry["msgid"])
    return mo.gettext(entry["msgid"])


def test_every_app_catalogue_is_translated_and_compiled():
    assert {p.parts[-5] for p in CATALOGUES} >= {"frontend", "streams", "halls"}
    for path in CATALOGUES:
        entries = po_entries(path)
        assert entries, path
        assert [e["msgid"] for e in entries if not e["msgstr"]] == [], f"untranslated in {path}"
        with path.with_suffix(".mo").open("rb") as mo:
            compiled = gettext.GNUTranslations(mo)
        stale = [e["msgid"] for e in entries if compiled_text(compiled, e) != e["msgstr"]]
        assert stale == [], f"{path.with_suffix('.mo')} is older than its .po: run manage.py compilemessages"


def test_refusals_read_in_both_languages_from_the_catalogue():
    refusal = bilingual(_("You are not staff of this booth."))
    assert refusal == "You are not staff of this booth. 您不是该展位的工作人员。"
    message = bilingual(
        _("The %(what)s is %(size)s; the limit is %(limit)s."), what="poster", size="2 MB", limit="1 MB"
    )
    assert message.startswith("The poster is 2 MB; the limit is 1 MB. ") and "上限 1 MB" in message
    with translation.override("en"):  # the reader's language does not matter
        assert bilingual(_("Please log in first.")) == "Please log in first. 请先登录。"
    assert bilingual("Not in any catalogue.") == "Not in any catalogue."


class Named:
    display_name = Localized("name")

    def __init__(self, name: str, name_en: str) -> None:
        self.name, self.name_en = name, name_en


def test_content_is_picked_in_the_readers_language_with_a_chinese_fallback():
    with translation.override("en"):
        assert localized("展位", "Booth") == "Booth" and localized("展位", "") == "展位"
        assert Named("张", "Zhang").display_name == "Zhang" and Named("张", "").display_name == "张"
        assert pick(pair("展位", "")) == "展位" and pick({"zh": "展位", "en": "Booth"}) == "Booth"
    with translation.override("zh-hans"):
        assert localized("展位", "Booth") == "展位" and Named("张", "Zhang").display_name == "张"
        # English only (a job or posting written in English): the English, not an empty text.
        assert localized("", "Chip designer") == "Chip designer" and Named("", "Zhang").display_name == "Zhang"
    assert pair("展位", "") == {"zh": "展位", "en": "展位"}


@pytest.mark.django_db
def test_user_ref_names_people_by_their_public_name_and_guests_not_at_all(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    user = django_user_model.objects.create_user(username="u1", display_name="Ada", email="ada@example.org")
    assert user_ref(user) == {"id": user.pk, "name": "Ada"}
    assert user_ref(AnonymousUser()) is None and user_ref(None) is None


def test_the_content_editor_labels_come_from_the_catalogue_in_both_languages():
    from frontend.strings import content_editor_strings

    with translation.override("en"):
        english = content_editor_strings()
    with translation.override("zh-hans"):
        chinese = content_editor_strings()
    assert english["title"] == "Booth content" and chinese["title"] == "展位内容"
    assert [key for key in english if chinese[key] == english[key]] == []
