"""Rights changes reach open sockets in every process (real Daphnes on one Redis): a staff
member removed from the organisation, with a socket on each of two processes, is ejected from
the staff room on both while a colleague keeps getting its events; a deactivated account's
socket on another process is closed. The change is made by a third process (this one)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from websockets.exceptions import ConnectionClosed

from accounts.models import OrganisationMembership, User
from accounts.services import add_organisation_member
from halls.models import Booth
from live import protocol
from live.models import Room
from tests.system.test_scale_out import FAST
from tests.system.test_staff_notices import make_booth

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def publishes_through_redis(settings, redis_server):
    """This test process publishes its changes to the servers' Redis, as an admin or a
    management command of the deployment would."""
    settings.REDIS_URL = redis_server.url


async def test_removed_member_is_ejected_on_every_process(
    start_daphne, redis_server, ws_client, make_user, api_token, publishes_through_redis
):
    alice, bob, outsider, visitor = [await make_user(n) for n in ("alice", "bob", "olga", "victor")]
    booth = await database_sync_to_async(make_booth)(alice, outsider)

    def add_bob():
        add_organisation_member(organisation=Booth.objects.get(pk=booth["booth"]).organisation, user=bob)

    await database_sync_to_async(add_bob)()
    env = {"REDIS_URL": redis_server.url}
    first, second = start_daphne(env), start_daphne(env)
    async with (
        ws_client(first, token=await api_token(alice)) as alice_first,
        ws_client(second, token=await api_token(alice)) as alice_second,
        ws_client(second, token=await api_token(bob)) as colleague,
        ws_client(first, token=await api_token(visitor)) as guest,
    ):
        for desk in (alice_first, alice_second, colleague):
            await desk.ok("room.join", room=booth["staff_room"])
        await alice_first.ok("room.join", room=booth["room"])

        await database_sync_to_async(lambda: OrganisationMembership.objects.filter(user=alice).delete())()

        for desk in (alice_first, alice_second):
            removed = await desk.expect("room.removed", timeout=30, room=booth["staff_room"])
            assert "only for its members" in removed["reason"]
        # A visitor's lead reaches the colleague, not the former member.
        await guest.ok("room.join", room=booth["room"])
        await guest.post(booth["room"], "Can we cooperate on a research project?")
        notice = await colleague.expect("lead.new", timeout=30)  # generous: a loaded machine once took over 10 s
        assert notice["lead"]["source"] == "chat"
        for desk in (alice_first, alice_second):
            assert all(f["type"] != "lead.new" for f in desk.pending)
            assert (await desk.request("room.join", room=booth["staff_room"]))["code"] == "forbidden"
            assert all(f["type"] != "lead.new" for f in desk.pending)
        # The booth itself is open to all: alice is still in it on the first process.
        await alice_first.ok("chat.send", room=booth["room"], text="still a visitor here")


async def test_a_deactivated_account_is_closed_on_another_process(
    start_daphne, redis_server, ws_client, make_user, api_token, publishes_through_redis
):
    alice = await make_user("alice")
    first = start_daphne({"REDIS_URL": redis_server.url, **FAST})
    async with ws_client(first, token=await api_token(alice)) as client:
        await Room.objects.acreate(slug="hall-a", name="Hall A")
        await client.ok("room.join", room="hall-a")

        def deactivate():
            user = User.objects.get(pk=alice.pk)
            user.is_active = False
            user.save(update_fields=["is_active"])

        await database_sync_to_async(deactivate)()
        removed = await client.expect("room.removed", timeout=30, room="hall-a")
        assert removed["reason"] == "Your account was deactivated."
        with pytest.raises(ConnectionClosed) as closed:
            await client.receive(timeout=30)
        assert closed.value.rcvd.code == protocol.CLOSE_ACCOUNT_CLOSED
