"""The activities upload endpoints are judged before their body is read (accounts/upload_guard.py
through config.asgi): a guest 401, someone who may not upload 403 or 404, an upload past the
endpoint's cap 413; receive() is never called for a refusal."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from tests.activities.helpers import user, venues
from tests.halls.test_upload_guard import call, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def world():
    from accounts.models import Interest, Organisation, OrganisationMembership
    from activities import consultations, roadshows

    v = venues()
    company = Organisation.objects.create(name="公司")
    submitter, expert, stranger, presenter = user("submitter"), user("expert"), user("stranger"), user("presenter")
    OrganisationMembership.objects.create(organisation=company, user=submitter)
    field = Interest.objects.get_or_create(slug="guard-field", defaults={"name": "领域"})[0]
    case = consultations.submit(
        by=submitter,
        organisation_id=company.pk,
        field=field.slug,
        title="问题",
        description="说明",
        languages=["zh"],
        confidentiality="open",
        subvenue="gd",
    )
    consultations.match_experts(by=v.gd_organizer, case_id=case.pk, expert_ids=[expert.pk])
    roadshow = roadshows.create_roadshow(by=v.gd_organizer, session_id=v.gd_session.pk)
    pitch = roadshows.add_pitch(
        by=v.gd_organizer, roadshow=roadshow, title="项目", presenter_id=presenter.pk, starts_at=timezone.now()
    )
    cookies = {name: session_cookie(p) for name, p in
               (("submitter", submitter), ("expert", expert), ("stranger", stranger), ("presenter", presenter),
                ("other_org", v.sc_organizer))}  # fmt: skip
    return case.pk, pitch.pk, cookies


async def test_case_documents_and_pitch_media_are_refused_before_the_body(settings):
    settings.HALLS = {"MAX_DOCUMENT_BYTES": 1024 * 1024, "MAX_VIDEO_BYTES": 2 * 1024 * 1024}
    settings.UPLOAD_FORM_OVERHEAD_BYTES = 1024
    case_id, pitch_id, cookies = await database_sync_to_async(world)()
    huge = (b"content-length", str(50 * 1024 * 1024).encode())
    documents = f"/api/activities/cases/{case_id}/documents"
    pitch = f"/api/activities/pitches/{pitch_id}/media"
    for path, cookie, expected in (
        (documents, b"sessionid=nobody", 401),
        (documents, cookies["stranger"], 404),
        (documents, cookies["other_org"], 404),
        (documents, cookies["expert"], 403),
        (documents, cookies["submitter"], 413),
        (f"/consultations/{case_id}/", cookies["stranger"], 404),
        (f"/consultations/{case_id}/", cookies["expert"], 413),
        ("/consultations/new/", cookies["stranger"], 413),
        (pitch, cookies["stranger"], 403),
        (pitch, cookies["other_org"], 403),
        (pitch, cookies["presenter"], 413),
        ("/api/activities/pitches/999999/media", cookies["presenter"], 404),
    ):
        status, body, reads = await call(path, [(b"cookie", cookie), huge], [b"x" * 1024])
        assert (status, reads) == (expected, 0), (path, body)
        assert b'"code"' in body
