"""How booth statistics count visitors (issue 11, item 9: 30 guest sockets were 30 unique
visitors): guests by browser session, sockets without a session not at all, and visits that
ended sooner than settings.HALLS_MIN_VISIT_SECONDS left out; the answer says so."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client as DjangoClient
from django.utils import timezone

from halls import selectors, services
from halls.models import BoothVisit
from tests.halls.test_booth_room import wait_for

# What a browser sends from a page of the site itself: its Host and the same Origin.
HOST = (b"host", b"127.0.0.1:8000")
ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def guest_session_cookie(booth_id: int) -> str:
    """A guest's browser session as the booth page gives it."""
    browser = DjangoClient()
    assert browser.get(f"/exhibition/booths/{booth_id}/").status_code == 200
    return f"{django_settings.SESSION_COOKIE_NAME}={browser.cookies[django_settings.SESSION_COOKIE_NAME].value}"


async def guest_socket(headers: list[tuple[bytes, bytes]], room: str) -> WebsocketCommunicator:
    from config.asgi import application

    socket = WebsocketCommunicator(application, "/ws/", headers=[HOST, *headers])
    connected, _ = await socket.connect()
    assert connected
    assert (await socket.receive_json_from())["type"] == "hello"
    await socket.send_json_to({"type": "room.join", "ref": "j", "room": room})
    while (frame := await socket.receive_json_from(timeout=5)).get("ref") != "j":
        pass  # presence and other room frames
    assert frame["type"] == "ack", frame
    return socket


@pytest.mark.django_db(transaction=True)
async def test_many_guest_sockets_of_one_session_are_one_visitor(booth_b, staff_b, settings):
    settings.HALLS_MIN_VISIT_SECONDS = 0  # these stays are short; only sessions matter here
    room = await database_sync_to_async(lambda: booth_b.room.slug)()
    cookie = await database_sync_to_async(guest_session_cookie)(booth_b.pk)
    other = await database_sync_to_async(guest_session_cookie)(booth_b.pk)
    same_browser = [await guest_socket([ORIGIN, (b"cookie", cookie.encode())], room) for _ in range(12)]
    second_browser = await guest_socket([ORIGIN, (b"cookie", other.encode())], room)
    no_cookie = [await guest_socket([], room) for _ in range(5)]  # a script: no session of ours
    forged = await guest_socket(
        [ORIGIN, (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}=madeup12345".encode())], room
    )
    assert await wait_for(lambda: BoothVisit.objects.filter(booth=booth_b).count() == 13)
    for socket in [*same_browser, second_browser, *no_cookie, forged]:
        await socket.disconnect()
    assert await wait_for(lambda: not BoothVisit.objects.filter(booth=booth_b, left_at__isnull=True).exists())
    await asyncio.sleep(0.2)  # the cookieless sockets' hooks have had their turn too

    stats = await database_sync_to_async(lambda: selectors.booth_statistics(user=staff_b, booth=booth_b))()
    assert stats["unique_visitors"] == 2
    assert stats["visits"] == 13
    # No session key is stored as it was sent (it is a credential).
    keys = await database_sync_to_async(lambda: set(BoothVisit.objects.values_list("session_key", flat=True)))()
    assert len(keys) == 2 and not any(cookie.endswith(key) or other.endswith(key) for key in keys)


@pytest.mark.django_db
def test_a_visit_shorter_than_the_setting_does_not_count(client, booth_b, staff_b, visitor, settings):
    settings.HALLS_MIN_VISIT_SECONDS = 10
    start = timezone.now() - timedelta(minutes=5)
    brief = services.record_visit_start(booth=booth_b, session_key="s:brief", at=start)
    services.record_visit_end(visit=brief, at=start + timedelta(seconds=9))
    stay = services.record_visit_start(booth=booth_b, user=visitor, at=start)
    services.record_visit_end(visit=stay, at=start + timedelta(seconds=10))
    services.record_visit_start(booth=booth_b, session_key="s:here-now")  # ongoing: counted

    client.force_login(staff_b)
    stats = client.get(f"/exhibition/api/booths/{booth_b.pk}/stats/").json()
    assert (stats["visits"], stats["unique_visitors"], stats["finished_visits"]) == (2, 2, 1)
    assert stats["counting"]["min_visit_seconds"] == 10
    assert "browser session" in stats["counting"]["unique_visitors"]
    assert [day["visits"] for day in stats["by_day"]] == [2]
