"""The recruitment pages, server-side: what each shows in zh and en, the employer's forms
and the organizers' decisions (the browser flows are tests/e2e/test_recruitment_pages.py)."""

from __future__ import annotations

import pytest

from recruitment import fairs, jobs
from recruitment.models import Job, JobViewDay, ZoneEmployer
from tests.recruitment.conftest import client_for

pytestmark = pytest.mark.django_db


def admitted(fair, zone="foreign", org="acme"):
    place = fairs.request_admission(
        by=fair["admin"] if org == "acme" else fair["other"],
        zone_id=fair["zones"][zone].pk,
        organisation=fair["orgs"][org],
    )
    return fairs.admit_employer(by=fair["organizer"], place_id=place.pk)


def test_public_pages_in_both_languages(fair):
    admitted(fair)
    job = jobs.create_job(
        by=fair["staff"],
        organisation=fair["orgs"]["acme"],
        title="数据科学家",
        title_en="Data scientist",
        description="建模",
        description_en="Modelling",
        zone="foreign-talent",
        city="深圳",
        city_en="Shenzhen",
        external_url="https://jobs.example.org/ds",
        publish=True,
    )
    zone = fair["zones"]["foreign"]
    zone.audience, zone.audience_en = "外籍人才", "Foreign professionals"
    zone.boards = [{"title": "展板一", "title_en": "Board one", "text": "内容", "text_en": "Text"}]
    zone.save()
    for lang, title, audience, board, employer, heading in (
        ("zh-hans", "数据科学家", "外籍人才", "展板一", "深圳创新科技", "网上招聘会"),
        ("en", "Data scientist", "Foreign professionals", "Board one", "Shenzhen Innovation Tech", "Online job fairs"),
    ):
        client = client_for()
        headers = {"HTTP_ACCEPT_LANGUAGE": lang}
        index = client.get("/jobs/", **headers).content.decode()
        assert 'data-zone="foreign-talent"' in index and heading in index
        page = client.get(f"/jobs/fairs/{zone.slug}/", **headers).content.decode()
        assert title in page and audience in page and board in page and employer in page
        board_page = client.get("/jobs/board/", {"q": title}, **headers).content.decode()
        assert f'data-job-id="{job.pk}"' in board_page
        job_page = client.get(f"/jobs/{job.pk}/", **headers).content.decode()
        assert title in job_page and 'id="job-apply"' in job_page and "https://jobs.example.org/ds" in job_page
    assert JobViewDay.objects.get(job=job).views == 2
    assert client_for().get("/jobs/fairs/nope/").status_code == 404
    draft = jobs.create_job(by=fair["staff"], organisation=fair["orgs"]["acme"], title="草稿")
    assert client_for().get(f"/jobs/{draft.pk}/").status_code == 404
    # Nonsense filters are ignored, never a 500.
    assert (
        client_for().get("/jobs/board/", {"salary_min": "x", "education": "?", "page": "-3", "zone": "<b>"}).status_code
        == 200
    )


def test_employer_joins_a_fair_and_posts_a_job_through_the_forms(fair):
    admin = client_for(fair["admin"])
    page = admin.get("/jobs/employer/").content.decode()
    assert 'id="join-foreign-talent"' in page and 'class="inline join-form"' in page
    joined = admin.post(
        "/jobs/employer/fairs/foreign-talent/join/", {"organisation": fair["orgs"]["acme"].pk, "note": "hi"}
    )
    assert joined.status_code == 302
    place = ZoneEmployer.objects.get()
    assert place.status == "applied" and place.note == "hi"
    # Organizers decide on their page; others may not.
    assert client_for(fair["admin"]).get("/jobs/organizer/").status_code == 403
    organizer = client_for(fair["organizer"])
    assert f'data-place="{place.pk}"' in organizer.get("/jobs/organizer/").content.decode()
    assert organizer.post(f"/jobs/organizer/requests/{place.pk}/admit/").status_code == 302
    place.refresh_from_db()
    assert place.status == "admitted"

    staff = client_for(fair["staff"])
    form = {
        "title": "后端工程师",
        "title_en": "Backend engineer",
        "description": "Go 与 Python",
        "city": "深圳",
        "salary_min": "20000",
        "salary_max": "35000",
        "education": "bachelor",
        "experience_years_min": "2",
        "headcount": "3",
        "languages": ["zh", "en"],
        "skills": [str(fair["ml"].pk)],
        "zone": "foreign-talent",
        "field": str(fair["ai"].pk),
        "deadline": "",
        "external_url": "",
    }
    bad = staff.post(f"/jobs/employer/{fair['orgs']['acme'].pk}/new/", {**form, "salary_max": "100"})
    assert bad.status_code == 200 and 'id="job-errors"' in bad.content.decode()
    assert not Job.objects.exists()
    saved = staff.post(f"/jobs/employer/{fair['orgs']['acme'].pk}/new/", {**form, "publish": "1"})
    assert saved.status_code == 302
    job = Job.objects.get()
    assert (job.status, job.zone.slug, job.languages, job.headcount) == ("published", "foreign-talent", ["zh", "en"], 3)
    assert list(job.skills.values_list("slug", flat=True)) == ["t-ml"]
    edited = staff.post(f"/jobs/employer/jobs/{job.pk}/", {**form, "headcount": "4"})
    assert edited.status_code == 302 and Job.objects.get().headcount == 4
    # Someone else's job and organisation are not found.
    other = client_for(fair["other"])
    assert other.get(f"/jobs/employer/jobs/{job.pk}/").status_code == 404
    assert other.post(f"/jobs/employer/jobs/{job.pk}/close/").status_code == 404
    assert Job.objects.get().status == "published"
    assert other.get(f"/jobs/employer/{fair['orgs']['acme'].pk}/new/").status_code == 404
    assert staff.post(f"/jobs/employer/jobs/{job.pk}/close/").status_code == 302
    assert Job.objects.get().status == "closed"
    assert client_for().get("/jobs/employer/").status_code == 302  # guests log in first
