"""The final's stage controls over the API: the organizers and the stage room's moderators
step through the pitches and release the live scores; anyone else is refused (403), a bad
step is a 400 naming the field, and `GET …/live` tells the page whether to show the controls."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from competition import final, judging, results
from live.models import RoomRole
from tests.competition.conftest import add_team


def _final(world):
    from streams.services import create_event

    teams = [add_team(world, name, project) for name, project in (("alice", "Alpha"), ("bob", "Beta"))]
    for judge, marks in zip(world.judges, ((9, 5), (8, 4), (7, 6)), strict=True):
        for app, mark in zip(teams, marks, strict=True):
            judging.submit_scores(judge=judge, application=app, scores={world.tech.pk: mark, world.market.pk: mark})
    world.prelim.scoring_deadline = timezone.now() - timedelta(minutes=1)
    world.prelim.save()
    finalists = results.confirm_advancement(round_=world.prelim, by=world.organizer)
    now = timezone.now()
    event = create_event(name="大会", slug="conf", starts_at=now, ends_at=now + timedelta(days=1))
    session = final.create_final_stage(round_=world.final, event=event, starts_at=now)
    return session.room, [a.pk for a in final.pitch_order(world.final)], finalists


def test_moderator_steps_through_pitches_and_others_are_refused(world, client):
    room, order, _finalists = _final(world)
    base = f"/api/competition/rounds/{world.final.pk}"
    viewer = User.objects.create_user("viewer")
    client.force_login(viewer)
    assert client.get(f"{base}/live").json()["can_run"] is False
    for path, body in (("pitch", {"step": 1}), ("live-scores", {"released": True})):
        answer = client.post(f"{base}/{path}", body, content_type="application/json")
        assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
    client.logout()
    assert client.post(f"{base}/pitch", {"step": 1}, content_type="application/json").status_code == 401

    moderator = User.objects.create_user("stage-mod")
    RoomRole.objects.create(room=room, user=moderator, role="moderator")
    client.force_login(moderator)
    assert client.get(f"{base}/live").json()["can_run"] is True

    def step(n):
        answer = client.post(f"{base}/pitch", {"step": n}, content_type="application/json")
        assert answer.status_code == 200, answer.content
        return answer.json()["application_id"]

    assert step(1) == order[0]  # from between pitches: the first
    assert step(1) == order[1]
    assert step(-1) == order[0]
    assert step(-1) is None  # before the first: between pitches
    assert step(-1) == order[-1]  # "previous" from between pitches: the last
    assert step(1) is None  # past the last
    bad = client.post(f"{base}/pitch", {"step": 2}, content_type="application/json")
    assert bad.status_code == 400 and "step" in bad.json()["fields"]
    released = client.post(f"{base}/live-scores", {"released": True}, content_type="application/json")
    assert released.status_code == 200 and released.json()["released"] is True
    assert client.get(f"{base}/live").json()["scores"]["released"] is True
    # a moderator of another room is nobody here
    other = User.objects.create_user("other-mod")
    client.force_login(other)
    assert client.post(f"{base}/pitch", {"step": 1}, content_type="application/json").status_code == 403
