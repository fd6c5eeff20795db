"""Live rooms through a real Daphne process and real WebSocket clients (the `websockets` library).

The server runs in its own process on the test's database, with its own limits in force
(clients wait out the post rate instead of patching it).
"""

from __future__ import annotations

import pytest
from websockets.exceptions import InvalidStatus

from live.models import ChatMessage, Room, RoomBan

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def room(transactional_db) -> Room:
    return Room.objects.create(slug="stage-main", name="Main forum", kind="room", allow_guests=True)


async def test_two_people_chat_through_daphne(daphne_server, ws_client, make_user, api_token, room):
    alice, bob = await make_user("alice"), await make_user("bob")
    async with (
        ws_client(daphne_server, token=await api_token(alice)) as a,
        ws_client(daphne_server, token=await api_token(bob)) as b,
    ):
        assert a.user == {"id": alice.pk, "name": "Alice"}
        await a.ok("room.join", room=room.slug)
        await b.ok("room.join", room=room.slug)

        sent = await a.post(room.slug, "hello bob")
        heard = await b.expect("chat.message")
        assert heard["seq"] == sent["seq"]
        assert heard["message"]["id"] == sent["message_id"]
        assert heard["message"]["text"] == "hello bob"
        assert heard["message"]["author"] == {"id": alice.pk, "name": "Alice"}

        reply = await b.post(room.slug, "hi alice")
        heard = await a.expect("chat.message", where=lambda f: f["message"]["author"]["id"] == bob.pk)
        assert (heard["seq"], heard["message"]["text"]) == (reply["seq"], "hi alice")
        assert reply["seq"] == sent["seq"] + 1

    stored = [(m.author_id, m.text) async for m in ChatMessage.objects.filter(room=room).order_by("seq")]
    assert stored == [(alice.pk, "hello bob"), (bob.pk, "hi alice")]


async def test_reconnect_with_since_seq_gets_exactly_the_missed_messages(
    daphne_server, ws_client, make_user, api_token, room
):
    alice, bob, carol = await make_user("alice"), await make_user("bob"), await make_user("carol")
    tokens = {user.pk: await api_token(user) for user in (alice, bob, carol)}
    async with (
        ws_client(daphne_server, token=tokens[alice.pk]) as a,
        ws_client(daphne_server, token=tokens[carol.pk]) as c,
    ):
        await a.ok("room.join", room=room.slug)
        await c.ok("room.join", room=room.slug)

        async with ws_client(daphne_server, token=tokens[bob.pk]) as b:
            await b.ok("room.join", room=room.slug)
            before = [(await a.post(room.slug, f"before {i}"))["seq"] for i in range(2)]
            seen = [(await b.expect("chat.message"))["seq"] for _ in before]
            assert seen == before
        # Bob is gone; the others keep talking.
        missed: list[tuple[int, str]] = []
        for i in range(3):
            for client, name in ((a, "alice"), (c, "carol")):
                text = f"{name} while bob is away {i}"
                missed.append(((await client.post(room.slug, text))["seq"], text))

        async with ws_client(daphne_server, token=tokens[bob.pk]) as b2:
            state = await b2.ok("room.join", room=room.slug, since_seq=seen[-1])
            assert state["messages"] is None and state["has_more"] is False
            replayed = [(e["seq"], e["message"]["text"]) for e in state["events"]]
            assert replayed == missed
            assert [e["type"] for e in state["events"]] == ["chat.message"] * len(missed)
            assert state["seq"] == missed[-1][0]

            # Live again from here: nothing replayed comes a second time, the next message comes once.
            after = await c.post(room.slug, "welcome back")
            live = await b2.collect_until("chat.message", lambda f: f["seq"] == after["seq"])
            assert [f["seq"] for f in live] == [after["seq"]]

    all_seqs = [s async for s in ChatMessage.objects.filter(room=room).order_by("seq").values_list("seq", flat=True)]
    assert all_seqs == list(range(1, len(before) + len(missed) + 2))


async def test_same_ref_twice_stores_one_message(daphne_server, ws_client, make_user, api_token, room):
    alice, bob = await make_user("alice"), await make_user("bob")
    async with (
        ws_client(daphne_server, token=await api_token(alice)) as a,
        ws_client(daphne_server, token=await api_token(bob)) as b,
    ):
        await a.ok("room.join", room=room.slug)
        await b.ok("room.join", room=room.slug)
        first = await a.post(room.slug, "only once", ref="resend-me")
        again = await a.post(room.slug, "only once", ref="resend-me")
        assert first["duplicate"] is False
        assert again["duplicate"] is True
        assert (again["message_id"], again["seq"]) == (first["message_id"], first["seq"])

        # Bob hears the message once: only it arrives before the next one.
        sentinel = await a.post(room.slug, "next message")
        heard = await b.collect_until("chat.message", lambda f: f["seq"] == sentinel["seq"])
        assert [f["message"]["id"] for f in heard] == [first["message_id"], sentinel["message_id"]]

    assert await ChatMessage.objects.filter(room=room, author=alice).acount() == 2
    assert await ChatMessage.objects.filter(room=room, client_ref="resend-me").acount() == 1


