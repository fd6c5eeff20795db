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
