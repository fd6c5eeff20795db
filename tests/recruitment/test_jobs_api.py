"""Employers post, edit, publish and close jobs over the API; the board filters and searches
them; refusals in the one error shape (docs/api.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from recruitment.models import Job, JobViewDay, PinnedJob
from tests.recruitment.conftest import client_for

pytestmark = pytest.mark.django_db


def job_body(fair, **extra):
    return {
        "organisation_id": fair["orgs"]["acme"].pk,
        "title": "机器学习工程师",
        "title_en": "Machine learning engineer",
        "description": "负责推荐系统的模型训练与上线。",
        "description_en": "Train and ship recommendation models.",
        "field": fair["ml"].pk,
        "skills": [fair["ai"].pk],
        "city": "深圳",
        "city_en": "Shenzhen",
        "salary_min": 30000,
        "salary_max": 50000,
        "salary_text": "3–5万/月",
        "education": "master",
        "experience_years_min": 3,
        "languages": ["zh", "en"],
        "headcount": 2,
        "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        **extra,
    }


def test_employer_posts_publishes_edits_and_closes_a_job(fair):
    staff = client_for(fair["staff"])
    created = staff.post("/api/recruitment/my/jobs", job_body(fair), content_type="application/json")
    assert created.status_code == 201, created.json()
    job = created.json()
    assert job["status"] == "draft" and job["field"]["slug"] == "t-ml" and job["languages"] == ["zh", "en"]
    assert [s["slug"] for s in job["skills"]] == ["t-ai"]
    # A draft is not on the board nor public.
    assert client_for().get("/api/recruitment/jobs").json()["total"] == 0
    assert client_for().get(f"/api/recruitment/jobs/{job['id']}").status_code == 404

    published = staff.post(f"/api/recruitment/my/jobs/{job['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    twice = staff.post(f"/api/recruitment/my/jobs/{job['id']}/publish")
    assert (twice.status_code, twice.json()["code"]) == (400, "already_published")
    listed = client_for().get("/api/recruitment/jobs").json()
    assert [j["id"] for j in listed["jobs"]] == [job["id"]] and listed["jobs"][0]["open"] is True

    edited = staff.patch(
        f"/api/recruitment/my/jobs/{job['id']}", {"headcount": 5, "city": "广州"}, content_type="application/json"
    )
    assert edited.json()["headcount"] == 5 and edited.json()["city"] == "广州"
    assert edited.json()["title_en"] == "Machine learning engineer"  # untouched fields stay

    # Viewing counts per day.
    for _ in range(3):
        assert client_for().get(f"/api/recruitment/jobs/{job['id']}").status_code == 200
    assert JobViewDay.objects.get(job_id=job["id"]).views == 3
    assert staff.get(f"/api/recruitment/my/jobs/{job['id']}").json()["views"] == 3

    closed = staff.post(f"/api/recruitment/my/jobs/{job['id']}/close")
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"]
    assert client_for().get("/api/recruitment/jobs").json()["total"] == 0
    # A closed job still has its page (saying so) but takes no edits.
    assert client_for().get(f"/api/recruitment/jobs/{job['id']}").json()["open"] is False
    refused = staff.patch(f"/api/recruitment/my/jobs/{job['id']}", {"headcount": 1}, content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (400, "job_closed")
    again = staff.post(f"/api/recruitment/my/jobs/{job['id']}/publish")
    assert again.json()["code"] == "job_closed"


def test_refusals(fair):
    staff = client_for(fair["staff"])
    job = staff.post("/api/recruitment/my/jobs", job_body(fair), content_type="application/json").json()
    # Another organisation's job does not exist for its staff; guests must log in.
    other = client_for(fair["other"])
    for call in (
        lambda c: c.get(f"/api/recruitment/my/jobs/{job['id']}"),
        lambda c: c.patch(f"/api/recruitment/my/jobs/{job['id']}", {"headcount": 1}, content_type="application/json"),
        lambda c: c.post(f"/api/recruitment/my/jobs/{job['id']}/publish"),
        lambda c: c.post(f"/api/recruitment/my/jobs/{job['id']}/close"),
    ):
        answer = call(other)
        assert (answer.status_code, answer.json()["code"]) == (404, "not_found")
        assert call(client_for()).status_code == 401
    # Posting for an organisation one is not staff of: 404 too.
    foreign = staff.post(
        "/api/recruitment/my/jobs",
        job_body(fair, organisation_id=fair["orgs"]["other"].pk),
        content_type="application/json",
    )
    assert foreign.status_code == 404
    # An unverified organisation may not post.
    pending = client_for(fair["pending_admin"]).post(
        "/api/recruitment/my/jobs",
        job_body(fair, organisation_id=fair["orgs"]["pending"].pk),
        content_type="application/json",
    )
    assert (pending.status_code, pending.json()["code"]) == (400, "organisation_unverified")
    # A past deadline cannot be published.
    past = staff.post(
        "/api/recruitment/my/jobs",
        job_body(fair, deadline=(timezone.localdate() - dt.timedelta(days=1)).isoformat(), publish=True),
        content_type="application/json",
    )
    assert (past.status_code, past.json()["code"]) == (400, "deadline_passed")
    # Field problems name the field; nothing is stored.
    count = Job.objects.count()
    for bad, field in (
        ({"salary_min": 50000, "salary_max": 30000}, "salary_max"),
        ({"languages": ["xx"]}, "languages"),
        ({"field": 999999}, "field"),
        ({"title": "", "title_en": ""}, "title"),
        ({"zone": "foreign-talent"}, "zone"),  # not admitted there
        ({"education": "phd"}, "education"),
    ):
        answer = staff.post("/api/recruitment/my/jobs", job_body(fair, **bad), content_type="application/json")
        assert answer.status_code in (400, 422), bad
        assert field in answer.json().get("fields", {}) or field in answer.json()["message"], answer.json()
    assert Job.objects.count() == count
    # Control characters are cleaned, not stored.
    clean = staff.post(
        "/api/recruitment/my/jobs", job_body(fair, title="数据\x00工程师\x07"), content_type="application/json"
    )
    assert clean.json()["title"] == "数据工程师"


def published(fair, org="acme", **fields) -> Job:
    from recruitment import jobs

    by = fair["staff"] if org == "acme" else fair["other"]
    values = {"title": "职位", "description": "描述", **fields}
    return jobs.create_job(by=by, organisation=fair["orgs"][org], publish=True, **values)


def test_board_filters_and_search(fair):
    from recruitment import fairs

    place = fairs.request_admission(
        by=fair["admin"], zone_id=fair["zones"]["foreign"].pk, organisation=fair["orgs"]["acme"]
    )
    fairs.admit_employer(by=fair["organizer"], place_id=place.pk)
    ml = published(
        fair,
        title="算法工程师",
        title_en="Algorithm engineer",
        field=fair["ml"].pk,
        city="深圳",
        city_en="Shenzhen",
        salary_min=30000,
        salary_max=50000,
        education="master",
        languages=["zh", "en"],
        zone="foreign-talent",
        description="深度学习 推荐系统",
    )
    nurse = published(
        fair,
        org="other",
        title="临床研究护士",
        title_en="Clinical research nurse",
        field=fair["bio"].pk,
        city="北京",
        city_en="Beijing",
        salary_min=12000,
        salary_max=18000,
        education="bachelor",
        languages=["zh", "de"],
    )
    open_ended = published(fair, org="other", title="面议岗位", salary_text="面议")  # no range: no salary filter
    everyone = client_for()

    def ids(**params):
        answer = everyone.get("/api/recruitment/jobs", params)
        assert answer.status_code == 200, answer.json()
        return {j["id"] for j in answer.json()["jobs"]}

    assert ids() == {ml.pk, nurse.pk, open_ended.pk}
    assert ids(zone="foreign-talent") == {ml.pk}
    assert ids(field=fair["ai"].pk) == {ml.pk}  # a field includes its subfields
    assert ids(city="Beijing") == {nurse.pk} and ids(city="深圳") == {ml.pk}
    assert ids(education="bachelor") == {nurse.pk, open_ended.pk}  # a bachelor cannot take the master's job
    assert ids(salary_min=20000) == {ml.pk}  # overlap: 12–18k does not reach 20k
    assert ids(salary_max=15000) == {nurse.pk}
    assert ids(salary_min=16000, salary_max=31000) == {ml.pk, nurse.pk}
    assert ids(language="de") == {nurse.pk}
    # The shared search, in either language, combined with a filter.
    assert ids(q="算法") == {ml.pk}
    assert ids(q="nurse") == {nurse.pk}
    assert ids(q="深度学习", zone="returnees") == set()
    # Bad parameters are 422s in the one shape, never 500s.
    for bad in ({"education": "x"}, {"salary_min": -1}, {"page": 0}, {"zone": "Bad Slug"}):
        answer = everyone.get("/api/recruitment/jobs", bad)
        assert (answer.status_code, answer.json()["code"]) == (422, "invalid_fields"), bad


def test_a_closed_job_leaves_the_stages_it_was_pinned_on(fair, event):
    from recruitment import jobs, pins
    from streams import services
    from streams.models import Session
    from tests.programme import UTC_0526_0100

    session = services.create_session(
        event=event,
        kind=Session.Kind.RECRUITMENT_LIVESTREAM,
        title="云聘会",
        slug="fair",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + dt.timedelta(hours=1),
    )
    job = published(fair, title="Pinned")
    pins.pin_job(room_id=session.room_id, user=fair["organizer"], roles=frozenset({"moderator"}), job_id=job.pk)
    assert [j["id"] for j in pins.pinned_jobs(session.room_id)] == [job.pk]
    jobs.close_job(by=fair["staff"], job_id=job.pk)
    assert not PinnedJob.objects.exists()
    from live.models import RoomEvent

    last = RoomEvent.objects.filter(room_id=session.room_id, type="stage.jobs").order_by("-seq").first()
    assert last.data["pinned_jobs"] == []
