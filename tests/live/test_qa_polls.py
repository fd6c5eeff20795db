import pytest

from live.models import PollVote, Question

pytestmark = pytest.mark.django_db(transaction=True)


async def test_moderated_qa_queue_approval_and_upvotes(connect, make_user, room):
    room.qa_moderated = True
    await room.asave()
    mod_user, alice, bob = await make_user("mod", is_staff=True), await make_user("alice"), await make_user("bob")
    mod, a, b = await connect(mod_user), await connect(alice), await connect(bob)
    for client in (mod, a, b):
        await client.ok("room.join", room=room.slug)

    asked = await a.ok("qa.ask", room=room.slug, text="When is the job fair?")
    assert asked["status"] == "pending"
    queued = await mod.expect("qa.queue")
    assert queued["question"]["id"] == asked["question_id"]
    # Attendees do not see the queue; the author sees their own pending question on join.
    fresh_b = await connect(bob)
    assert (await fresh_b.ok("room.join", room=room.slug))["questions"] == []
    fresh_a = await connect(alice)
    assert [q["id"] for q in (await fresh_a.ok("room.join", room=room.slug))["questions"]] == [asked["question_id"]]
    assert (await b.request("qa.upvote", room=room.slug, question_id=asked["question_id"]))["code"] == "not_found"

    await mod.ok("qa.moderate", room=room.slug, question_id=asked["question_id"], action="approve")
    public = await b.expect("qa.question")
    assert public["question"]["status"] == "approved"

    second = await b.ok("qa.ask", room=room.slug, text="Is there a replay?")
    await mod.ok("qa.moderate", room=room.slug, question_id=second["question_id"], action="approve")
    assert (await b.ok("qa.upvote", room=room.slug, question_id=second["question_id"]))["votes"] == 1
    assert (await a.ok("qa.upvote", room=room.slug, question_id=second["question_id"]))["votes"] == 2
    # Toggle: a second upvote by the same person takes it back.
    assert (await a.ok("qa.upvote", room=room.slug, question_id=second["question_id"]))["votes"] == 1

    state = await (await connect(bob)).ok("room.join", room=room.slug)
    assert [q["id"] for q in state["questions"]] == [second["question_id"], asked["question_id"]]

    await mod.ok("qa.moderate", room=room.slug, question_id=asked["question_id"], action="pin")
    await mod.ok("qa.moderate", room=room.slug, question_id=second["question_id"], action="answer")
    state = await (await connect(bob)).ok("room.join", room=room.slug)
    assert [(q["id"], q["pinned"], q["answered"]) for q in state["questions"]] == [
        (asked["question_id"], True, False),
        (second["question_id"], False, True),
    ]
    await mod.ok("qa.moderate", room=room.slug, question_id=second["question_id"], action="dismiss")
    assert await Question.objects.filter(status="dismissed").acount() == 1


async def test_unmoderated_question_is_public_at_once(connect, make_user, room):
    a, b = await connect(await make_user()), await connect(await make_user())
    await a.ok("room.join", room=room.slug)
    await b.ok("room.join", room=room.slug)
    asked = await a.ok("qa.ask", room=room.slug, text="Hello?", ref="q1")
    assert asked["status"] == "approved"
    assert (await b.expect("qa.question"))["question"]["text"] == "Hello?"
    again = await a.ok("qa.ask", room=room.slug, text="Hello?", ref="q1")
    assert again["question_id"] == asked["question_id"]
    assert await Question.objects.acount() == 1


async def test_poll_lifecycle_one_vote_each_and_coalesced_results(connect, make_user, room, monkeypatch):
    from live import coalesce

    mod_user = await make_user("mod", is_staff=True)
    mod = await connect(mod_user)
    await mod.ok("room.join", room=room.slug)
    voters = [await connect(await make_user()) for _ in range(5)]
    for client in voters:
        await client.ok("room.join", room=room.slug)

    created = await mod.ok("poll.create", room=room.slug, question="Best zone?", options=["AI", "Bio", "Energy"])
    poll = created["poll"]
    assert poll["state"] == "draft"
    # Drafts are for moderators only.
    assert (await (await connect()).ok("room.join", room=room.slug))["polls"] == []
    await mod.ok("poll.open", room=room.slug, poll_id=poll["id"])
    opened = await voters[0].expect("poll.state")
    assert opened["poll"]["state"] == "open"

    ai, bio = poll["options"][0]["id"], poll["options"][1]["id"]
    for client in voters:
        await client.ok("poll.vote", room=room.slug, poll_id=poll["id"], option_id=ai)
    # Changing one's vote replaces it: still one vote per person.
    await voters[0].ok("poll.vote", room=room.slug, poll_id=poll["id"], option_id=bio)
    assert await PollVote.objects.acount() == 5

    # Six votes within the interval: one results frame, with the final counts.
    results = await voters[1].expect("poll.results", timeout=5)
    counts = {o["id"]: o["votes"] for o in results["poll"]["options"]}
    assert counts[ai] == 4 and counts[bio] == 1 and results["poll"]["total_votes"] == 5
    assert [f for f in voters[1].pending if f["type"] == "poll.results"] == []
    voters[1].pending.clear()
    await voters[1].nothing(timeout=coalesce.POLL_RESULTS_INTERVAL + 0.3)

    await mod.ok("poll.close", room=room.slug, poll_id=poll["id"])
    closed = await voters[0].expect("poll.state", timeout=3)  # voters[0] took the "open" one
    assert closed["poll"]["state"] == "closed" and closed["poll"]["total_votes"] == 5
    late = await voters[3].request("poll.vote", room=room.slug, poll_id=poll["id"], option_id=ai)
    assert late["code"] == "invalid_state"
