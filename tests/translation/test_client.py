"""The LibreTranslate client against a real HTTP server speaking LibreTranslate's API."""

from __future__ import annotations

import socket

import pytest

from translation.backends import TranslationError, get_backend
from translation.languages import guess, normalize
from translation.libretranslate import LibreTranslateBackend

pytestmark = pytest.mark.django_db


def libre(server, **options) -> LibreTranslateBackend:
    return LibreTranslateBackend(server.url, **options)


def test_a_list_of_texts_in_one_request_with_the_servers_code_for_chinese(libretranslate):
    answers = libre(libretranslate).translate(["人工智能芯片联合研发", "你好"], "zh", "en")
    assert [a.text for a in answers] == ["Joint research on AI chips", "[zh-Hans>en] 你好"]
    translate = libretranslate.paths("/translate")
    assert len(translate) == 1
    # /languages lists zh-Hans (LibreTranslate ≥ 1.6): the client uses that code, and JSON.
    assert translate[0] == {
        "q": ["人工智能芯片联合研发", "你好"],
        "source": "zh-Hans",
        "target": "en",
        "format": "text",
    }


def test_auto_source_reports_the_detected_languages(libretranslate):
    answers = libre(libretranslate).translate(["Bonjour à tous", "Привет"], "auto", "zh")
    assert [(a.text, a.detected) for a in answers] == [("大家好", "fr"), ("[ru>zh-Hans] Привет", "ru")]


def test_detect_and_languages(libretranslate):
    backend = libre(libretranslate)
    assert backend.detect("Bonjour à tous") == "fr"
    assert backend.detect("今天") == "zh"  # zh-Hans, as the site writes it
    assert "zh-Hans" in backend.languages()


def test_the_api_key_is_sent_and_a_wrong_one_is_refused(libretranslate):
    libretranslate.api_key = "s3cret"
    assert libre(libretranslate, api_key="s3cret").translate(["hello"], "en", "zh")[0].text == "[en>zh-Hans] hello"
    assert libretranslate.paths("/translate")[-1]["api_key"] == "s3cret"
    with pytest.raises(TranslationError, match="403: Invalid API key") as refused:
        libre(libretranslate, api_key="wrong").translate(["hello"], "en", "zh")
    assert not refused.value.transient  # a refusal, not an outage: no rest


@pytest.mark.parametrize(
    ("mode", "transient", "message"),
    [
        ("error500", True, "500"),
        ("busy", True, "429"),
        ("garbage", False, "not JSON"),
        ("html", False, "not JSON"),
        ("wrong_count", False, "translatedText"),
        ("no_field", False, "translatedText"),
    ],
)
def test_bad_answers_are_errors(libretranslate, mode, transient, message):
    libretranslate.mode = mode
    with pytest.raises(TranslationError, match=message) as failed:
        libre(libretranslate).translate(["one", "two"], "en", "zh")
    assert failed.value.transient is transient


def test_a_slow_server_times_out(libretranslate):
    libretranslate.mode, libretranslate.delay = "slow", 1.0
    with pytest.raises(TranslationError, match="unreachable") as failed:
        libre(libretranslate, timeout=0.2).translate(["one"], "en", "zh")
    assert failed.value.transient


def test_nobody_listening_is_transient():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TranslationError, match="unreachable") as failed:
        LibreTranslateBackend(f"http://127.0.0.1:{port}", timeout=1).translate(["x"], "en", "zh")
    assert failed.value.transient


def test_over_the_servers_char_limit_is_a_refusal(libretranslate):
    libretranslate.char_limit = 10
    with pytest.raises(TranslationError, match=r"400: .*exceeds text limit") as refused:
        libre(libretranslate).translate(["a text longer than ten"], "en", "zh")
    assert not refused.value.transient


def test_configuration(settings):
    settings.TRANSLATION_URL = ""
    assert get_backend() is None
    settings.TRANSLATION_URL = "http://127.0.0.1:5000/"
    backend = get_backend()
    assert isinstance(backend, LibreTranslateBackend) and backend.url == "http://127.0.0.1:5000"
    settings.TRANSLATION_BACKEND = ""
    assert get_backend() is None
    with pytest.raises(ValueError, match="http"):
        LibreTranslateBackend("file:///etc/passwd")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("人工智能芯片联合研发", "zh"),
        ("我们需要 AI 和 GPU 工程师", "zh"),
        ("We need AI engineers", "en"),
        ("Bonjour à tous", None),
        ("Привет", None),
        ("12345 !!", None),
        ("", None),
    ],
)
def test_guess_from_the_script(text, language):
    assert guess(text) == language


def test_normalize():
    assert [normalize(c) for c in ("zh-Hans", "zh_CN", "EN-gb", "fr", None, "", "../x", "zh-")] == [
        "zh",
        "zh",
        "en",
        "fr",
        "",
        "",
        "",
        "zh",
    ]


def test_check_translation_command(backend, settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("check_translation", stdout=out)
    assert "人工智能芯片联合研发 → Joint research on AI chips" in out.getvalue()
    backend.mode = "error500"
    with pytest.raises(CommandError, match="500"):
        call_command("check_translation")
    settings.TRANSLATION_URL = ""
    with pytest.raises(CommandError, match="No translation backend"):
        call_command("check_translation")


def test_status_api(backend, settings, client):
    assert client.get("/api/translation").json() == {
        "configured": True,
        "available": True,
        "backend": "libretranslate",
        "reader_languages": ["zh", "en"],
    }
    backend.mode = "error500"
    from translation.selectors import for_reader

    assert for_reader("人工智能", reader_lang="en").reason == "unavailable"
    assert client.get("/api/translation").json()["available"] is False
    settings.TRANSLATION_URL = ""
    assert client.get("/api/translation").json()["configured"] is False
