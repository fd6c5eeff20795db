"""Roadshows: the moderator moves the stage from pitch to pitch (sequenced, latecomers get the
current one), questions are tagged with the pitch on the stage, viewers ask the presenter for
a meeting, the report counts per pitch; refusals for the wrong people and states."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.utils import timezone

from activities import roadshows, subvenues
from live.errors import LiveError
from tests.activities.helpers import user, venues


def make_roadshow():
    v = venues()
    presenters = [user("p1"), user("p2")]
    roadshow = roadshows.create_roadshow(by=v.gd_organizer, session_id=v.gd_session.pk)
    pitches = [
        roadshows.add_pitch(
            by=v.gd_organizer,
            roadshow=roadshow,
            title=f"项目{i}",
            title_en=f"Project {i}",
            presenter_id=p.pk,
            starts_at=timezone.now() + timedelta(minutes=10 * i),
            minutes=8,
            slides_url="https://example.org/deck.pdf",
        )
        for i, p in enumerate(presenters, start=1)
    ]
    return v, roadshow, presenters, pitches


@pytest.mark.django_db
def test_only_the_organizers_of_the_session_make_it_a_roadshow_and_add_pitches():
    v, roadshow, presenters, pitches = make_roadshow()
    assert [p.position for p in pitches] == [1, 2]
    with pytest.raises(LiveError) as refusal:
        roadshows.create_roadshow(by=v.sc_organizer, session_id=v.gd_session.pk)
    assert refusal.value.code == "forbidden"
    with pytest.raises(LiveError) as refusal:
        roadshows.add_pitch(
            by=v.sc_organizer, roadshow=roadshow, title="x", presenter_id=presenters[0].pk, starts_at=timezone.now()
        )
    assert refusal.value.code == "forbidden"
    for bad, field in (
        ({"title": "", "presenter_id": presenters[0].pk}, "title"),
        ({"title": "x", "presenter_id": 999999}, "presenter_id"),
        ({"title": "x", "presenter_id": presenters[0].pk, "slides_url": "javascript:alert(1)"}, "slides_url"),
    ):
        with pytest.raises(LiveError) as refusal:
            roadshows.add_pitch(by=v.gd_organizer, roadshow=roadshow, starts_at=timezone.now(), **bad)
        assert field in refusal.value.message
    assert roadshow.pitches.count() == 2
    answer = Client().get(f"/api/activities/roadshows/{v.gd_session.pk}")
    assert [p["title_en"] for p in answer.json()["pitches"]] == ["Project 1", "Project 2"]


@pytest.mark.django_db(transaction=True)
async def test_the_stage_goes_from_pitch_to_pitch_and_the_report_counts(connect):
    v, _roadshow, presenters, pitches = await database_sync_to_async(make_roadshow)()
    viewer = await database_sync_to_async(user)("viewer")
    room = await database_sync_to_async(lambda: v.gd_session.room.slug)()
    mod = await connect(v.gd_organizer)
    audience = await connect(viewer)
    await mod.ok("room.join", room=room)
    await audience.ok("room.join", room=room)
    # the audience can neither move the stage nor see a pitch that is not on it
    refused = await audience.request("roadshow.go", room=room, pitch_id=pitches[0].pk)
    assert refused["code"] == "forbidden"
    assert (await audience.request("roadshow.seen", room=room, pitch_id=pitches[0].pk))["code"] == "invalid_state"
    ack = await mod.ok("roadshow.go", room=room, pitch_id=pitches[0].pk)
    assert ack["roadshow_pitch"][0]["id"] == pitches[0].pk and ack["roadshow_pitch"][0]["minutes"] == 8
    event = await audience.expect("roadshow.pitch")
    assert event["roadshow_pitch"][0]["title"] == "项目1" and event["seq"] == ack["seq"]
    assert (await mod.request("roadshow.go", room=room, pitch_id=pitches[0].pk))["code"] == "invalid_state"
    assert (await audience.ok("roadshow.seen", room=room, pitch_id=pitches[0].pk))["counted"] is True
    assert (await audience.ok("roadshow.seen", room=room, pitch_id=pitches[0].pk))["counted"] is False
    await audience.ok("qa.ask", room=room, text="项目1的市场规模？")
    await mod.ok("roadshow.go", room=room, pitch_id=pitches[1].pk)
    await audience.ok("qa.ask", room=room, text="Project 2 team size?")
    await audience.ok("qa.ask", room=room, text="And the revenue?")
    # a latecomer finds the current pitch in the stage state
    late = await connect(await database_sync_to_async(user)("late"))
    await late.ok("room.join", room=room)
    state = await late.ok("stage.get", room=room)
    assert [p["id"] for p in state["roadshow_pitch"]] == [pitches[1].pk]
    # a meeting request with the second presenter, the pitch as its context
    start = timezone.now() + timedelta(days=2)
    meeting = await database_sync_to_async(roadshows.request_meeting)(
        by=viewer, pitch_id=pitches[1].pk, slots=[(start, start + timedelta(minutes=30))]
    )
    assert meeting.context["kind"] == "pitch" and meeting.context["id"] == pitches[1].pk
    assert await database_sync_to_async(lambda: set(meeting.participants.values_list("user_id", flat=True)))() == {
        viewer.pk,
        presenters[1].pk,
    }
    report = await database_sync_to_async(roadshows.report)(by=v.gd_organizer, session_id=v.gd_session.pk)
    counts = [(p["viewers"], p["questions"], p["meeting_requests"]) for p in report["pitches"]]
    assert counts == [(1, 1, 0), (0, 2, 1)]
    own = await database_sync_to_async(roadshows.report)(by=presenters[0], session_id=v.gd_session.pk)
    assert [p["id"] for p in own["pitches"]] == [pitches[0].pk]
    with pytest.raises(LiveError) as refusal:
        await database_sync_to_async(roadshows.report)(by=viewer, session_id=v.gd_session.pk)
    assert refusal.value.code == "forbidden"


@pytest.mark.django_db
def test_meeting_requests_are_refused_with_a_clear_error():
    v, _roadshow, presenters, pitches = make_roadshow()
    client = Client()
    client.force_login(user("fan"))
    url = f"/api/activities/pitches/{pitches[0].pk}/meeting-requests"
    past = timezone.now() - timedelta(days=1)
    body = {"slots": [{"start": past.isoformat(), "end": (past + timedelta(minutes=30)).isoformat()}]}
    answer = client.post(url, json.dumps(body), content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "meeting_slot_past"
    own = Client()
    own.force_login(presenters[0])
    start = timezone.now() + timedelta(days=1)
    body = {"slots": [{"start": start.isoformat(), "end": (start + timedelta(minutes=30)).isoformat()}]}
    answer = own.post(url, json.dumps(body), content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "invalid_state"
    answer = client.post(url, json.dumps(body), content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert pitches[0].meeting_requests.count() == 1
    assert subvenues.sessions_of(v.gd).count() == 1
