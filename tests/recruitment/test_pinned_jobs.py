"""Jobs pinned on recruitment livestreams (recruitment plugs them into the stage through
streams.pins): who may pin, the sequenced `stage.jobs` event with the whole list, the stage
state, refusals, and a closed job leaving the stages it was pinned on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async

from accounts.models import Organisation
from recruitment import pins
from recruitment.models import Job, PinnedJob
from streams import services
from streams.models import Session
from tests.programme import UTC_0526_0100

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fair(transactional_db, event):
    from accounts.models import User

    def session(kind: str, slug: str) -> Session:
        return services.create_session(
            event=event,
            kind=kind,
            title=slug,
            slug=slug,
            starts_at=UTC_0526_0100,
            ends_at=UTC_0526_0100 + timedelta(hours=1),
        )

    fair_session = session(Session.Kind.RECRUITMENT_LIVESTREAM, "job-fair")
    forum = session(Session.Kind.MAIN_FORUM, "forum")
    moderator = User.objects.create_user(username="mod", password="x", display_name="Mod")
    organizer = User.objects.create_user(username="org", password="x", display_name="Org", is_staff=True)
    speaker = User.objects.create_user(username="hr", password="x", display_name="HR")
    attendee = User.objects.create_user(username="alice", password="x", display_name="Alice")
    services.add_event_moderator(event=event, user=moderator)
    linked = services.create_speaker(name="人事", user=speaker)
    fair_session.speakers.add(linked)
    forum.speakers.add(linked)
    employer = Organisation.objects.create(name="华为", name_en="Huawei")
    posting = {
        "organisation": employer,
        "city": "深圳",
        "salary_text": "30–50万/年",
        "external_url": "https://example.com/jobs/1",
        "status": Job.Status.PUBLISHED,
    }
    first = Job.objects.create(title="算法工程师", title_en="Algorithm engineer", **posting)
    second = Job.objects.create(title="芯片设计师", title_en="Chip designer", **posting)
    draft = Job.objects.create(title="草稿", **{**posting, "status": Job.Status.DRAFT})
    closed = Job.objects.create(title="已关闭", **{**posting, "status": Job.Status.CLOSED})
    return {
        "room": fair_session.room.slug,
        "forum": forum.room.slug,
        "moderator": moderator,
        "organizer": organizer,
        "speaker": speaker,
        "attendee": attendee,
        "jobs": [first, second],
        "draft": draft,
        "closed": closed,
    }


async def test_speaker_pins_and_everyone_gets_the_whole_list(connect, fair):
    room = fair["room"]
    first, second = fair["jobs"]
    speaker = await connect(fair["speaker"])
    viewer = await connect(fair["attendee"])
    guest = await connect()
    for client in (speaker, viewer, guest):
        await client.ok("room.join", room=room)

    pinned = await speaker.ok("stage.pin_job", room=room, job_id=first.pk)
    expected_first = {
        "id": first.pk,
        "title": "算法工程师",
        "title_en": "Algorithm engineer",
        "employer": "华为",
        "employer_en": "Huawei",
        "location": "深圳",
        "salary": "30–50万/年",
        "url": "https://example.com/jobs/1",
        "page": f"/jobs/{first.pk}/",
    }
    assert pinned["pinned_jobs"] == [expected_first]
    event = await viewer.expect("stage.jobs")
    assert event == {"type": "stage.jobs", "room": room, "seq": pinned["seq"], "pinned_jobs": [expected_first]}
    assert (await guest.expect("stage.jobs"))["seq"] == pinned["seq"]

    both = await speaker.ok("stage.pin_job", room=room, job_id=second.pk)
    assert [job["id"] for job in both["pinned_jobs"]] == [first.pk, second.pk]
    assert both["seq"] == pinned["seq"] + 1
    state = await viewer.ok("stage.get", room=room)
    assert [job["id"] for job in state["pinned_jobs"]] == [first.pk, second.pk]

    unpinned = await speaker.ok("stage.unpin_job", room=room, job_id=first.pk)
    assert [job["id"] for job in unpinned["pinned_jobs"]] == [second.pk]
    assert [job["id"] for job in (await viewer.expect("stage.jobs", seq=unpinned["seq"]))["pinned_jobs"]] == [second.pk]

    # Latecomers find the changes in the room's history too.
    late = await connect(fair["attendee"])
    joined = await late.ok("room.join", room=room, since_seq=pinned["seq"] - 1)
    assert [e["type"] for e in joined["events"] if e["type"] == "stage.jobs"] == ["stage.jobs"] * 3


async def test_who_may_pin(connect, fair):
    room = fair["room"]
    first, second = fair["jobs"]
    attendee = await connect(fair["attendee"])
    guest = await connect()
    moderator = await connect(fair["moderator"])
    organizer = await connect(fair["organizer"])
    for client in (attendee, guest, moderator, organizer):
        await client.ok("room.join", room=room)

    assert (await attendee.request("stage.pin_job", room=room, job_id=first.pk))["code"] == "forbidden"
    assert (await guest.request("stage.pin_job", room=room, job_id=first.pk))["code"] == "auth_required"
    await moderator.ok("stage.pin_job", room=room, job_id=first.pk)
    await organizer.ok("stage.pin_job", room=room, job_id=second.pk)
    assert (await attendee.request("stage.unpin_job", room=room, job_id=first.pk))["code"] == "forbidden"
    await organizer.ok("stage.unpin_job", room=room, job_id=first.pk)
    assert await database_sync_to_async(PinnedJob.objects.count)() == 1


async def test_refusals_name_the_problem_and_change_nothing(connect, fair):
    room = fair["room"]
    first, _ = fair["jobs"]
    speaker = await connect(fair["speaker"])
    await speaker.ok("room.join", room=room)
    await speaker.ok("room.join", room=fair["forum"])

    unknown = await speaker.request("stage.pin_job", room=room, job_id=999999)
    assert unknown["code"] == "not_found" and "job_id" in unknown["message"]
    bad = await speaker.request("stage.pin_job", room=room, job_id="one")
    assert bad["code"] == "invalid_fields" and "job_id" in bad["message"]
    assert (await speaker.request("stage.unpin_job", room=room, job_id=first.pk))["code"] == "not_found"
    await speaker.ok("stage.pin_job", room=room, job_id=first.pk)
    twice = await speaker.request("stage.pin_job", room=room, job_id=first.pk)
    assert twice["code"] == "invalid_state"
    # A draft is nobody's business yet; a closed job takes no more applicants.
    draft = await speaker.request("stage.pin_job", room=room, job_id=fair["draft"].pk)
    assert draft["code"] == "not_found"
    closed = await speaker.request("stage.pin_job", room=room, job_id=fair["closed"].pk)
    assert closed["code"] == "invalid_state" and "closed" in closed["message"]
    # Only recruitment livestreams pin jobs: not a forum the same speaker speaks in.
    forum = await speaker.request("stage.pin_job", room=fair["forum"], job_id=first.pk)
    assert forum["code"] == "invalid_state" and "recruitment" in forum["message"]
    assert await database_sync_to_async(PinnedJob.objects.count)() == 1


def test_pinned_jobs_in_the_rest_stage_state(client, fair):
    from live.models import Room

    first, _ = fair["jobs"]
    room = Room.objects.get(slug=fair["room"])
    pins.pin_job(room_id=room.pk, user=fair["moderator"], roles=frozenset({"moderator"}), job_id=first.pk)
    body = client.get(f"/api/rooms/{fair['room']}/stage").json()
    assert [job["title_en"] for job in body["pinned_jobs"]] == ["Algorithm engineer"]
