"""The final's frames reach a viewer's socket in the final's stage room: the team called to the
stage (competition.pitch) and the judges' scores once released (competition.scores)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from competition import final, judging, results
from tests.competition.conftest import make_world
from tests.competition.test_services import _scored_round

pytestmark = pytest.mark.django_db(transaction=True)


def _final_on_stage(tmp_path, settings):
    from streams.services import create_event

    settings.MEDIA_ROOT = str(tmp_path)
    world = make_world()
    _scored_round(world)
    world.prelim.scoring_deadline = timezone.now() - timedelta(minutes=1)
    world.prelim.save()
    finalists = results.confirm_advancement(round_=world.prelim, by=world.organizer)
    now = timezone.now()
    event = create_event(name="大会", slug="conf", starts_at=now, ends_at=now + timedelta(days=1))
    session = final.create_final_stage(round_=world.final, event=event, starts_at=now)
    overall = world.final.criteria.get()
    judging.assign_judge(round_=world.final, track=world.track, judge_id=world.judges[0].pk, by=world.organizer)
    judging.submit_scores(judge=world.judges[0], application=finalists[0], scores={overall.pk: 8})
    return world, finalists, session.room.slug


async def test_a_viewer_sees_the_pitch_and_the_released_scores(connect, tmp_path, settings):
    world, finalists, room = await database_sync_to_async(_final_on_stage)(tmp_path, settings)
    viewer = await connect()
    await viewer.ok("room.join", room=room)

    await database_sync_to_async(final.set_pitch)(
        round_=world.final, by=world.organizer, application_id=finalists[0].pk
    )
    pitch = await viewer.expect("competition.pitch", timeout=10)
    assert pitch["pitch"]["application_id"] == finalists[0].pk

    await database_sync_to_async(final.release_live_scores)(round_=world.final, by=world.organizer, released=True)
    scores = await viewer.expect("competition.scores", timeout=10)
    assert scores["released"] is True
    assert scores["teams"][0]["scores"][0]["total"] == 80.0
