"""A join storm of logged-in people reads their tokens, sessions and rights in batches
(live.batching): fewer reads than people, and each person still gets exactly their own
answer, never an older one."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta

import pytest
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import create_api_token
from live.batching import BatchedRead
from live.dbread import read_async
from live.models import Question, RoomBan, RoomMute, RoomRole
from tests.conftest import Client, session_cookie


async def test_callers_of_the_same_moment_share_reads_and_each_gets_its_own_value():
    calls: list[list[int]] = []

    def read_many(keys: list[int]) -> dict[int, int]:
        calls.append(list(keys))
        time.sleep(0.02)
        return {key: key * 10 for key in keys if key != 13}

    batch = BatchedRead(read_many, missing=-1, concurrency=2)
    values = await asyncio.gather(*(batch.load(key) for key in range(40)), batch.load(5))
    assert values == [-1 if key == 13 else key * 10 for key in range(40)] + [50]
    assert sorted(key for call in calls for key in call) == list(range(40))  # 5 read once
    assert batch.reads == len(calls) <= 4
    assert batch.keys_read == 40


async def test_a_caller_never_shares_a_read_that_started_before_it_asked():
    rows = {"alice": "before"}
    in_flight = threading.Event()
    release = threading.Event()

    def read_many(keys: list[str]) -> dict[str, str]:
        found = {key: rows[key] for key in keys}
        in_flight.set()
        release.wait(5)
        return found

    batch = BatchedRead(read_many, missing="", concurrency=1)
    first = asyncio.ensure_future(batch.load("alice"))
    await asyncio.to_thread(in_flight.wait, 5)
    rows["alice"] = "after"  # changed (say, banned) while the first read runs
    second = asyncio.ensure_future(batch.load("alice"))
    await asyncio.sleep(0.05)
    release.set()
    assert await first == "before"
    assert await second == "after"
    assert batch.reads == 2


async def test_a_failed_read_fails_its_callers_only_and_the_next_reads_go_on():
    def read_many(keys: list[int]) -> dict[int, int]:
        if 0 in keys:
            raise RuntimeError("database away")
        return {key: key for key in keys}

    batch = BatchedRead(read_many, missing=-1, concurrency=1)
    with pytest.raises(RuntimeError, match="database away"):
        await batch.load(0)
    assert await asyncio.gather(*(batch.load(key) for key in (1, 2, 3))) == [1, 2, 3]


async def test_a_caller_that_goes_away_does_not_cancel_the_read_of_the_others():
    def read_many(keys: list[int]) -> dict[int, int]:
        time.sleep(0.05)
        return {key: key for key in keys}

    batch = BatchedRead(read_many, missing=-1, concurrency=1)
    leaving = asyncio.ensure_future(batch.load(1))
    staying = asyncio.ensure_future(batch.load(1))
    await asyncio.sleep(0)
    leaving.cancel()
    assert await staying == 1


def _people(room, make):
    """Sixteen people with a session cookie each: plain attendees and the special cases."""
    users = {name: make(name) for name in ("muted", "banned", "speaker", "asker", "moved", "organizer")}
    plain = [make(f"plain{i}") for i in range(10)]
    users["organizer"].is_staff = True
    users["organizer"].save()
    RoomMute.objects.create(room=room, user=users["muted"], until=timezone.now() + timedelta(hours=1))
    RoomBan.objects.create(room=room, user=users["banned"])
    RoomRole.objects.create(room=room, user=users["speaker"], role="speaker")
    Question.objects.create(room=room, author=users["asker"], text="Mine, waiting", status=Question.Status.PENDING)
    cookies = {name: session_cookie(user) for name, user in users.items()}
    cookies.update({user.username: session_cookie(user) for user in plain})
    # A password changed after the cookie was made: that session no longer logs anyone in.
    users["moved"].set_password("a-new-one-7")
    users["moved"].save()
    return cookies


async def _open(cookie: str | None) -> Client:
    from config.asgi import application

    headers = [(b"host", b"127.0.0.1:8000"), (b"origin", b"http://127.0.0.1:8000")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    client = Client(WebsocketCommunicator(application, "/ws/", headers=headers))
    connected, _ = await client.ws.connect()
    assert connected
    client.hello = await client.receive()
    return client


async def test_a_storm_of_browsers_is_read_in_batches_and_each_gets_their_own_rights(room, transactional_db):
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    from live import auth, joining

    def make(name: str):
        return get_user_model().objects.create_user(username=name, password="pw-" + name, display_name=name)

    cookies = await read_async(_people)(room, make)
    sessions_before = await read_async(Session.objects.count)()
    warm = await _open(None)  # this process learns the room, so the storm joins from its snapshot
    await warm.ok("room.join", room=room.slug)

    session_reads, personal_reads = auth.session_reads.reads, joining.personal_reads.reads
    names = list(cookies)
    clients = await asyncio.gather(*(_open(cookies[name]) for name in names))
    try:
        by_name = dict(zip(names, clients, strict=True))
        for name, client in by_name.items():
            assert (client.hello["user"] is None) == (name == "moved"), (name, client.hello)
        assert 0 < auth.session_reads.reads - session_reads < len(names) // 2
        # The changed password's session is gone, as Django's own get_user would have done.
        assert await read_async(Session.objects.count)() == sessions_before - 1

        answers = dict(
            zip(names, await asyncio.gather(*(c.request("room.join", room=room.slug) for c in clients)), strict=True)
        )
        assert answers["banned"]["type"] == "error" and answers["banned"]["code"] == "banned"
        assert answers["muted"]["you"]["muted_until"] is not None
        assert answers["speaker"]["you"]["roles"] == ["speaker"]
        assert answers["organizer"]["you"]["moderator"] is True
        assert answers["moved"]["you"]["can_post"] is False  # a guest now
        asked = [q["text"] for q in answers["asker"]["questions"]]
        assert asked == ["Mine, waiting"]
        for name in [n for n in names if n.startswith("plain")]:
            answer = answers[name]
            assert answer["type"] == "ack", answer
            assert answer["you"] == {"moderator": False, "roles": [], "can_post": True, "muted_until": None}
            assert answer["questions"] == []  # nobody else's pending question
        assert 0 < joining.personal_reads.reads - personal_reads < len(names) // 2
    finally:
        for client in [warm, *clients]:
            await client.close()


async def test_a_storm_of_token_clients_is_checked_in_batches(room, connect, monkeypatch):
    from django.contrib.auth import get_user_model

    from live.handlers.session import token_checks, token_stamps

    monkeypatch.setattr(token_stamps, "DELAY", 60.0)  # only drain() below writes them

    def make() -> tuple[list, list[str]]:
        # On the read threads, whose connections the suite closes after each test.
        users = [get_user_model().objects.create_user(username=f"bot{i}", password="pw-bot") for i in range(12)]
        tokens = [create_api_token(user=user) for user in users]
        ApiToken.objects.filter(user=users[0]).update(revoked=True)
        return users, tokens

    users, tokens = await read_async(make)()
    offered = [*tokens, "nonsense", "x" * 300]
    clients = [await connect(origin=None) for _ in offered]
    before = token_checks.reads
    answers = await asyncio.gather(
        *(client.request("auth", token=token) for client, token in zip(clients, offered, strict=True))
    )
    assert answers[0]["type"] == "error" and answers[0]["code"] == "auth_failed"  # revoked
    for user, answer in zip(users[1:], answers[1:12], strict=True):
        assert answer["type"] == "ack" and answer["user"]["id"] == user.pk, answer
    # An unknown token, and one longer than the protocol lets in (refused before any read).
    assert [answer.get("code") for answer in answers[12:]] == ["auth_failed", "invalid_fields"]
    assert 0 < token_checks.reads - before < len(offered) // 2
    # Their last-use stamps are written together a moment later, not by each check.
    live_tokens = await read_async(lambda: set(ApiToken.objects.filter(revoked=False).values_list("pk", flat=True)))()
    assert token_stamps.pending <= live_tokens and token_stamps.pending
    await token_stamps.drain()

    def stamped() -> set[int]:
        return set(ApiToken.objects.exclude(last_used_at=None).values_list("user_id", flat=True))

    assert await read_async(stamped)() == {user.pk for user in users[1:]}
    # Used again within the minute: nothing to stamp.
    again = await connect(origin=None)
    clients.append(again)
    assert (await again.request("auth", token=tokens[1]))["type"] == "ack"
    assert token_stamps.pending == set()
