"""A booth is a relationship for calls (halls.rules.booth_contacts, an accounts.contacts rule):
once a visitor left a contact or a call request at a booth, the organisation's staff may call
them back (and they the staff), without sharing a room; before that, neither may."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from accounts.contacts import related_ids
from halls.leads import services as lead_services
from streams.call_runtime import runtime

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
async def fresh_calls():
    await runtime.reset()
    yield
    await runtime.reset()


async def test_staff_call_back_a_visitor_who_asked(connect, booth_b, staff_b, staff_a, visitor):
    staff, guest = await connect(staff_b), await connect(visitor)
    assert (await staff.request("call.request", to_user_ids=[visitor.pk]))["code"] == "not_found"
    assert (await guest.request("call.request", to_user_ids=[staff_b.pk]))["code"] == "not_found"

    await database_sync_to_async(lead_services.request_video_call)(
        booth=booth_b, visitor=visitor, consent=True, message="Call me", contact_email="v@example.org"
    )
    answer = await staff.ok("call.request", to_user_ids=[visitor.pk], context={"booth": booth_b.pk})
    assert (await guest.expect("call.ringing", call_id=answer["call_id"]))["context"] == {"booth": booth_b.pk}
    await staff.ok("call.cancel", call_id=answer["call_id"])
    back = await guest.ok("call.request", to_user_ids=[staff_b.pk])
    await guest.ok("call.cancel", call_id=back["call_id"])
    # Another organisation's staff gained nothing.
    related = await database_sync_to_async(related_ids)(staff_a.pk, [visitor.pk, staff_b.pk])
    assert related == set()
