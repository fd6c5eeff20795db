"""Above the large-room threshold: counts instead of rosters, coalesced reaction and vote summaries."""

import pytest

from live import protocol
from live.models import RoomEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("generous_post_limits")]


async def test_large_room_gets_counts_and_coalesced_summaries(connect, make_user, room, monkeypatch):
    monkeypatch.setattr(protocol, "LARGE_ROOM_THRESHOLD", 2)
    people = [await connect(await make_user()) for _ in range(4)]
    for client in people:
        await client.ok("room.join", room=room.slug)
    presence = await people[0].expect("presence", timeout=3)
    assert presence["presence"]["count"] == 4 and presence["presence"]["roster"] is None

    sent = await people[0].ok("chat.send", room=room.slug, text="applause please")
    asked = await people[0].ok("qa.ask", room=room.slug, text="A question")
    events_before = await RoomEvent.objects.acount()
    for client in people:
        await client.ok("chat.react", room=room.slug, message_id=sent["message_id"], emoji="👏")
        await client.ok("qa.upvote", room=room.slug, question_id=asked["question_id"])

    reactions = await people[3].expect("chat.reactions", timeout=3)
    assert reactions["reactions"] == {str(sent["message_id"]): {"👏": 4}}
    votes = await people[3].expect("qa.votes", timeout=3)
    assert votes["votes"] == {str(asked["question_id"]): 4}
    # Eight clicks, no sequenced event each; the counts are stored all the same.
    assert await RoomEvent.objects.acount() == events_before
    per_click = [f for f in people[3].pending if f.get("seq", 0) > events_before]
    assert per_click == []
    state = await people[1].ok("room.join", room=room.slug)
    assert state["messages"][-1]["reactions"] == {"👏": 4}
    assert state["questions"][0]["votes"] == 4
