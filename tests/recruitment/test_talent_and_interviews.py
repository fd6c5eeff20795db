"""Two-way selection (invite from the talent pool; accept makes the application; decline),
interviews as scheduled meetings tied to the application (notes and score for the employer
only), résumé privacy (applied-to employers; opted-in candidates to admitted employers) and
the download log the candidate sees; export and erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.services import add_organisation_member
from meetings.models import Meeting
from recruitment import applications, candidate_selectors, candidates, interviews, talent
from recruitment.models.applications import Application, Invitation
from recruitment.models.candidates import Resume, ResumeDownload
from tests.recruitment.candidates_fixtures import *  # noqa: F403
from tests.recruitment.candidates_fixtures import resume_of

pytestmark = pytest.mark.django_db


def _slots(hours: int = 24):
    start = (timezone.now() + timedelta(hours=hours)).replace(microsecond=0)
    return [(start, start + timedelta(minutes=45)), (start + timedelta(hours=2), start + timedelta(hours=3))]


def test_interview_is_a_meeting_with_notes_only_the_employer_sees(candidate, employer, job, person):
    org, staff = employer
    resume_of(candidate)
    application = applications.apply(candidate, job.pk)
    moved = applications.move(staff, application.pk, "interview", slots=_slots(), topic="一面 First round")
    assert moved.status == "interview"
    interview = application.interviews.get()
    meeting = interview.meeting
    assert meeting.status == Meeting.Status.PROPOSED and meeting.topic == "一面 First round"
    assert meeting.context["kind"] == "job_application" and meeting.context["id"] == application.pk
    assert set(meeting.participants.values_list("user_id", flat=True)) == {staff.pk, candidate.pk}
    assert meeting.slots.count() == 2
    interviews.record_assessment(staff, interview.pk, notes="强 Python", score=4)
    with pytest.raises(ValidationError):
        interviews.record_assessment(staff, interview.pk, score=6)
    with pytest.raises(type(interview).DoesNotExist):
        interviews.record_assessment(candidate, interview.pk, notes="I was great")
    as_candidate = candidate_selectors.application_out(
        Application.objects.get(pk=application.pk), candidate, employer=False
    )
    assert "notes" not in as_candidate["interviews"][0] and "score" not in as_candidate["interviews"][0]
    assert as_candidate["interviews"][0]["meeting"]["url"] == f"/meetings/{meeting.pk}/"
    as_employer = candidate_selectors.application_out(Application.objects.get(pk=application.pk), staff, employer=True)
    assert as_employer["interviews"][0]["score"] == 4 and as_employer["score"] == 4.0
    # a second round from the interview status; colleagues who are no staff are refused
    with pytest.raises(ValidationError):
        interviews.schedule(staff, application.pk, slots=_slots(48), interviewers=[person("outsider").pk])
    colleague = person("colleague")
    add_organisation_member(organisation=org, user=colleague)
    second = interviews.schedule(staff, application.pk, slots=_slots(48), interviewers=[colleague.pk])
    assert colleague.pk in set(second.meeting.participants.values_list("user_id", flat=True))
    # withdrawing cancels the open interview meetings
    applications.withdraw(candidate, application.pk)
    assert set(Meeting.objects.values_list("status", flat=True)) == {"cancelled"}


def test_invitation_accept_makes_the_application_and_decline_does_not(candidate, person, employer, job, make_job):
    org, staff = employer
    resume_of(candidate)
    # not in the pool yet: never applied, not opted in
    with pytest.raises(User.DoesNotExist):
        talent.invite(staff, job.pk, candidate.pk)
    other_job = make_job(org, title="工程师", title_en="Engineer")
    applications.apply(candidate, other_job.pk)  # applied before: in the pool now
    invitation = talent.invite(staff, job.pk, candidate.pk, message="欢迎申请")
    with pytest.raises(ValidationError) as excinfo:
        talent.invite(staff, job.pk, candidate.pk)
    assert excinfo.value.code == "invitation_duplicate"
    with pytest.raises(Invitation.DoesNotExist):
        talent.accept(person("intruder"), invitation.pk)
    accepted = talent.accept(candidate, invitation.pk, note="谢谢")
    assert accepted.state == "accepted" and accepted.application.job_id == job.pk
    assert accepted.application.source == "invitation"
    with pytest.raises(ValidationError) as excinfo:
        talent.decline(candidate, invitation.pk)
    assert excinfo.value.code == "invitation_answered"
    third = make_job(org, title="分析师", title_en="Analyst")
    declined = talent.decline(candidate, talent.invite(staff, third.pk, candidate.pk).pk)
    assert declined.state == "declined"
    assert not Application.objects.filter(job=third).exists()
    # a stranger organisation cannot invite for our job
    stranger = person("stranger")
    add_organisation_member(organisation=Organisation.objects.create(name="乙"), user=stranger)
    with pytest.raises(type(job).DoesNotExist):
        talent.invite(stranger, job.pk, candidate.pk)


def test_resume_privacy_and_the_download_log(candidate, person, employer, job, monkeypatch):
    org, staff = employer
    resume = resume_of(candidate)
    rival = Organisation.objects.create(name="乙公司", name_en="Rival")
    rival_staff = person("rival")
    add_organisation_member(organisation=rival, user=rival_staff)
    # nobody has it before an application (and the candidate has not opted in)
    with pytest.raises(Resume.DoesNotExist):
        talent.open_pool_resume(staff, org.pk, candidate.pk)
    application = applications.apply(candidate, job.pk)
    assert talent.open_application_resume(staff, application.pk) == resume
    assert Application.objects.get(pk=application.pk).status == "viewed"  # opening it marks viewed
    with pytest.raises(Application.DoesNotExist):
        talent.open_application_resume(rival_staff, application.pk)
    with pytest.raises(PermissionDenied):
        talent.open_pool_resume(rival_staff, org.pk, candidate.pk)  # not their organisation
    with pytest.raises(Resume.DoesNotExist):
        talent.open_pool_resume(rival_staff, rival.pk, candidate.pk)  # not in the rival's pool
    # opted in, and the rival admitted to a fair zone: the default résumé opens for them
    candidates.update_profile(candidate, open_to_fair_employers=True)
    from recruitment import job_access

    monkeypatch.setattr(job_access, "admitted_employer_ids", lambda: {rival.pk})
    assert talent.open_pool_resume(rival_staff, rival.pk, candidate.pk) == resume
    log = [candidate_selectors.download_out(d) for d in talent.downloads_of(candidate)]
    assert [(entry["organisation"]["id"], entry["via"]) for entry in log] == [
        (rival.pk, "talent_pool"),
        (org.pk, "application"),
    ]
    assert log[0]["by"]["name"] == "Rival"
    assert not talent.downloads_of(staff).exists()


def test_export_and_erasure(candidate, employer, job, django_capture_on_commit_callbacks):
    from accounts.privacy import export_data
    from accounts.services import delete_account

    resume = resume_of(candidate)
    application = applications.apply(candidate, job.pk, note="hello")
    section = export_data(candidate)["sections"]["recruitment_candidate"]
    assert section["resumes"][0]["text"] == resume.text
    assert section["applications"][0]["id"] == application.pk
    path = resume.file.path
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(candidate, check_password=False)
    assert not Application.objects.exists() and not Resume.objects.exists()
    assert not ResumeDownload.objects.exists()
    import os

    assert not os.path.exists(path)
