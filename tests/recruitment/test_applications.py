"""Applications: apply with a chosen résumé and a note; the refusals (closed job, past
deadline, duplicate, someone else's résumé, a withdrawn application); the employer's moves
along the transition table (one and bulk, per-id results), the candidate's notification on
each change, withdrawal, the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Notification
from recruitment import applications
from recruitment.models.applications import Application, StatusChange
from recruitment.models.candidates import Resume
from tests.recruitment.candidates_fixtures import *  # noqa: F403
from tests.recruitment.candidates_fixtures import resume_of

pytestmark = pytest.mark.django_db


def _codes(excinfo) -> str:
    return excinfo.value.code


def test_apply_move_notify_and_withdraw(candidate, employer, job):
    _org, staff = employer
    resume = resume_of(candidate)
    application = applications.apply(candidate, job.pk, resume_id=resume.pk, note="我对这个职位很感兴趣\x07")
    assert application.status == "new" and application.note == "我对这个职位很感兴趣"
    # the employer's staff hear of it
    assert Notification.objects.filter(recipient=staff, kind="job_application_received").count() == 1
    for status in ("viewed", "shortlisted", "interview", "offer"):
        applications.move(staff, application.pk, status, note="good")
    statuses = [
        n.context["status"]
        for n in Notification.objects.filter(recipient=candidate, kind="job_application_status").order_by("pk")
    ]
    assert statuses == ["viewed", "shortlisted", "interview", "offer"]
    latest = Notification.objects.filter(recipient=candidate).order_by("-pk").first()
    assert "Offer" in latest.title_en and "录用意向" in latest.title
    applications.withdraw(candidate, application.pk)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    history = list(StatusChange.objects.filter(application=application).values_list("from_status", "to_status"))
    assert history == [
        ("", "new"),
        ("new", "viewed"),
        ("viewed", "shortlisted"),
        ("shortlisted", "interview"),
        ("interview", "offer"),
        ("offer", "withdrawn"),
    ]
    with pytest.raises(ValidationError) as excinfo:
        applications.move(staff, application.pk, "hired")
    assert _codes(excinfo) == "application_withdrawn"
    with pytest.raises(ValidationError) as excinfo:
        applications.withdraw(candidate, application.pk)
    assert _codes(excinfo) == "application_withdrawn"


def test_refusals_to_apply(candidate, person, employer, make_job):
    from recruitment.models import Job

    org, staff = employer
    resume = resume_of(candidate)
    closed = make_job(org, status=Job.Status.CLOSED)
    late = make_job(org, deadline=timezone.localdate() - timedelta(days=1))
    draft = make_job(org, status=Job.Status.DRAFT)
    open_job = make_job(org)
    with pytest.raises(ValidationError) as excinfo:
        applications.apply(candidate, closed.pk, resume_id=resume.pk)
    assert _codes(excinfo) == "job_closed"
    with pytest.raises(ValidationError) as excinfo:
        applications.apply(candidate, late.pk, resume_id=resume.pk)
    assert _codes(excinfo) == "job_deadline_passed"
    with pytest.raises(Job.DoesNotExist):
        applications.apply(candidate, draft.pk, resume_id=resume.pk)  # a draft does not exist to candidates
    theirs = resume_of(person("other"))
    with pytest.raises(Resume.DoesNotExist):
        applications.apply(candidate, open_job.pk, resume_id=theirs.pk)
    with pytest.raises(ValidationError) as excinfo:
        applications.apply(person("nocv"), open_job.pk)
    assert _codes(excinfo) == "no_resume"
    applications.apply(candidate, open_job.pk)  # the default résumé
    with pytest.raises(ValidationError) as excinfo:
        applications.apply(candidate, open_job.pk, resume_id=resume.pk)
    assert _codes(excinfo) == "application_duplicate"
    with pytest.raises(ValidationError) as excinfo:
        resume_of(staff)
        applications.apply(staff, open_job.pk)
    assert _codes(excinfo) == "own_job"
    assert Application.objects.count() == 1


def test_transition_table_and_strangers(candidate, person, employer, job):
    _org, staff = employer
    resume_of(candidate)
    application = applications.apply(candidate, job.pk)
    with pytest.raises(ValidationError) as excinfo:
        applications.move(staff, application.pk, "hired")  # new → hired skips the table
    assert _codes(excinfo) == "application_transition"
    with pytest.raises(ValidationError) as excinfo:
        applications.move(staff, application.pk, "new")
    assert _codes(excinfo) == "application_same_status"
    with pytest.raises(ValidationError):
        applications.move(staff, application.pk, "withdrawn")  # only the candidate withdraws
    with pytest.raises(Application.DoesNotExist):
        applications.move(person("stranger"), application.pk, "viewed")
    with pytest.raises(Application.DoesNotExist):
        applications.move(candidate, application.pk, "viewed")  # the candidate is no employer
    applications.move(staff, application.pk, "rejected")
    with pytest.raises(ValidationError) as excinfo:
        applications.withdraw(candidate, application.pk)
    assert _codes(excinfo) == "application_closed"
    applications.move(staff, application.pk, "shortlisted")  # reconsidered
    assert Application.objects.get(pk=application.pk).status == "shortlisted"


def test_bulk_move_answers_per_id(person, employer, job, make_job):
    _org, staff = employer
    people = [person(f"c{i}") for i in range(3)]
    apps = []
    for p in people:
        resume_of(p)
        apps.append(applications.apply(p, job.pk))
    applications.withdraw(people[2], apps[2].pk)
    results = applications.move_many(staff, [apps[0].pk, apps[1].pk, apps[2].pk, 999999, apps[0].pk], "shortlisted")
    assert [(r["id"], r["ok"], r.get("code")) for r in results] == [
        (apps[0].pk, True, None),
        (apps[1].pk, True, None),
        (apps[2].pk, False, "application_withdrawn"),
        (999999, False, "not_found"),
    ]
    assert set(Application.objects.values_list("status", flat=True)) == {"shortlisted", "withdrawn"}
    with pytest.raises(ValidationError):
        applications.move_many(staff, [], "viewed")
