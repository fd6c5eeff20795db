"""The booth's live room: staff presence, and room activity becoming visits and leads."""

import asyncio

import pytest
from channels.db import database_sync_to_async

from halls.models import BoothVisit, Lead

pytestmark = pytest.mark.django_db(transaction=True)


async def wait_for(check, tries: int = 50):
    """Hooks run after the ack, in a worker thread: poll (bounded) until they have."""
    for _ in range(tries):
        if await database_sync_to_async(check)():
            return True
        await asyncio.sleep(0.1)
    return False


async def test_booth_room_records_visits_leads_and_staff_presence(connect, booth_b, staff_b, visitor):
    slug = await database_sync_to_async(lambda: booth_b.room.slug)()
    staff = await connect(staff_b)
    await staff.ok("room.join", room=slug)
    guest = await connect(visitor)
    state = await guest.ok("room.join", room=slug)
    assert state["presence"]["staff_online"] == 1

    await guest.ok("chat.send", room=slug, text="您好，我想找工作，这是我的简历")
    await staff.ok("chat.send", room=slug, text="欢迎！")
    assert await wait_for(lambda: Lead.objects.filter(booth=booth_b, visitor=visitor).exists())
    lead = await Lead.objects.aget(booth=booth_b)
    assert lead.category == "job_seeking" and lead.source == "chat"

    await guest.close()
    assert await wait_for(lambda: BoothVisit.objects.filter(booth=booth_b, left_at__isnull=False).exists())
    # Staff in their own booth are neither visitors nor leads.
    assert await BoothVisit.objects.filter(booth=booth_b).acount() == 1
    assert await Lead.objects.filter(booth=booth_b).acount() == 1


async def test_a_deleted_booth_message_leaves_the_chat_lead_and_the_staff_rooms_events(
    connect, booth_b, staff_b, visitor
):
    # Issue 11 item 1: the visitor's words were copied into the day's lead (and its lead.new
    # event in the staff room) and stayed there after the message was deleted.
    from halls import staffroom
    from live.models import RoomEvent

    slug = await database_sync_to_async(lambda: booth_b.room.slug)()
    staff_slug = await database_sync_to_async(lambda: staffroom.staff_room(booth_b.organisation).slug)()
    guest = await connect(visitor)
    await guest.ok("room.join", room=slug)
    secret = "call me on 555-0100\nafter six"
    sent = await guest.ok("chat.send", room=slug, text=secret)
    assert await wait_for(lambda: Lead.objects.filter(booth=booth_b, visitor=visitor).exists())
    await guest.ok("chat.send", room=slug, text="我想找工作")
    assert await wait_for(lambda: "找工作" in Lead.objects.get(booth=booth_b).message)

    await guest.ok("chat.delete", room=slug, message_id=sent["message_id"])

    lead = await Lead.objects.aget(booth=booth_b)
    assert lead.message == "我想找工作" and lead.category == "job_seeking"
    events = [e.data async for e in RoomEvent.objects.filter(room__slug=staff_slug, type="lead.new")]
    assert len(events) == 1 and "555-0100" not in str(events) and events[0]["lead"]["message"] == "我想找工作"
    desk = await connect(staff_b)
    resumed = await desk.ok("room.join", room=staff_slug, since_seq=0)
    assert "555-0100" not in str(resumed)
