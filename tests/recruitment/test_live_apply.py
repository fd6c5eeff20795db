"""直播带岗: a viewer applies to a job pinned on a recruitment livestream over the stage socket
(one click, default résumé) or, new, with the minimum over the JSON API; the hosts (the
stage's moderators and speakers) hear `stage.job_applied` with the job's count, viewers do
not; refusals (not pinned, duplicate, no résumé, own job, a forum stage, bad inline fields)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.test import Client as DjangoClient

from accounts.models import Organisation, OrganisationMembership, User
from live.models import Room
from recruitment import candidates, live_apply, pins
from recruitment.models import Application, Job
from streams import services
from streams.models import Session
from tests.programme import UTC_0526_0100

pytestmark = pytest.mark.django_db(transaction=True)

LONG_TEXT = "Software engineer, 6 years of Python and Django, Shenzhen. 软件工程师，六年经验。"


@pytest.fixture
def stage(transactional_db, event):
    def session(kind: str, slug: str) -> Session:
        return services.create_session(
            event=event,
            kind=kind,
            title=slug,
            slug=slug,
            starts_at=UTC_0526_0100,
            ends_at=UTC_0526_0100 + timedelta(hours=1),
        )

    fair = session(Session.Kind.RECRUITMENT_LIVESTREAM, "job-fair")
    forum = session(Session.Kind.MAIN_FORUM, "forum")
    people = {
        name: User.objects.create_user(username=name, password="x", display_name=name.title())
        for name in ("mod", "hr", "viewer", "newcomer", "staffer")
    }
    services.add_event_moderator(event=event, user=people["mod"])
    fair.speakers.add(services.create_speaker(name="人事", user=people["hr"]))
    employer = Organisation.objects.create(name="华为", name_en="Huawei")
    OrganisationMembership.objects.create(user=people["staffer"], organisation=employer)
    jobs = [
        Job.objects.create(title=t, title_en=e, organisation=employer, status=Job.Status.PUBLISHED)
        for t, e in (("算法工程师", "Algorithm engineer"), ("芯片设计师", "Chip designer"), ("未置顶", "Not pinned"))
    ]
    room = Room.objects.get(pk=fair.room_id)
    for job in jobs[:2]:
        pins.pin_job(room_id=room.pk, user=people["mod"], roles=frozenset({"moderator"}), job_id=job.pk)
    candidates.upload_resume(people["viewer"], live_apply.text_resume("Viewer", "viewer@example.org", LONG_TEXT))
    return {"room": room.slug, "forum": forum.room.slug, "session": fair, "jobs": jobs, **people}


async def test_one_click_apply_and_the_hosts_counter(connect, stage):
    room = stage["room"]
    first, second, _ = stage["jobs"]
    moderator, speaker = await connect(stage["mod"]), await connect(stage["hr"])
    viewer, other = await connect(stage["viewer"]), await connect(stage["newcomer"])
    for client in (moderator, speaker, viewer, other):
        await client.ok("room.join", room=room)

    before = await speaker.ok("stage.job_applications", room=room)
    assert before["counts"] == [{"job_id": first.pk, "count": 0}, {"job_id": second.pk, "count": 0}]

    applied = await viewer.ok("stage.apply_job", room=room, job_id=first.pk, note="看直播投递")
    assert applied["job_id"] == first.pk and applied["status"] == "new"
    for host in (moderator, speaker):
        frame = await host.expect("stage.job_applied")
        assert frame == {"type": "stage.job_applied", "room": room, "job_id": first.pk, "count": 1, "total": 1}
    await viewer.nothing()
    await other.nothing()

    application = await database_sync_to_async(Application.objects.get)(pk=applied["application_id"])
    assert application.source == f"stage:{stage['session'].pk}" and application.note == "看直播投递"
    after = await moderator.ok("stage.job_applications", room=room)
    assert {c["job_id"]: c["count"] for c in after["counts"]} == {first.pk: 1, second.pk: 0}

    # Twice is refused, and nobody hears of it.
    twice = await viewer.request("stage.apply_job", room=room, job_id=first.pk)
    assert twice["code"] == "application_duplicate"
    await moderator.nothing()


async def test_refusals(connect, stage):
    room = stage["room"]
    first, _, unpinned = stage["jobs"]
    viewer, newcomer = await connect(stage["viewer"]), await connect(stage["newcomer"])
    staffer, guest = await connect(stage["staffer"]), await connect()
    for client in (viewer, newcomer, staffer, guest):
        await client.ok("room.join", room=room)
    await viewer.ok("room.join", room=stage["forum"])

    assert (await viewer.request("stage.apply_job", room=room, job_id=unpinned.pk))["code"] == "not_found"
    assert (await viewer.request("stage.apply_job", room=stage["forum"], job_id=first.pk))["code"] == "invalid_state"
    assert (await newcomer.request("stage.apply_job", room=room, job_id=first.pk))["code"] == "no_resume"
    assert (await guest.request("stage.apply_job", room=room, job_id=first.pk))["code"] == "auth_required"
    await database_sync_to_async(candidates.upload_resume)(
        stage["staffer"], live_apply.text_resume("Staff", "s@example.org", LONG_TEXT)
    )
    assert (await staffer.request("stage.apply_job", room=room, job_id=first.pk))["code"] == "own_job"
    assert (await viewer.request("stage.apply_job", room=room, job_id=first.pk, note="x" * 2001))["code"] == (
        "invalid_fields"
    )
    # Only hosts see the counts.
    assert (await viewer.request("stage.job_applications", room=room))["code"] == "forbidden"
    # A job closed after it was pinned leaves the stage (rec-jobs): and takes no applications.
    await database_sync_to_async(Job.objects.filter(pk=first.pk).update)(status=Job.Status.CLOSED)
    assert (await viewer.request("stage.apply_job", room=room, job_id=first.pk))["code"] == "job_closed"
    assert await database_sync_to_async(Application.objects.count)() == 0


def _client(user) -> DjangoClient:
    client = DjangoClient()
    client.force_login(user)
    return client


async def test_a_new_candidate_applies_inline_over_the_api_and_the_hosts_hear_it(connect, stage):
    room = stage["room"]
    first, second, unpinned = stage["jobs"]
    moderator = await connect(stage["mod"])
    await moderator.ok("room.join", room=room)
    client = await database_sync_to_async(_client)(stage["newcomer"])
    url = f"/api/recruitment/stages/{room}/jobs/{first.pk}/apply"

    post = database_sync_to_async(lambda u, data: client.post(u, data))
    missing = await post(url, {})
    assert missing.status_code == 400 and set(missing.json()["fields"]) == {"name", "contact", "resume"}
    short = await post(url, {"name": "新人", "contact": "138 0000 0000", "text": "too short"})
    assert short.status_code == 400 and "text" in short.json()["fields"]
    assert (await post(f"/api/recruitment/stages/{room}/jobs/{unpinned.pk}/apply", {})).status_code == 404
    assert (await post(f"/api/recruitment/stages/nowhere/jobs/{first.pk}/apply", {})).status_code == 404
    await moderator.nothing()

    made = await post(url, {"name": "新人 Newcomer", "contact": "new@example.org", "text": LONG_TEXT, "note": "hi"})
    assert made.status_code == 201, made.content
    assert (await moderator.expect("stage.job_applied"))["count"] == 1
    application = await database_sync_to_async(Application.objects.select_related("resume").get)(
        pk=made.json()["application_id"]
    )
    assert application.resume.kind == "docx" and "Django" in application.resume.text
    assert "new@example.org" in application.resume.text and application.note.startswith("新人 Newcomer · new@")

    # Next time one click does it: the pasted résumé became the default one.
    viewer = await connect(stage["newcomer"])
    await viewer.ok("room.join", room=room)
    await viewer.ok("stage.apply_job", room=room, job_id=second.pk)
    assert (await moderator.expect("stage.job_applied")) == {
        "type": "stage.job_applied",
        "room": room,
        "job_id": second.pk,
        "count": 1,
        "total": 2,
    }
    again = await post(url, {"name": "x", "contact": "y", "text": LONG_TEXT})
    assert again.status_code == 400 and again.json()["code"] == "application_duplicate"


def test_a_file_that_is_no_resume_is_refused_and_nothing_is_kept(stage):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(stage["newcomer"])
    url = f"/api/recruitment/stages/{stage['room']}/jobs/{stage['jobs'][0].pk}/apply"
    fake = SimpleUploadedFile("cv.pdf", b"GIF89a not a pdf at all", content_type="application/pdf")
    answer = client.post(url, {"name": "A", "contact": "a@example.org", "resume": fake})
    assert answer.status_code == 400 and answer.json()["code"] == "bad_type", answer.json()
    both = client.post(
        url,
        {"name": "A", "contact": "a@example.org", "text": LONG_TEXT, "resume": SimpleUploadedFile("a.pdf", b"%PDF")},
    )
    assert both.status_code == 400 and "resume" in both.json()["fields"]
    assert Application.objects.count() == 0
    assert not stage["newcomer"].resumes.exists()
    assert DjangoClient().post(url, {}).status_code == 401
