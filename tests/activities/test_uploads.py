"""Uploads of the activities app over the API: a consultation's documents (multipart, checked
by their bytes and size, stored outside MEDIA_ROOT, downloaded only by the case's participants:
the submitter's organisation, the matched experts, the organizers of its sub-venue and of the
conference; 401/403/404 for everyone else) and a pitch's slides and video (the presenter and
the organizers upload; the audience gets them, the video by byte ranges; links still work)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Interest, Organisation, OrganisationMembership
from activities import consultations, roadshows
from activities.models import CaseDocument
from tests import media
from tests.activities.helpers import user, venues


@pytest.fixture
def private_media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def as_(person) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def post_file(person, url: str, name: str, data: bytes, field: str = "file"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return as_(person).post(url, {field: SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_case_documents_upload_over_the_api_and_only_participants_download(private_media, settings):
    v = venues()
    field = Interest.objects.get_or_create(slug="docs-field", defaults={"name": "领域"})[0]
    company = Organisation.objects.create(name="药企")
    submitter, colleague, expert, stranger = user("submitter"), user("colleague"), user("expert"), user("stranger")
    for person in (submitter, colleague):
        OrganisationMembership.objects.create(organisation=company, user=person)
    case = consultations.submit(by=submitter, organisation_id=company.pk, field=field.slug, title="问题",
                                description="说明", languages=["zh"], confidentiality="confidential",
                                subvenue="sc")  # fmt: skip
    consultations.match_experts(by=v.sc_organizer, case_id=case.pk, expert_ids=[expert.pk])
    url = f"/api/activities/cases/{case.pk}/documents"

    made = post_file(submitter, url, "工艺.pdf", media.pdf())
    assert made.status_code == 201, made.content
    document = made.json()
    assert document["name"] == "工艺.pdf" and document["content_type"] == "application/pdf"
    # stored privately: outside MEDIA_ROOT, so /media/ never serves it
    stored = CaseDocument.objects.get(pk=document["id"]).file.path
    from django.conf import settings as live_settings

    assert not Path(stored).is_relative_to(Path(live_settings.MEDIA_ROOT)) and Path(stored).exists()

    # refusals, each in the one error shape
    bad = post_file(submitter, url, "x.pdf", b"<html>not a pdf</html>")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_fields" and "file" in bad.json()["message"]
    none = as_(submitter).post(url, {})
    assert none.status_code == 400 and none.json()["code"] == "invalid_fields"
    settings.HALLS = {"MAX_DOCUMENT_BYTES": 1024}
    big = post_file(submitter, url, "big.pdf", media.pdf() + b"%" * 2048)
    assert big.status_code == 400 and big.json()["code"] == "invalid_fields", big.content
    settings.HALLS = {}
    assert post_file(expert, url, "e.pdf", media.pdf()).status_code == 403  # experts read, do not add
    assert post_file(stranger, url, "s.pdf", media.pdf()).json()["code"] == "not_found"
    assert post_file(v.gd_organizer, url, "g.pdf", media.pdf()).status_code == 404
    assert post_file(None, url, "g.pdf", media.pdf()).status_code == 401
    assert post_file(v.sc_organizer, url, "o.png", media.png()).status_code == 201

    download = f"{url}/{document['id']}"
    for person in (submitter, colleague, expert, v.sc_organizer, v.organizer):
        got = as_(person).get(download)
        assert got.status_code == 200, person
        assert b"".join(got.streaming_content) == Path(stored).read_bytes()
        assert got["X-Content-Type-Options"] == "nosniff" and "attachment" in got["Content-Disposition"]
    for person in (stranger, v.gd_organizer):
        assert as_(person).get(download).status_code == 404
    assert as_(None).get(download).status_code == 401
    assert as_(submitter).get(f"{url}/999999").status_code == 404
    listed = as_(colleague).get(f"/api/activities/cases/{case.pk}").json()["documents"]
    assert listed[0]["url"] == download
    # the page's download, the same rule
    page = f"/consultations/{case.pk}/documents/{document['id']}/"
    got = as_(colleague).get(page)
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF-")
    assert as_(stranger).get(page).status_code == 404


@pytest.mark.django_db
def test_pitch_slides_and_video_uploads_reach_the_audience(private_media):
    v = venues()
    presenter, other = user("presenter"), user("other")
    roadshow = roadshows.create_roadshow(by=v.gd_organizer, session_id=v.gd_session.pk)
    pitch = roadshows.add_pitch(by=v.gd_organizer, roadshow=roadshow, title="项目", presenter_id=presenter.pk,
                                starts_at=timezone.now(), video_url="https://video.example.org/p")  # fmt: skip
    url = f"/api/activities/pitches/{pitch.pk}/media"
    detail = as_(None).get(f"/api/activities/roadshows/{v.gd_session.pk}").json()["pitches"][0]
    assert detail["video_url"] == "https://video.example.org/p" and not detail["video_uploaded"]

    from django.core.files.uploadedfile import SimpleUploadedFile

    done = as_(presenter).post(url, {"slides": SimpleUploadedFile("deck.pdf", media.pdf()),
                                     "video": SimpleUploadedFile("pitch.mp4", media.mp4())})  # fmt: skip
    assert done.status_code == 200, done.content
    out = done.json()
    assert out["slides_uploaded"] and out["video_uploaded"] and out["video_type"] == "video/mp4"
    assert out["video_url"] == f"/api/activities/pitches/{pitch.pk}/video"
    # the audience (a guest included) gets them; the video seeks
    slides = as_(None).get(out["slides_url"])
    assert slides.status_code == 200 and slides["Content-Type"] == "application/pdf"
    assert b"".join(slides.streaming_content).startswith(b"%PDF-")
    ranged = as_(None).get(out["video_url"], HTTP_RANGE="bytes=0-99")
    assert ranged.status_code == 206 and ranged["Content-Range"].startswith("bytes 0-99/")
    assert len(b"".join(ranged.streaming_content)) == 100
    assert as_(None).get(out["video_url"], HTTP_RANGE="bytes=999999999-").status_code == 416

    wrong = as_(v.gd_organizer).post(url, {"video": SimpleUploadedFile("x.mp4", media.pdf())})
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_fields" and "video" in wrong.json()["message"]
    assert as_(v.gd_organizer).post(url, {}).json()["code"] == "invalid_fields"
    assert as_(other).post(url, {"slides": SimpleUploadedFile("d.pdf", media.pdf())}).status_code == 403
    assert as_(v.sc_organizer).post(url, {"slides": SimpleUploadedFile("d.pdf", media.pdf())}).status_code == 403
    assert as_(None).post(url, {}).status_code == 401
    assert as_(None).post("/api/activities/pitches/999999/media", {}).status_code in (401, 404)

    # removing the video falls back to its link
    back = as_(v.gd_organizer).post(url, {"remove_video": "1"}).json()
    assert back["video_url"] == "https://video.example.org/p" and not back["video_uploaded"]
    assert as_(None).get(f"/api/activities/pitches/{pitch.pk}/video").status_code == 404
    # the page form, for the presenter
    page = f"/roadshows/{v.gd_session.pk}/pitches/{pitch.pk}/media/"
    bad = as_(presenter).post(page, {"slides": SimpleUploadedFile("d.pdf", b"nope")})
    assert bad.status_code == 400 and "pitch-media-error" in bad.content.decode()
    assert as_(other).post(page, {"slides": SimpleUploadedFile("d.pdf", media.pdf())}).status_code == 403
    ok = as_(presenter).post(page, {"video": SimpleUploadedFile("p.webm", media.webm())})
    assert ok.status_code == 302
    assert 'id="roadshow-report-link"' in as_(presenter).get(f"/roadshows/{v.gd_session.pk}/").content.decode()
    shown = as_(None).get(f"/roadshows/{v.gd_session.pk}/").content.decode()
    assert 'id="roadshow-report-link"' not in shown
    assert (
        f"/api/activities/pitches/{pitch.pk}/video" in shown and f"/api/activities/pitches/{pitch.pk}/slides" in shown
    )
