import json

import pytest
from django.utils import translation

from frontend.strings import room_strings
from live.models import Room


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "chat", "login"), [("zh-CN,zh;q=0.9", "聊天", "登录后发言"), ("en", "Chat", "Log in to post")]
)
def test_room_page_speaks_the_visitors_language(client, language, chat, login):
    Room.objects.create(slug="stage", name="Stage", kind="stage", allow_guests=True)
    page = client.get("/rooms/stage/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert chat in page and login in page


def room_strings_of(page: str) -> dict[str, str]:
    start = page.index('<script id="room-strings" type="application/json">') + len(
        '<script id="room-strings" type="application/json">'
    )
    return json.loads(page[start : page.index("</script>", start)])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "zh-CN,zh;q=0.9",
            {"status_reconnecting": "正在重新连接…", "upvote": "▲ 点赞", "too_many_people": "人数过多，不逐一列出。"},
        ),
        (
            "en",
            {
                "status_reconnecting": "reconnecting…",
                "upvote": "▲ Upvote",
                "too_many_people": "Too many people to list.",
            },
        ),
    ],
)
def test_room_page_hands_its_strings_over_in_the_visitors_language(client, language, expected):
    Room.objects.create(slug="stage", name="Stage", kind="stage", allow_guests=True)
    page = client.get("/rooms/stage/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    strings = room_strings_of(page)
    assert set(strings) == set(room_strings())
    for key, text in expected.items():
        assert strings[key] == text


@pytest.mark.django_db
def test_every_room_string_has_a_chinese_translation():
    with translation.override("en"):
        english = room_strings()
    with translation.override("zh-hans"):
        chinese = room_strings()
    untranslated = [key for key in english if chinese[key] == english[key]]
    assert untranslated == []
