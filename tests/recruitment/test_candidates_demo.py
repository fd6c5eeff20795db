"""The candidates' demo: real résumé files through the real checks, applications in several
stages with an interview meeting and an invitation, for the demo accounts; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from recruitment.demo_files import text_pdf
from recruitment.models import Application, Interview, Invitation, Resume
from recruitment.resume_files import extract
from tests.recruitment import resume_media
from tests.recruitment.candidates_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_the_hand_written_pdf_is_read_by_pypdf():
    extracted = extract(resume_media.upload(text_pdf(["Hello (world) \\ data", "Second line: Python, SQL"])))
    assert extracted.text == "Hello (world) \\ data\nSecond line: Python, SQL"


def test_demo_candidates_load_once(settings):
    settings.DEBUG = True
    for command in ("load_demo_conference", "load_demo_orgs", "load_demo_accounts"):
        call_command(command, verbosity=0)
    call_command("load_demo_candidates", verbosity=0)
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == ["interview", "new", "shortlisted"]
    assert Interview.objects.get().meeting.context["kind"] == "job_application"
    assert Invitation.objects.get().candidate.username == "bob"
    kinds = sorted(Resume.objects.values_list("kind", flat=True))
    assert kinds == ["docx", "docx", "pdf"] and all(r.text for r in Resume.objects.all())
    call_command("load_demo_candidates", verbosity=0)
    assert Application.objects.count() == 3 and Resume.objects.count() == 3 and Invitation.objects.count() == 1
