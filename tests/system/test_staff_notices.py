"""Staff live notices across real processes: a booth's staff member on one Daphne sees a
visitor's chat on another Daphne arrive as `lead.new` in the organisation's staff room
(through Redis); another organisation's staff cannot join that room."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from accounts.models import Organisation
from accounts.services import add_organisation_member
from halls import services, staffroom
from halls.models import Hall, Zone

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def make_booth(staff, outsider) -> dict:
    hall = Hall.objects.create(slug="sys-hall", name="展厅")
    zone = Zone.objects.create(hall=hall, slug="z", code="D", name="战略性新兴产业展示专区")
    ours = Organisation.objects.create(name="甲公司", name_en="Alpha")
    theirs = Organisation.objects.create(name="乙公司", name_en="Beta")
    add_organisation_member(organisation=ours, user=staff)
    add_organisation_member(organisation=theirs, user=outsider)
    booth = services.create_booth(organisation=ours, zone=zone, name="甲公司展位", name_en="Alpha booth", status="live")
    return {
        "booth": booth.pk,
        "number": booth.number,
        "room": booth.room.slug,
        "staff_room": staffroom.room_slug(ours.pk),
    }


async def test_a_chat_on_one_process_reaches_staff_on_another(
    start_daphne, redis_server, ws_client, make_user, api_token
):
    staff, outsider, visitor = await make_user("alice"), await make_user("bob"), await make_user("victor")
    booth = await database_sync_to_async(make_booth)(staff, outsider)
    env = {"REDIS_URL": redis_server.url}
    first, second = start_daphne(env), start_daphne(env)

    async with (
        ws_client(first, token=await api_token(staff)) as desk,
        ws_client(second, token=await api_token(outsider)) as other,
        ws_client(second, token=await api_token(visitor)) as guest,
    ):
        joined = await desk.ok("room.join", room=booth["staff_room"])
        assert "staff" in joined["you"]["roles"]
        refused = await other.request("room.join", room=booth["staff_room"])
        assert refused["type"] == "error" and refused["code"] == "forbidden"

        await guest.ok("room.join", room=booth["room"])
        await guest.ok(
            "chat.send", room=booth["room"], text="We are hiring engineers, can we cooperate on recruitment?"
        )
        notice = await desk.expect("lead.new", timeout=30)
        lead = notice["lead"]
        assert notice["seq"] == joined["seq"] + 1
        assert lead["source"] == "chat" and lead["visitor"] == "Victor" and lead["category"] == "recruitment"
        assert lead["booth"]["id"] == booth["booth"] and lead["booth"]["number"] == booth["number"]
