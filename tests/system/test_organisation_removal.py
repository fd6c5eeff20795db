"""我要参展, removal (docs/organisations.md): an organisation admin removes a colleague on the
team page of a real Daphne, and the colleague's open socket, in that process, leaves the
booth staff room at once (room.removed) and cannot rejoin it, while the admin stays."""

from __future__ import annotations

import asyncio
import urllib.parse
import urllib.request

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from accounts.models import OrganisationMembership
from tests.system.test_staff_notices import make_booth

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
CSRF = "c" * 32


def _session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _post_form(url: str, session: str, fields: dict[str, str]) -> int:
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": CSRF}).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Cookie", f"sessionid={session}; csrftoken={CSRF}")
    request.add_header("Referer", url)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


async def test_removed_member_leaves_the_staff_room_at_once(start_daphne, ws_client, make_user, api_token):
    admin, colleague, outsider = [await make_user(n) for n in ("ada", "bea", "olga")]
    booth = await database_sync_to_async(make_booth)(admin, outsider)

    def setup() -> tuple[int, str]:
        org_id = OrganisationMembership.objects.get(user=admin).organisation_id
        OrganisationMembership.objects.filter(user=admin).update(role="admin")
        OrganisationMembership.objects.create(organisation_id=org_id, user=colleague, role="staff")
        return org_id, _session_of(admin)

    org_id, session = await database_sync_to_async(setup)()
    server = start_daphne()
    async with (
        ws_client(server, token=await api_token(admin)) as admin_desk,
        ws_client(server, token=await api_token(colleague)) as desk,
    ):
        joined = await desk.ok("room.join", room=booth["staff_room"])
        assert "staff" in joined["you"]["roles"]
        await admin_desk.ok("room.join", room=booth["staff_room"])

        url = f"{server.url}/exhibitor/organisations/{org_id}/team/"
        status = await asyncio.to_thread(_post_form, url, session, {"action": "remove", "user_id": str(colleague.pk)})
        assert status == 302  # done, back to the team page

        removed = await desk.expect("room.removed", timeout=30, room=booth["staff_room"])
        assert removed["reason"]
        assert (await desk.request("room.join", room=booth["staff_room"]))["code"] == "forbidden"
        # The admin keeps the room.
        assert all(f["type"] != "room.removed" for f in admin_desk.pending)
        await admin_desk.ok("room.history", room=booth["staff_room"], after_seq=0)
