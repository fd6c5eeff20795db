"""The candidates' and employers' API under /api/recruitment/: multipart résumé upload with
its refusals in the one error shape, applying, moving (one and bulk), interviews, the
talent pool and invitations, résumé downloads (logged) and who gets what (404 for others)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from recruitment.models.applications import Application
from recruitment.models.candidates import ResumeDownload
from tests.recruitment import resume_media
from tests.recruitment.candidates_fixtures import *  # noqa: F403
from tests.recruitment.candidates_fixtures import resume_of

pytestmark = pytest.mark.django_db
BASE = "/api/recruitment"


def _post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_profile_and_resume_upload_over_the_api(api, candidate):
    client = api(candidate)
    assert client.get(f"{BASE}/me/profile").json()["headline"] == ""
    answer = client.patch(
        f"{BASE}/me/profile",
        data=json.dumps({"headline": "Data scientist", "languages": ["en", "zh"], "salary_min": 30000}),
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["languages"] == ["en", "zh"]
    bad = client.patch(f"{BASE}/me/profile", data=json.dumps({"salary_max": 1000}), content_type="application/json")
    assert bad.status_code == 400 and "salary_max" in bad.json()["fields"]
    upload = client.post(
        f"{BASE}/me/resumes",
        {"file": resume_media.upload(resume_media.text_pdf(chinese=True), "cv.pdf"), "title": "中文简历"},
    )
    assert upload.status_code == 201, upload.content
    body = upload.json()
    assert body["kind"] == "pdf" and "机器学习" in body["text"] and body["title"] == "中文简历"
    scanned = client.post(f"{BASE}/me/resumes", {"file": resume_media.upload(resume_media.scanned_pdf())})
    assert scanned.status_code == 400 and scanned.json()["code"] == "resume_no_text"
    picture = client.post(f"{BASE}/me/resumes", {"file": resume_media.upload(b"\x89PNG\r\n\x1a\n" + b"0" * 99)})
    assert picture.status_code == 400 and picture.json()["code"] == "bad_type"
    assert client.post(f"{BASE}/me/resumes", {}).status_code == 422  # no file
    listed = client.get(f"{BASE}/me/resumes").json()
    assert [r["id"] for r in listed] == [body["id"]]
    own = client.get(f"{BASE}/me/resumes/{body['id']}/file")
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF-")
    assert client.get(f"{BASE}/me/profile").json()["default_resume_id"] == body["id"]
    assert api(None).get(f"{BASE}/me/profile").status_code == 401


def test_apply_move_bulk_and_download_over_the_api(api, candidate, person, employer, job):
    org, staff = employer
    resume = resume_of(candidate)
    mine = api(candidate)
    other = person("other")
    theirs = resume_of(other)
    assert _post(mine, f"{BASE}/jobs/{job.pk}/apply", {"resume_id": theirs.pk}).status_code == 404
    applied = _post(mine, f"{BASE}/jobs/{job.pk}/apply", {"resume_id": resume.pk, "note": "Hello"})
    assert applied.status_code == 201 and applied.json()["status"] == "new"
    app_id = applied.json()["id"]
    again = _post(mine, f"{BASE}/jobs/{job.pk}/apply", {})
    assert again.status_code == 400 and again.json()["code"] == "application_duplicate"
    assert _post(mine, f"{BASE}/jobs/999999/apply", {}).status_code == 404
    employer_client = api(staff)
    board = employer_client.get(f"{BASE}/employer/applications", {"job": job.pk}).json()
    assert [a["id"] for a in board["applications"]] == [app_id] and board["counts"] == {"new": 1}
    assert board["applications"][0]["profile"] is not None
    assert employer_client.get(f"{BASE}/employer/applications", {"status": "bogus"}).status_code == 422
    # the stranger sees nothing: not the application, not its résumé
    stranger = api(other)
    assert stranger.get(f"{BASE}/applications/{app_id}").status_code == 404
    assert stranger.get(f"{BASE}/applications/{app_id}/resume").status_code == 404
    assert stranger.get(f"{BASE}/employer/applications").json()["applications"] == []
    file = employer_client.get(f"{BASE}/applications/{app_id}/resume")
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF-")
    assert ResumeDownload.objects.filter(resume=resume, organisation=org).count() == 1
    assert mine.get(f"{BASE}/me/resume-downloads").json()[0]["organisation"]["id"] == org.pk
    moved = _post(employer_client, f"{BASE}/applications/{app_id}/move", {"status": "shortlisted", "note": "n"})
    assert moved.status_code == 200 and moved.json()["status"] == "shortlisted"
    skip = _post(employer_client, f"{BASE}/applications/{app_id}/move", {"status": "hired"})
    assert skip.status_code == 400 and skip.json()["code"] == "application_transition"
    start = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    interview = _post(
        employer_client,
        f"{BASE}/applications/{app_id}/move",
        {
            "status": "interview",
            "slots": [{"start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat()}],
        },
    )
    assert interview.status_code == 200, interview.content
    meeting = interview.json()["interviews"][0]["meeting"]
    assert meeting["status"] == "proposed"
    interview_id = interview.json()["interviews"][0]["id"]
    scored = employer_client.patch(
        f"{BASE}/applications/interviews/{interview_id}",
        data=json.dumps({"notes": "good", "score": 5}),
        content_type="application/json",
    )
    assert scored.status_code == 200 and scored.json()["score"] == 5
    bad_score = employer_client.patch(
        f"{BASE}/applications/interviews/{interview_id}", data=json.dumps({"score": 9}), content_type="application/json"
    )
    assert bad_score.status_code == 422
    seen = mine.get(f"{BASE}/applications/{app_id}").json()
    assert seen["status"] == "interview" and "score" not in seen["interviews"][0]
    assert [h["to"] for h in seen["history"]] == ["new", "viewed", "shortlisted", "interview"]
    assert "note" not in seen["history"][1]  # the employer's notes stay with the employer
    bulk = _post(employer_client, f"{BASE}/employer/applications/bulk", {"ids": [app_id, 424242], "status": "offer"})
    assert [r["ok"] for r in bulk.json()["results"]] == [True, False]
    withdrawn = _post(mine, f"{BASE}/applications/{app_id}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    frozen = _post(employer_client, f"{BASE}/applications/{app_id}/move", {"status": "hired"})
    assert frozen.status_code == 400 and frozen.json()["code"] == "application_withdrawn"
    assert Application.objects.get(pk=app_id).status == "withdrawn"


def test_talent_pool_and_invitations_over_the_api(api, candidate, employer, job, make_job):
    org, staff = employer
    resume_of(candidate)
    employer_client = api(staff)
    mine = api(candidate)
    assert employer_client.get(f"{BASE}/employer/talent", {"organisation": org.pk}).json() == []
    assert api(candidate).get(f"{BASE}/employer/talent", {"organisation": org.pk}).status_code == 403
    first = make_job(org, title="工程师", title_en="Engineer")
    _post(mine, f"{BASE}/jobs/{first.pk}/apply")
    pool = employer_client.get(f"{BASE}/employer/talent", {"organisation": org.pk}).json()
    assert [p["candidate"]["id"] for p in pool] == [candidate.pk] and pool[0]["applied_before"]
    pool_file = employer_client.get(pool[0]["resume_url"])
    assert pool_file.status_code == 200 and b"".join(pool_file.streaming_content).startswith(b"%PDF-")
    invited = _post(
        employer_client, f"{BASE}/invitations", {"job_id": job.pk, "user_id": candidate.pk, "message": "来吧"}
    )
    assert invited.status_code == 201
    received = mine.get(f"{BASE}/invitations").json()["received"]
    assert [i["state"] for i in received] == ["pending"] and received[0]["message"] == "来吧"
    assert _post(api(staff), f"{BASE}/invitations/{received[0]['id']}/accept").status_code == 404
    accepted = _post(mine, f"{BASE}/invitations/{received[0]['id']}/accept", {"note": "ok"})
    assert accepted.status_code == 200 and accepted.json()["application_id"]
    sent = employer_client.get(f"{BASE}/invitations").json()["sent"]
    assert sent[0]["state"] == "accepted" and sent[0]["candidate"]["id"] == candidate.pk


@pytest.mark.django_db(transaction=True)
def test_the_upload_guard_refuses_guests_and_oversize_bodies_before_reading(api, candidate, settings):
    from accounts.upload_guard import judge_sync

    verdict = judge_sync("POST", f"{BASE}/me/resumes", {b"content-length": b"100"})
    assert verdict.refusal is not None and verdict.refusal.status == 401
    settings.RECRUITMENT_MAX_RESUME_BYTES = 1000
    client = api(candidate)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    big = judge_sync(
        "POST", f"{BASE}/me/resumes", {b"content-length": str(5 * 1024 * 1024).encode(), b"cookie": cookie}
    )
    assert big.refusal is not None and big.refusal.status == 413
    fine = judge_sync("POST", f"{BASE}/me/resumes", {b"content-length": b"900000", b"cookie": cookie})
    assert fine.refusal is None
