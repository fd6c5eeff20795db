"""The candidates' and employers' application pages, server-rendered: the forms call the
same services as the API; refusals come back as messages in the reader's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from recruitment import applications, talent
from recruitment.models.applications import Application, Invitation
from recruitment.models.candidates import Resume
from tests.recruitment import resume_media
from tests.recruitment.candidates_fixtures import *  # noqa: F403
from tests.recruitment.candidates_fixtures import resume_of

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_profile_and_resume_pages_in_both_languages(api, candidate):
    client = api(candidate)
    page = client.get("/recruitment/me/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and "我的求职档案" in page.content.decode()
    assert "job-suggestions" in page.content.decode()
    saved = client.post(
        "/recruitment/me/",
        {
            "headline": "Data scientist",
            "experience_years": "4",
            "education": "清华大学 | 硕士 | 计算机 | 2015-2018",
            "desired_cities": "上海，Shenzhen",
            "languages": ["zh", "en"],
            "salary_min": "20000",
            "salary_max": "30000",
            "open_to_fair_employers": "on",
        },
        follow=True,
    )
    assert saved.status_code == 200
    profile = candidate.candidate_profile
    profile.refresh_from_db()
    assert profile.education == [
        {"school": "清华大学", "degree": "硕士", "field": "计算机", "start_year": 2015, "end_year": 2018}
    ]
    assert profile.desired_cities == ["上海", "Shenzhen"] and profile.open_to_fair_employers
    bad = client.post("/recruitment/me/", {"experience_years": "4", "salary_min": "50000", "salary_max": "10"})
    assert bad.status_code == 400
    uploaded = client.post(
        "/recruitment/me/resumes/",
        {"action": "upload", "file": resume_media.upload(resume_media.docx(), "cv.docx"), "title": "我的简历"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert Resume.objects.get(owner=candidate).title == "我的简历"
    assert "我的简历" in uploaded.content.decode()
    scanned = client.post(
        "/recruitment/me/resumes/",
        {"action": "upload", "file": resume_media.upload(resume_media.scanned_pdf())},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    (message,) = _messages(scanned)
    assert message.startswith("No text could be read from this PDF") and "扫描" not in message


def test_apply_box_apply_withdraw_and_invitations(api, candidate, employer, job, make_job):
    org, staff = employer
    resume = resume_of(candidate)
    request = RequestFactory().get(f"/recruitment/jobs/{job.pk}/")
    request.user = candidate
    box = engines["django"].from_string('{% include "recruitment/_apply.html" %}').render({"job": job}, request)
    assert 'id="apply-form"' in box and f'value="{resume.pk}" selected' in box
    client = api(candidate)
    page = client.get(f"/recruitment/me/apply/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Data scientist" in page and 'id="apply-form"' in page
    from recruitment.models import Job

    draft = Job.objects.create(organisation=org, title="草稿", status=Job.Status.DRAFT)
    assert client.get(f"/recruitment/me/apply/{draft.pk}/").status_code == 404
    sent = client.post(f"/recruitment/me/apply/{job.pk}/", {"resume": resume.pk, "note": "hi"}, follow=True)
    assert sent.status_code == 200 and Application.objects.filter(job=job, candidate=candidate).exists()
    again = client.post(
        f"/recruitment/me/apply/{job.pk}/", {"resume": resume.pk}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert any("already applied" in m for m in _messages(again))
    listing = client.get("/recruitment/me/applications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Data scientist" in listing and "withdraw-form" in listing
    application = Application.objects.get(job=job)
    client.post(f"/recruitment/me/applications/{application.pk}/withdraw/")
    assert Application.objects.get(pk=application.pk).status == "withdrawn"
    second = make_job(org, title="工程师", title_en="Engineer")
    invitation = talent.invite(staff, second.pk, candidate.pk, message="欢迎")
    page = client.get("/recruitment/me/invitations/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "欢迎" in page and "工程师" in page
    client.post(f"/recruitment/me/invitations/{invitation.pk}/answer/", {"answer": "accept", "resume": resume.pk})
    assert Invitation.objects.get(pk=invitation.pk).state == "accepted"
    assert Application.objects.filter(job=second, candidate=candidate, source="invitation").exists()


def test_employer_board_moves_schedules_and_scores(api, candidate, person, employer, job):
    _org, staff = employer
    resume_of(candidate)
    other = person("other")
    resume_of(other)
    first = applications.apply(candidate, job.pk)
    second = applications.apply(other, job.pk)
    client = api(staff)
    board = client.get("/recruitment/employer/applications/", {"job": job.pk}, HTTP_ACCEPT_LANGUAGE="en")
    html = board.content.decode()
    assert board.status_code == 200 and "Maria" in html and "Other" in html and "candidate-suggestions" in html
    filtered = client.get("/recruitment/employer/applications/", {"q": "nobody-matches-this"}).content.decode()
    assert "no-applications" in filtered
    client.post("/recruitment/employer/applications/bulk/", {"ids": [first.pk, second.pk], "status": "shortlisted"})
    assert set(Application.objects.values_list("status", flat=True)) == {"shortlisted"}
    start = (timezone.now() + timedelta(days=2)).astimezone(timezone.get_fixed_timezone(0))
    answer = client.post(
        f"/recruitment/employer/applications/{first.pk}/",
        {
            "action": "interview",
            "start": [start.strftime("%Y-%m-%dT%H:%M"), ""],
            "zone": "Europe/London",
            "minutes": "30",
        },
        follow=True,
    )
    assert answer.status_code == 200
    interview = Application.objects.get(pk=first.pk).interviews.get()
    assert Application.objects.get(pk=first.pk).status == "interview"
    slot = interview.meeting.slots.get()
    assert (slot.end_at - slot.start_at) == timedelta(minutes=30)
    client.post(
        f"/recruitment/employer/applications/{first.pk}/",
        {"action": "assess", "interview": interview.pk, "notes": "清楚", "score": "4"},
    )
    interview.refresh_from_db()
    assert interview.score == 4 and interview.notes == "清楚"
    # the candidate's page shows the interview link, not the notes
    mine = api(candidate).get("/recruitment/me/applications/").content.decode()
    assert f"/meetings/{interview.meeting_id}/" in mine and "清楚" not in mine
    # strangers: nothing on the board, their actions find nothing
    stranger = api(person("stranger"))
    assert "not-employer" in stranger.get("/recruitment/employer/applications/").content.decode()
    stranger.post(f"/recruitment/employer/applications/{second.pk}/", {"action": "move", "status": "offer"})
    assert Application.objects.get(pk=second.pk).status == "shortlisted"


def test_talent_pool_page_invites(api, candidate, employer, job, make_job):
    org, staff = employer
    resume_of(candidate)
    applications.apply(candidate, make_job(org, title="旧职位", title_en="Old").pk)
    client = api(staff)
    page = client.get("/recruitment/employer/talent/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Maria" in page and "applied before" in page
    client.post("/recruitment/employer/talent/invite/", {"job": job.pk, "candidate": candidate.pk, "message": "Join"})
    assert Invitation.objects.get(candidate=candidate, job=job).message == "Join"


def test_ranked_suggestions_with_reasons_on_both_pages(api, candidate, employer, make_job):
    from recruitment import candidates

    org, staff = employer
    job = make_job(org, title="数据科学家", title_en="Data scientist", city="上海", city_en="Shanghai")
    job.description = "Python、机器学习、SQL。Machine learning with Python and SQL."
    job.save()
    candidates.update_profile(candidate, headline="Data scientist", desired_cities=["上海"], languages=["en", "zh"])
    resume_of(candidate)  # Python, machine learning, statistics, SQL; Shanghai
    applications.apply(candidate, job.pk)
    mine = api(candidate).get("/recruitment/me/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = mine[mine.index('id="job-suggestions"') :]
    assert "Data scientist" in section[: section.index("</section>")]
    board = api(staff).get("/recruitment/employer/applications/", {"job": job.pk}, HTTP_ACCEPT_LANGUAGE="en")
    html = board.content.decode()
    section = html[html.index('id="candidate-suggestions"') :]
    assert "Maria" in section[: section.index("</section>")] and "✓" in section[: section.index("</section>")]
