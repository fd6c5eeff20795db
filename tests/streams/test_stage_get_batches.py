"""Everyone on a stage page asks `stage.get` right after joining (the opening minute: thousands
of one room at once). The askers of the same moment share one read of the stage
(streams.packaging.stored_reads) and one query for their interpretation languages
(streams.handlers.language_reads); each still gets their own languages, and an answer is
never older than its question."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from streams import handlers, packaging
from streams.models import Interpreter
from tests.streams.test_stage_state import stage  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


async def test_the_askers_of_a_moment_share_reads_and_get_their_own_languages(connect, stage, make_user):  # noqa: F811
    room = stage["room"]
    interpreter = await make_user("ines")
    await database_sync_to_async(Interpreter.objects.create)(session=stage["session"], user=interpreter, language="en")
    people = [stage["attendee"], interpreter, *[await make_user(f"p{n}") for n in range(8)]]
    clients = [await connect(person) for person in people] + [await connect() for _ in range(20)]
    for client in clients:
        await client.ok("room.join", room=room)
    speaker = await connect(stage["speaker"])
    await speaker.ok("room.join", room=room)
    await speaker.ok("stage.set_state", room=room, state="live")  # before the storm asks
    reads, languages = packaging.stored_reads.reads, handlers.language_reads.reads

    answers = await asyncio.gather(*(client.ok("stage.get", room=room) for client in clients))

    assert all(answer["state"] == "live" for answer in answers)  # none older than the question
    assert {answer["changed_at"] for answer in answers} == {answers[0]["changed_at"]}
    assert answers[1]["interpreting"] == [{"language": "en", "language_name": "English"}]
    assert all(answer["interpreting"] == [] for i, answer in enumerate(answers) if i != 1)
    stage_reads = packaging.stored_reads.reads - reads
    language_queries = handlers.language_reads.reads - languages
    assert 1 <= stage_reads <= len(clients) // 3, stage_reads  # 30 askers, a few shared reads
    assert 1 <= language_queries <= len(people) // 2, language_queries  # guests read nothing


async def test_a_change_after_a_read_started_is_in_the_next_answer(connect, stage):  # noqa: F811
    room = stage["room"]
    speaker, viewer = await connect(stage["speaker"]), await connect(stage["attendee"])
    for client in (speaker, viewer):
        await client.ok("room.join", room=room)
    assert (await viewer.ok("stage.get", room=room))["state"] == "scheduled"
    await speaker.ok("stage.set_state", room=room, state="live")
    assert (await viewer.ok("stage.get", room=room))["state"] == "live"
    await speaker.ok("stage.set_state", room=room, state="paused")
    first, second = await asyncio.gather(viewer.ok("stage.get", room=room), speaker.ok("stage.get", room=room))
    assert first["state"] == second["state"] == "paused"
