"""Staff see visitors' requests live: the `exhibitor-<org id>` staff room gets a sequenced
`lead.new` for every contact, call request and started chat conversation in the
organisation's booths, and `call_request.updated` on status changes. Only the
organisation's staff and the organizers may join it."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from halls import staffroom
from halls.leads import services as lead_services
from halls.models import CallRequest
from live.models import RoomEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff_slug(booth_b):
    return staffroom.room_slug(booth_b.organisation_id)


async def test_staff_see_a_call_request_arrive_and_its_status_change(connect, booth_b, staff_b, visitor, staff_slug):
    staff = await connect(staff_b)
    joined = await staff.ok("room.join", room=staff_slug)
    assert "staff" in joined["you"]["roles"]

    call = await database_sync_to_async(lead_services.request_video_call)(
        booth=booth_b,
        visitor=visitor,
        consent=True,
        message="想和贵校洽谈联合研发合作项目",
        preferred_time="周三下午",
        contact_email="victor@example.org",
    )
    event = await staff.expect("lead.new")
    lead = event["lead"]
    assert event["room"] == staff_slug and event["seq"] == joined["seq"] + 1
    assert lead["source"] == "call_request" and lead["category"] == "project_cooperation"
    assert lead["booth"] == {"id": booth_b.pk, "number": booth_b.number, "name": "乙大学展位", "name_en": "Beta booth"}
    assert lead["visitor"] == "Victor" and lead["message"] == "想和贵校洽谈联合研发合作项目"
    assert lead["call_request"] == {"id": call.pk, "status": "pending", "preferred_time": "周三下午"}

    # database_sync_to_async (not the async ORM): it closes its connection afterwards.
    await database_sync_to_async(
        lambda: lead_services.set_call_request_status(
            call_request=CallRequest.objects.select_related("booth").get(pk=call.pk), user=staff_b, status="accepted"
        )
    )()
    updated = await staff.expect("call_request.updated")
    assert updated["seq"] == event["seq"] + 1
    assert updated["call_request"]["status"] == "accepted" and updated["call_request"]["lead"] == lead["id"]
    assert updated["call_request"]["handled_by"] == {"id": staff_b.pk, "name": "Bob"}


async def test_contact_and_chat_become_notices_and_are_replayed(connect, booth_b, staff_b, visitor, staff_slug):
    staff = await connect(staff_b)
    joined = await staff.ok("room.join", room=staff_slug)

    # A chat in the booth's room: the first message starts a conversation (one notice).
    guest = await connect(visitor)
    booth_room = await database_sync_to_async(lambda: booth_b.room.slug)()
    await guest.ok("room.join", room=booth_room)
    await guest.ok("chat.send", room=booth_room, text="Are you hiring? I am looking for a job")
    chat = await staff.expect("lead.new")
    assert chat["lead"]["source"] == "chat" and chat["lead"]["call_request"] is None
    await guest.ok("chat.send", room=booth_room, text="my resume is ready")
    await staff.close()

    # While staff are away a visitor leaves a contact; on their return they get it by seq.
    await database_sync_to_async(lead_services.leave_contact)(
        booth=booth_b, visitor=visitor, consent=True, message="媒体采访", contact_phone="123"
    )
    back = await connect(staff_b)
    state = await back.ok("room.join", room=staff_slug, since_seq=chat["seq"])
    missed = state["events"]
    assert [e["type"] for e in missed] == ["lead.new"]
    assert missed[0]["lead"]["source"] == "contact_form" and missed[0]["lead"]["category"] == "media"
    assert missed[0]["seq"] == joined["seq"] + 2  # the second chat message made no notice


async def test_only_the_organisations_staff_and_organizers_may_join(
    connect, booth_a, booth_b, staff_a, staff_b, visitor, organizer, staff_slug
):
    for outsider in (staff_a, visitor):
        client = await connect(outsider)
        refused = await client.request("room.join", room=staff_slug)
        assert refused["type"] == "error" and refused["code"] == "forbidden"
        assert "only for its members" in refused["message"]
    guest = await connect()
    refused = await guest.request("room.join", room=staff_slug)
    assert refused["type"] == "error" and refused["code"] == "auth_required"

    boss = await connect(organizer)
    assert (await boss.ok("room.join", room=staff_slug))["you"]["moderator"] is True
    # Staff of A join their own room, and hear nothing of B's leads.
    own = await connect(staff_a)
    await own.ok("room.join", room=staff_slug.replace(str(booth_b.organisation_id), str(booth_a.organisation_id)))
    await database_sync_to_async(lead_services.leave_contact)(
        booth=booth_b, visitor=visitor, consent=True, message="hello", contact_phone="1"
    )
    assert (await boss.expect("lead.new"))["lead"]["booth"]["id"] == booth_b.pk
    await own.nothing()


async def test_a_refused_request_leaves_no_notice(booth_b, visitor, staff_slug):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        await database_sync_to_async(lead_services.leave_contact)(booth=booth_b, visitor=visitor, consent=False)
    exists = database_sync_to_async(RoomEvent.objects.filter(room__slug=staff_slug, type="lead.new").exists)
    assert not await exists()


def test_a_room_of_another_kind_under_the_staff_slug_never_gets_visitors_contacts(booth_b, visitor, staff_slug):
    # Say an organizer made a public room by hand under that name: the contact is stored,
    # but its notice must not be written where people outside the organisation read.
    from live.models import Room

    Room.objects.filter(slug=staff_slug).update(kind="stage", allow_guests=True)
    with pytest.raises(staffroom.StaffRoomTaken):
        staffroom.staff_room(booth_b.organisation)

    lead = lead_services.leave_contact(
        booth=booth_b, visitor=visitor, consent=True, message="请联系我", contact_email="victor@example.org"
    )
    assert lead.pk is not None
    assert not RoomEvent.objects.filter(room__slug=staff_slug).exists()
