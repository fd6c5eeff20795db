"""The inbox room over a real consumer: notification.new in every tab, read in one tab
clears the others, missed ones on resume, nobody else may join."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from notifications import services
from notifications.inbox import inbox_slug

pytestmark = pytest.mark.django_db(transaction=True)

notify = database_sync_to_async(services.notify)


async def test_two_tabs_hear_new_and_read(make_user, connect):
    alice = await make_user("alice")
    slug = inbox_slug(alice.pk)
    await notify(alice, "test.quiet", title_zh="第一条")  # creates the inbox
    tab1, tab2 = await connect(alice), await connect(alice)
    joined = await tab1.ok("room.join", room=slug)
    assert joined["you"]["roles"] == ["owner"] and joined["you"]["moderator"] is False
    await tab2.ok("room.join", room=slug)
    [n] = await notify(alice, "test.quiet", title_zh="会议邀请", title_en="Meeting request", url="/m/1/")
    for tab in (tab1, tab2):
        frame = await tab.expect("notification.new")
        assert frame["notification"]["id"] == n.pk and frame["notification"]["title_en"] == "Meeting request"
        assert frame["unread"] == 2
    ack = await tab1.ok("notification.mark_read", room=slug, id=n.pk)
    assert (ack["unread"], ack["changed"]) == (1, 1)
    for tab in (tab1, tab2):
        frame = await tab.expect("notification.read")
        assert (frame["ids"], frame["all"], frame["unread"]) == ([n.pk], False, 1)
    ack = await tab2.ok("notification.mark_all_read", room=slug)
    assert (ack["unread"], ack["changed"]) == (0, 1)
    frame = await tab1.expect("notification.read")
    assert frame["all"] is True and frame["unread"] == 0


async def test_a_tab_that_was_offline_gets_what_it_missed(make_user, connect):
    alice = await make_user("alice")
    slug = inbox_slug(alice.pk)
    await notify(alice, "test.quiet", title_zh="之前")
    tab = await connect(alice)
    seq = (await tab.ok("room.join", room=slug))["seq"]
    await tab.close()
    [missed] = await notify(alice, "test.quiet", title_zh="离线时")
    tab = await connect(alice)
    resumed = await tab.ok("room.join", room=slug, since_seq=seq)
    assert [(e["type"], e["notification"]["id"]) for e in resumed["events"]] == [("notification.new", missed.pk)]


async def test_nobody_else_joins_an_inbox_nor_marks_there(make_user, connect, room):
    alice, bob = await make_user("alice"), await make_user("bob")
    organizer = await make_user("organizer", is_staff=True, is_superuser=True)
    [n] = await notify(alice, "test.quiet", title_zh="私密")
    for who in (bob, organizer, None):
        answer = await (await connect(who)).request("room.join", room=inbox_slug(alice.pk))
        assert answer["type"] == "error" and answer["code"] in ("forbidden", "auth_required"), answer
    # Marking read in another room is refused; a notification of someone else's is not found.
    bobs_tab = await connect(bob)
    await bobs_tab.ok("room.join", room=room.slug)
    refused = await bobs_tab.request("notification.mark_read", room=room.slug, id=n.pk)
    assert refused["code"] == "forbidden"
    await notify(bob, "test.quiet", title_zh="bob")
    await bobs_tab.ok("room.join", room=inbox_slug(bob.pk))
    refused = await bobs_tab.request("notification.mark_read", room=inbox_slug(bob.pk), id=n.pk)
    assert refused["code"] == "not_found"
    # And nobody posts in an inbox, its owner neither.
    refused = await bobs_tab.request("chat.send", room=inbox_slug(bob.pk), text="hi")
    assert refused["type"] == "error"
