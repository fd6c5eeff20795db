"""Direct messages: a two-person members-only room of live's chat. Only the pair may join
(not a third person, not a guest, not even an organizer), the one room of a pair is reused,
a block ejects both from it at once, and the recipient hears of a message once (coalesced)."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async

from live.errors import LiveError
from networking import services
from networking.models import DirectRoom
from tests.networking.conftest import exchange_cards

pytestmark = pytest.mark.django_db(transaction=True)


async def wait_for_notifications(user, count: int):
    """The hook runs after the ack: wait (bounded) until `count` notifications are stored."""
    from notifications.models import Notification

    for _ in range(50):
        found = await sync_to_async(lambda: list(Notification.objects.filter(recipient=user)))()
        if len(found) >= count:
            await asyncio.sleep(0.2)  # and no more come
            return await sync_to_async(lambda: list(Notification.objects.filter(recipient=user)))()
        await asyncio.sleep(0.1)
    raise AssertionError(f"fewer than {count} notifications for {user}")


def make_pair(person):
    alice, bob = person("alice"), person("bob")
    exchange_cards(alice, bob)
    return alice, bob, services.open_direct_room(alice, bob.pk).room.slug


async def test_the_pair_talks_in_their_room_and_history_is_kept(connect, person):
    alice, bob, slug = await sync_to_async(make_pair)(person)
    a = await connect(alice)
    b = await connect(bob)
    joined = await a.ok("room.join", room=slug)
    assert joined["you"]["roles"] == ["member"] and joined["you"]["moderator"] is False
    await b.ok("room.join", room=slug)
    await a.ok("chat.send", room=slug, text="你好 Bob")
    got = await b.expect("chat.message", room=slug)
    assert got["message"]["text"] == "你好 Bob" and got["message"]["author"]["name"] == "Alice"
    await a.ok("chat.send", room=slug, text="second")
    await b.expect("chat.message", room=slug)
    # Bob is told once (coalesced), Alice not at all.
    notified = await wait_for_notifications(bob, 1)
    assert [(n.kind, n.url) for n in notified] == [("networking.direct_message", f"/networking/messages/{alice.pk}/")]
    await b.close()

    # Bob comes back later: the message is in the join answer (stored, sequenced).
    again = await connect(bob)
    state = await again.ok("room.join", room=slug)
    assert [m["text"] for m in state["messages"]] == ["你好 Bob", "second"]


async def test_opening_again_reuses_the_one_room_of_the_pair(person):
    alice, bob, slug = await sync_to_async(make_pair)(person)
    from_bob = await sync_to_async(services.open_direct_room)(bob, alice.pk)
    assert from_bob.room.slug == slug
    assert await sync_to_async(DirectRoom.objects.count)() == 1


async def test_outsiders_guests_and_organizers_are_refused(connect, person):
    _alice, _bob, slug = await sync_to_async(make_pair)(person)
    carol = await sync_to_async(person)("carol")
    organizer = await sync_to_async(person)("boss", is_staff=True)
    for who in (carol, organizer):
        outsider = await connect(who)
        refused = await outsider.request("room.join", room=slug)
        assert refused["type"] == "error" and refused["code"] == "forbidden", refused
        sent = await outsider.request("chat.send", room=slug, text="let me in")
        assert sent["type"] == "error"
    guest = await connect()
    refused = await guest.request("room.join", room=slug)
    assert refused["type"] == "error" and refused["code"] == "auth_required"


async def test_a_block_ejects_both_and_refuses_a_new_room(connect, person):
    alice, bob, slug = await sync_to_async(make_pair)(person)
    a = await connect(alice)
    b = await connect(bob)
    await a.ok("room.join", room=slug)
    await b.ok("room.join", room=slug)

    await sync_to_async(services.block_person)(bob, alice.pk)

    await a.expect("room.removed", room=slug)
    await b.expect("room.removed", room=slug)
    refused = await a.request("room.join", room=slug)
    assert refused["type"] == "error" and refused["code"] == "forbidden"
    with pytest.raises(LiveError) as error:
        await sync_to_async(services.open_direct_room)(alice, bob.pk)
    assert error.value.code == "forbidden"


def test_nobody_unreachable_gets_a_room(person):
    alice, stranger = person("alice"), person("stranger")  # not listed, no card, no room
    with pytest.raises(LiveError) as error:
        services.open_direct_room(alice, stranger.pk)
    assert error.value.code == "not_found"
    with pytest.raises(LiveError) as error:
        services.open_direct_room(alice, alice.pk)
    assert error.value.code == "invalid_state"
    assert not DirectRoom.objects.exists()
