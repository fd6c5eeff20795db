import pytest

from live.models import Room


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "chat", "login"), [("zh-CN,zh;q=0.9", "聊天", "登录后发言"), ("en", "Chat", "Log in to post")]
)
def test_room_page_speaks_the_visitors_language(client, language, chat, login):
    Room.objects.create(slug="stage", name="Stage", kind="stage", allow_guests=True)
    page = client.get("/rooms/stage/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert chat in page and login in page