async def test_guest_may_watch_but_not_post(daphne_server, ws_client, make_user, api_token, room):
    await Room.objects.acreate(slug="members-only", name="Members", allow_guests=False)
    alice = await make_user("alice")
    async with ws_client(daphne_server) as guest, ws_client(daphne_server, token=await api_token(alice)) as a:
        assert guest.hello["user"] is None
        joined = await guest.ok("room.join", room=room.slug)
        assert joined["you"]["can_post"] is False
        await guest.error("auth_required", "chat.send", room=room.slug, text="hi")
        await guest.error("auth_required", "room.join", room="members-only")

        # Watching works: the guest hears what members say.
        await a.ok("room.join", room=room.slug)
        sent = await a.post(room.slug, "hello watchers")
        heard = await guest.expect("chat.message")
        assert heard["seq"] == sent["seq"]

    assert await ChatMessage.objects.filter(room=room).acount() == 1


async def test_banned_user_is_removed_and_cannot_rejoin(daphne_server, ws_client, make_user, api_token, room):
    moderator, alice = await make_user("mod", is_staff=True), await make_user("alice")
    async with (
        ws_client(daphne_server, token=await api_token(moderator)) as mod,
        ws_client(daphne_server, token=await api_token(alice)) as a,
    ):
        mod_state = await mod.ok("room.join", room=room.slug)
        assert mod_state["you"]["moderator"] is True
        await a.ok("room.join", room=room.slug)
        await a.post(room.slug, "before the ban")

        await mod.ok("mod.ban", room=room.slug, user_id=alice.pk, reason="spam")
        removed = await a.expect("room.removed")
        assert removed == {"type": "room.removed", "room": room.slug, "reason": "spam"}
        await a.error("not_joined", "chat.send", room=room.slug, text="still here?")
        await a.error("banned", "room.join", room=room.slug)

        # A new connection of the same person is refused too.
        async with ws_client(daphne_server, token=await api_token(alice)) as again:
            await again.error("banned", "room.join", room=room.slug)

    assert await RoomBan.objects.filter(room=room, user=alice).aexists()
    texts = [t async for t in ChatMessage.objects.filter(room=room).values_list("text", flat=True)]
    assert texts == ["before the ban"]


async def test_browser_connection_from_a_foreign_origin_is_refused(daphne_server, ws_client):
    with pytest.raises(InvalidStatus) as refused:
        async with ws_client(daphne_server, origin="http://evil.example"):
            pass
    assert refused.value.response.status_code == 403

    # The same connection from the site's own origin is let in (as a guest: no session cookie).
    async with ws_client(daphne_server, origin=daphne_server.url) as client:
        assert client.hello["user"] is None
        await client.ok("ping")


async def test_abrupt_disconnect_drops_presence(daphne_server, ws_client, make_user, api_token, room):
    alice, bob = await make_user("alice"), await make_user("bob")
    async with ws_client(daphne_server, token=await api_token(alice)) as watcher:
        await watcher.ok("room.join", room=room.slug)
        async with ws_client(daphne_server, token=await api_token(bob)) as vanishing:
            await vanishing.ok("room.join", room=room.slug)
            both = await watcher.expect("presence", where=lambda f: f["presence"]["count"] == 2)
            assert both["presence"]["roster"] == [{"id": alice.pk, "name": "Alice"}, {"id": bob.pk, "name": "Bob"}]

            watcher.pending.clear()  # forget earlier presence frames
            vanishing.abort()  # no close frame: the TCP connection just goes away

            alone = await watcher.expect("presence", where=lambda f: f["presence"]["count"] == 1)
            assert alone["presence"]["roster"] == [{"id": alice.pk, "name": "Alice"}]


async def test_message_crosses_daphne_processes_through_redis(
    start_daphne, redis_server, ws_client, make_user, api_token, room
):
    first = start_daphne({"REDIS_URL": redis_server.url})
    second = start_daphne({"REDIS_URL": redis_server.url})
    alice, bob = await make_user("alice"), await make_user("bob")
    async with (
        ws_client(first, token=await api_token(alice)) as a,
        ws_client(second, token=await api_token(bob)) as b,
    ):
        await a.ok("room.join", room=room.slug)
        await b.ok("room.join", room=room.slug)

        sent = await a.post(room.slug, "from process one")
        heard = await b.expect("chat.message")
        assert (heard["seq"], heard["message"]["text"]) == (sent["seq"], "from process one")

        reply = await b.post(room.slug, "from process two")
        heard = await a.expect("chat.message", where=lambda f: f["message"]["author"]["id"] == bob.pk)
        assert (heard["seq"], heard["message"]["text"]) == (reply["seq"], "from process two")

    assert await ChatMessage.objects.filter(room=room).acount() == 2


async def test_rooms_work_across_processes_again_after_redis_restarts(
    start_daphne, redis_server, ws_client, make_user, api_token, room
):
    first = start_daphne({"REDIS_URL": redis_server.url})
    second = start_daphne({"REDIS_URL": redis_server.url})
    alice, bob = await make_user("alice"), await make_user("bob")
    tokens = {alice.pk: await api_token(alice), bob.pk: await api_token(bob)}

    redis_server.stop()
    redis_server.start()  # empty again: no groups, no queued messages

    # Clients that (re)connect and join after the restart reach each other again.
    async with ws_client(first, token=tokens[alice.pk]) as a, ws_client(second, token=tokens[bob.pk]) as b:
        await a.ok("room.join", room=room.slug)
        await b.ok("room.join", room=room.slug)
        sent = await a.post(room.slug, "after the restart")
        heard = await b.expect("chat.message")
        assert (heard["seq"], heard["message"]["text"]) == (sent["seq"], "after the restart")
