"""The display rule (translation.selectors) with the LibreTranslate double as the backend:
own versions first, machine translations cached once and labelled, originals with a notice
when there is no backend, it is down or it answers nonsense."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from translation.backends import get_backend
from translation.models import CachedTranslation
from translation.selectors import Text, for_reader, for_reader_many, shown_fields
from translation.services import detect_language, forget

pytestmark = pytest.mark.django_db

TITLE_ZH = "人工智能芯片联合研发"
TITLE_EN = "Joint research on AI chips"


def test_the_authors_own_second_language_comes_first(backend):
    shown = for_reader(original=TITLE_ZH, own={"zh": TITLE_ZH, "en": "Our own English title"}, reader_lang="en")
    assert (shown.text, shown.lang, shown.source, shown.notice) == ("Our own English title", "en", "own", "")
    assert shown.original == TITLE_ZH
    # The original in the reader's language needs nothing either.
    chinese = for_reader(original=TITLE_ZH, own={"en": "Our own English title"}, reader_lang="zh")
    assert (chinese.text, chinese.source, chinese.notice) == (TITLE_ZH, "original", "")
    assert backend.paths("/translate") == []


def test_machine_translation_is_labelled_and_cached_once(backend):
    first = for_reader(original=TITLE_ZH, own={"en": ""}, reader_lang="en")
    assert (first.text, first.lang, first.source, first.original, first.original_lang) == (
        TITLE_EN,
        "en",
        "machine",
        TITLE_ZH,
        "zh",
    )
    assert first.notice == "Machine-translated from Chinese."
    assert for_reader(original=TITLE_EN, reader_lang="zh").notice == "机器翻译自英语。"
    # Again, and as another process would (no backend object, no shared cache): the stored row.
    get_backend.cache_clear()
    cache.clear()
    again = for_reader(original=TITLE_ZH, reader_lang="en")
    assert again == first
    assert [fields["q"] for fields in backend.paths("/translate")] == [[TITLE_ZH], [TITLE_EN]]
    assert CachedTranslation.objects.count() == 2


def test_a_page_of_messages_is_one_round_trip(backend):
    messages = [f"第{n}条消息" for n in range(40)] + ["Already English", "第1条消息"]
    shown = for_reader_many([Text(text) for text in messages], reader_lang="en")
    assert [s.source for s in shown] == ["machine"] * 40 + ["original", "machine"]
    assert shown[1].text == shown[41].text == "[zh-Hans>en] 第1条消息"
    requests = backend.paths("/translate")
    # 40 distinct Chinese texts: two requests of at most 32 (LibreTranslate's batch limit),
    # the duplicate and the English one not sent at all.
    assert sorted(len(r["q"]) for r in requests) == [8, 32]  # sent concurrently: either first
    # The next page view asks nothing.
    for_reader_many([{"original": text} for text in messages], reader_lang="en")
    assert len(backend.paths("/translate")) == 2


def test_unknown_scripts_are_detected_by_the_backend(backend):
    shown = for_reader(original="Bonjour à tous", reader_lang="zh")
    assert (shown.text, shown.source, shown.original_lang) == ("大家好", "machine", "fr")
    assert shown.notice == "机器翻译自法语。"
    assert backend.paths("/translate")[0]["source"] == "auto"
    assert detect_language("Привет") == "ru"
    assert detect_language("你好") == "zh" and len(backend.paths("/detect")) == 1


def test_no_backend_configured_shows_the_original_and_says_so(no_backend):
    shown = for_reader(original=TITLE_ZH, reader_lang="en")
    assert (shown.text, shown.source, shown.reason) == (TITLE_ZH, "original", "not_configured")
    assert shown.notice == "Shown as written: machine translation is not set up on this site."
    assert for_reader(original=TITLE_EN, reader_lang="zh").notice == "按原文显示：本站未配置机器翻译。"
    # The own version still comes first.
    assert for_reader(original=TITLE_ZH, own={"en": TITLE_EN}, reader_lang="en").source == "own"


def test_backend_down_shows_the_original_and_rests_the_backend(backend):
    backend.mode = "error500"
    shown = for_reader(original=TITLE_ZH, reader_lang="en")
    assert (shown.text, shown.source, shown.reason) == (TITLE_ZH, "original", "unavailable")
    assert shown.notice == "Shown as written: machine translation is unavailable right now."
    # Resting: the next texts do not wait for the failing service, and nothing was stored.
    for_reader_many([Text("第二条"), Text("第三条")], reader_lang="en")
    assert len(backend.paths("/translate")) == 1
    assert CachedTranslation.objects.count() == 0
    # Back after the rest: translated and stored.
    backend.mode = "ok"
    cache.clear()
    assert for_reader(original=TITLE_ZH, reader_lang="en").source == "machine"


def test_a_stopped_server_is_the_same(backend):
    backend.stop()
    shown = for_reader(original=TITLE_ZH, reader_lang="zh-hans")
    assert (shown.source, shown.reason) == ("original", "")  # Chinese for a Chinese reader: no backend needed
    english = for_reader(original=TITLE_EN, reader_lang="zh")
    assert (english.text, english.reason, english.notice) == (
        TITLE_EN,
        "unavailable",
        "按原文显示：机器翻译暂时不可用。",
    )


def test_bad_answers_show_the_original_and_are_tried_again(backend):
    backend.mode = "garbage"
    assert for_reader(original=TITLE_ZH, reader_lang="en").reason == "unavailable"
    backend.mode = "wrong_count"
    assert [s.reason for s in for_reader_many([Text("一"), Text("二")], reader_lang="en")] == ["unavailable"] * 2
    # Nonsense is not an outage: no rest, nothing stored, the next view asks again.
    backend.mode = "ok"
    assert for_reader(original=TITLE_ZH, reader_lang="en").text == TITLE_EN
    assert len(backend.paths("/translate")) == 3


def test_too_long_texts_are_shown_as_written(backend, settings):
    settings.TRANSLATION_MAX_CHARS = 20
    shown = for_reader(original="很长的文字" * 10, reader_lang="en")
    assert (shown.source, shown.reason) == ("original", "too_long")
    assert backend.paths("/translate") == []


def test_an_english_only_posting_copied_into_both_fields_is_translated_for_chinese_readers(backend):
    shown = for_reader(original=TITLE_EN, own={"zh": TITLE_EN, "en": TITLE_EN}, reader_lang="zh")
    assert (shown.text, shown.source, shown.original_lang) == (TITLE_ZH, "machine", "en")


def test_forget_deletes_the_stored_translations(backend):
    for_reader_many([Text(TITLE_ZH), Text("Bonjour à tous")], reader_lang="en")
    assert CachedTranslation.objects.count() == 2
    assert forget([TITLE_ZH, "Bonjour à tous"]) == 2
    assert CachedTranslation.objects.count() == 0


@hypothesis_settings(max_examples=60, deadline=None, derandomize=True)
@given(
    original=st.text(max_size=200),
    own_en=st.text(max_size=50),
    reader=st.sampled_from(["zh", "en", "fr", "", "x" * 30]),
)
def test_any_text_gets_a_display_without_a_backend(original, own_en, reader):
    from django.test import override_settings

    with override_settings(TRANSLATION_URL=""):
        shown = for_reader(original=original, own={"en": own_en}, reader_lang=reader)
    assert shown.text in (original, own_en)
    assert shown.source in ("own", "original")


def test_shown_fields_for_json_answers(backend):
    from types import SimpleNamespace

    postings = [
        SimpleNamespace(title=TITLE_ZH, title_en="", body="正文", body_en="Body in English"),
        SimpleNamespace(title=TITLE_EN, title_en=TITLE_EN, body="Text", body_en=""),
    ]
    first, second = shown_fields(postings, ("title", "body"), reader_lang="en")
    assert first["title_shown"]["text"] == TITLE_EN and first["title_shown"]["source"] == "machine"
    assert first["body_shown"] == {
        "text": "Body in English",
        "lang": "en",
        "source": "own",
        "original": "正文",
        "original_lang": "zh",
        "reason": "",
        "notice": "",
    }
    assert second["title_shown"]["source"] == second["body_shown"]["source"] == "original"
    assert [r["q"] for r in backend.paths("/translate")] == [[TITLE_ZH]]
