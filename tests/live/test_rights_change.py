"""Rights changes reach sockets that joined before (access used to be decided once, at join):
a member removed from the organisation is ejected from its members-only staff room, a
moderator whose role ends (or an organizer demoted) loses the moderator's rights and queue,
a deactivated account's socket leaves its rooms and is closed. Across processes:
tests/system/test_rights_change.py."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async

from accounts.models import Organisation, OrganisationMembership, User
from accounts.services import add_organisation_member
from halls import staffroom
from live import protocol
from live.models import Room, RoomRole
from live.services.events import append_event

pytestmark = pytest.mark.django_db(transaction=True)


def make_staff_room(user) -> str:
    organisation = Organisation.objects.create(name="甲公司", name_en="Alpha")
    add_organisation_member(organisation=organisation, user=user)
    return staffroom.staff_room(organisation).slug


def post_event(slug: str, text: str) -> None:
    from django.db import transaction

    with transaction.atomic():
        append_event(Room.objects.get(slug=slug), "lead.new", lambda seq: {"lead": lead_with(text)})


def lead_with(message: str) -> dict:
    """A lead as `lead.new` carries it (the event is validated against its model)."""
    booth = {"id": 1, "number": "A1", "name": "甲", "name_en": "Alpha"}
    return {
        "id": 1,
        "booth": booth,
        "visitor": "Visitor",
        "source": "contact_form",
        "category": "other",
        "message": message,
        "created_at": "2026-01-01T00:00:00+00:00",
        "call_request": None,
    }


async def test_a_member_removed_from_the_organisation_is_ejected_from_its_staff_room(connect, make_user, room):
    alice = await make_user("alice")
    slug = await sync_to_async(make_staff_room)(alice)
    desk = await connect(alice)
    await desk.ok("room.join", room=slug)
    await desk.ok("room.join", room=room.slug)  # an open room, which she keeps

    await sync_to_async(lambda: OrganisationMembership.objects.filter(user=alice).delete())()

    removed = await desk.expect("room.removed", room=slug)
    assert "only for its members" in removed["reason"]
    # Nothing of the room reaches her any more, and she cannot come back.
    await sync_to_async(post_event)(slug, "a visitor's phone number")
    await desk.nothing()
    assert (await desk.request("room.join", room=slug))["code"] == "forbidden"
    await desk.ok("chat.send", room=room.slug, text="still here")


async def test_a_moderator_whose_role_ends_loses_the_rights_and_the_queue(connect, make_user, room):
    await sync_to_async(lambda: Room.objects.filter(pk=room.pk).update(qa_moderated=True))()
    mod_user, asker_user = await make_user("mod"), await make_user("asker")
    await RoomRole.objects.acreate(room=room, user=mod_user, role="moderator")
    mod, asker = await connect(mod_user), await connect(asker_user)
    assert (await mod.ok("room.join", room=room.slug))["you"]["moderator"] is True
    await asker.ok("room.join", room=room.slug)
    await asker.ok("qa.ask", room=room.slug, text="first?")
    await mod.expect("qa.queue")

    await sync_to_async(lambda: RoomRole.objects.filter(user=mod_user).delete())()

    changed = await mod.expect("room.access", room=room.slug)
    assert changed["you"] == {"moderator": False, "roles": [], "can_post": True}
    assert (await mod.request("mod.lock", room=room.slug, locked=True))["code"] == "forbidden"
    # The moderators' queue no longer reaches the former moderator.
    await asker.ok("qa.ask", room=room.slug, text="second?")
    await mod.nothing()
    # A role given comes through the same way.
    await RoomRole.objects.acreate(room=room, user=mod_user, role="moderator")
    assert (await mod.expect("room.access", room=room.slug))["you"]["moderator"] is True
    await mod.ok("mod.lock", room=room.slug, locked=True)


async def test_an_organizer_demoted_is_a_moderator_no_more(connect, make_user, room):
    boss = await make_user("boss", is_staff=True)
    client = await connect(boss)
    assert (await client.ok("room.join", room=room.slug))["you"]["moderator"] is True

    def demote():
        user = User.objects.get(pk=boss.pk)
        user.is_staff = False
        user.save()

    await sync_to_async(demote)()
    assert (await client.expect("room.access", room=room.slug))["you"]["moderator"] is False
    assert (await client.request("mod.slow_mode", room=room.slug, seconds=5))["code"] == "forbidden"


async def test_a_deactivated_account_is_ejected_and_its_socket_closed(connect, make_user, room):
    alice = await make_user("alice")
    client = await connect(alice)
    await client.ok("room.join", room=room.slug)

    def deactivate():
        user = User.objects.get(pk=alice.pk)
        user.is_active = False
        user.save(update_fields=["is_active"])

    await sync_to_async(deactivate)()
    removed = await client.expect("room.removed", room=room.slug)
    assert removed["reason"] == "Your account was deactivated."
    closed = await client.ws.receive_output(timeout=3)
    assert closed["type"] == "websocket.close" and closed["code"] == protocol.CLOSE_ACCOUNT_CLOSED


async def test_a_login_does_not_disturb_open_sockets(connect, make_user, room):
    alice = await make_user("alice")
    client = await connect(alice)
    await client.ok("room.join", room=room.slug)

    def log_in_elsewhere():
        from django.contrib.auth.models import update_last_login

        update_last_login(None, User.objects.get(pk=alice.pk))

    await sync_to_async(log_in_elsewhere)()
    await client.nothing()
    await client.ok("chat.send", room=room.slug, text="hello")


async def test_stage_roles_that_end_reach_the_socket(connect, make_user, event):
    """streams watches its own rights: an event moderator's entry and a speaker's link."""
    from streams import services
    from streams.models import EventModerator, Session

    def stage_with_people(moderator, speaker_user):
        session = services.create_session(
            event=event,
            kind=Session.Kind.MAIN_FORUM,
            title="主论坛",
            title_en="Main forum",
            slug="rights-forum",
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(hours=1),
        )
        services.add_event_moderator(event=event, user=moderator)
        speaker = services.create_speaker(name="劳拉", name_en="Laura", user=speaker_user)
        session.speakers.add(speaker)
        return session.room.slug, session, speaker

    mod_user, speaker_user = await make_user("mod"), await make_user("laura")
    slug, session, speaker = await sync_to_async(stage_with_people)(mod_user, speaker_user)
    mod, speaker_socket = await connect(mod_user), await connect(speaker_user)
    assert (await mod.ok("room.join", room=slug))["you"]["moderator"] is True
    assert (await speaker_socket.ok("room.join", room=slug))["you"]["roles"] == ["speaker"]

    await sync_to_async(lambda: EventModerator.objects.filter(user=mod_user).delete())()
    assert (await mod.expect("room.access", room=slug))["you"]["moderator"] is False
    await sync_to_async(lambda: session.speakers.remove(speaker))()
    assert (await speaker_socket.expect("room.access", room=slug))["you"]["roles"] == []
