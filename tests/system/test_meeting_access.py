"""A meeting's call and chat over a real socket (Daphne): its participants get in, a
non-participant gets neither into the chat nor into the call."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from meetings import services

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def confirmed(alice, bob):
    start = timezone.now() + timedelta(minutes=4)
    meeting = services.request_meeting(
        alice, [bob], topic="Real socket", slots=[(start, start + timedelta(minutes=30))]
    )
    services.accept(meeting, bob, meeting.slots.get().pk)
    return meeting


async def test_a_non_participant_cannot_join_the_meetings_chat_or_call(daphne_server, ws_client, make_user, api_token):
    alice, bob, mallory = await make_user("alice"), await make_user("bob"), await make_user("mallory")
    meeting = await database_sync_to_async(confirmed)(alice, bob)
    async with (
        ws_client(daphne_server, token=await api_token(alice)) as a,
        ws_client(daphne_server, token=await api_token(bob)) as b,
        ws_client(daphne_server, token=await api_token(mallory)) as m,
    ):
        refused = await m.request("room.join", room=meeting.room_slug)
        assert refused["type"] == "error" and refused["code"] == "forbidden"
        refused = await m.request("meeting.join", meeting_id=meeting.pk)
        assert refused["type"] == "error" and refused["code"] == "not_found"

        started = await a.ok("meeting.join", meeting_id=meeting.pk)
        await b.expect("call.ringing")
        refused = await m.request("call.accept", call_id=started["call_id"])
        assert refused["type"] == "error" and refused["code"] == "not_found"
        await b.ok("meeting.join", meeting_id=meeting.pk)
        joined = await b.ok("room.join", room=meeting.room_slug)
        assert "member" in joined["you"]["roles"]
        await a.ok("room.join", room=meeting.room_slug)
        await b.ok("chat.send", room=meeting.room_slug, text="你好 Alice")
        refused = await m.request("room.history", room=meeting.room_slug)
        assert refused["type"] == "error"
