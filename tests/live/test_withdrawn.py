"""What is deleted or dismissed is gone from every stored copy, in the same transaction: the
join answer, room.history (guests too), resume with since_seq and the anonymous HTTP history
serve a tombstone (the seq stays, the text and author do not). Before, the stored
`chat.message` / `qa.question` events kept the text verbatim."""

import json

import pytest
from asgiref.sync import sync_to_async

from live.models import ChatMessage, ModerationAction, Question, RoomEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("generous_post_limits")]

SECRET = "my phone is 555-0100"


def stored_anywhere(text: str) -> list[str]:
    """Every row that still holds the text, whatever the table."""
    found = [f"event {e.seq}" for e in RoomEvent.objects.all() if text in json.dumps(e.data)]
    found += [f"message {m.pk}" for m in ChatMessage.objects.filter(text__contains=text)]
    found += [f"question {q.pk}" for q in Question.objects.filter(text__contains=text)]
    found += [f"audit {a.pk}" for a in ModerationAction.objects.all() if text in json.dumps(a.details)]
    return found


def http_history(slug: str) -> str:
    from django.test import Client

    response = Client().get(f"/api/rooms/{slug}/history", {"limit": 200})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("by", ["author", "moderator"])
async def test_a_deleted_message_leaves_no_text_behind(connect, make_user, room, by):
    alice = await make_user("alice")
    a = await connect(alice)
    mod = await connect(await make_user("mod", is_staff=True))
    guest = await connect()
    for client in (a, mod, guest):
        await client.ok("room.join", room=room.slug)
    await a.ok("chat.send", room=room.slug, text="hello")
    sent = await a.ok("chat.send", room=room.slug, text=SECRET)
    assert SECRET in await sync_to_async(http_history)(room.slug)

    deleter = a if by == "author" else mod
    deleted = await deleter.ok("chat.delete", room=room.slug, message_id=sent["message_id"])

    assert await sync_to_async(stored_anywhere)(SECRET) == []
    # room.history, to a guest: the message's seq is a tombstone, then the deletion.
    history = await guest.ok("room.history", room=room.slug, after_seq=0)
    assert SECRET not in json.dumps(history)
    tombstone = next(e for e in history["events"] if e["seq"] == sent["seq"])
    assert tombstone["type"] == "chat.message"
    assert tombstone["message"] == {
        "id": sent["message_id"],
        "seq": sent["seq"],
        "author": None,
        "text": "",
        "created_at": tombstone["message"]["created_at"],
        "deleted": True,
        "reactions": {},
    }
    assert history["events"][-1]["type"] == "chat.deleted" and history["events"][-1]["seq"] == deleted["seq"]
    # A resuming client gets the deletion, never the text.
    resumed = await (await connect(await make_user("late"))).ok("room.join", room=room.slug, since_seq=0)
    assert SECRET not in json.dumps(resumed)
    assert [e["seq"] for e in resumed["events"]] == [1, 2, 3]
    # Nor does the anonymous HTTP history.
    assert SECRET not in await sync_to_async(http_history)(room.slug)


async def test_a_dismissed_question_leaves_no_text_behind(connect, make_user, room):
    mod = await connect(await make_user("mod", is_staff=True))
    asker = await connect(await make_user("asker"))
    for client in (mod, asker):
        await client.ok("room.join", room=room.slug)
    asked = await asker.ok("qa.ask", room=room.slug, text=SECRET)
    await asker.ok("qa.upvote", room=room.slug, question_id=asked["question_id"])
    await mod.ok("qa.moderate", room=room.slug, question_id=asked["question_id"], action="pin")
    assert SECRET in await sync_to_async(http_history)(room.slug)

    answer = await mod.ok("qa.moderate", room=room.slug, question_id=asked["question_id"], action="dismiss")
    assert answer["question"]["status"] == "dismissed" and answer["question"]["text"] == ""

    assert await sync_to_async(stored_anywhere)(SECRET) == []
    guest = await connect()
    await guest.ok("room.join", room=room.slug)
    history = await guest.ok("room.history", room=room.slug, after_seq=0)
    questions = [e["question"] for e in history["events"] if e["type"] == "qa.question"]
    assert len(questions) == 4  # asked, upvoted, pinned, dismissed: each seq is still there
    assert all(q["text"] == "" and q["author"] is None and q["status"] == "dismissed" for q in questions)
    assert SECRET not in await sync_to_async(http_history)(room.slug)


async def test_a_moderated_question_dismissed_from_the_queue(connect, make_user, room):
    await sync_to_async(lambda: type(room).objects.filter(pk=room.pk).update(qa_moderated=True))()
    mod = await connect(await make_user("mod", is_staff=True))
    asker = await connect(await make_user("asker"))
    for client in (mod, asker):
        await client.ok("room.join", room=room.slug)
    asked = await asker.ok("qa.ask", room=room.slug, text=SECRET)
    await mod.ok("qa.moderate", room=room.slug, question_id=asked["question_id"], action="dismiss")
    queue = await asker.expect("qa.queue", timeout=3)
    while queue["question"]["status"] != "dismissed":
        queue = await asker.expect("qa.queue", timeout=3)
    assert queue["question"]["text"] == ""
    assert await sync_to_async(stored_anywhere)(SECRET) == []
