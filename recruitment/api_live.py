"""直播带岗 over HTTP: the inline apply of a new candidate from a stage page (the one-click
apply is the socket's `stage.apply_job`; docs/recruitment.md, "直播带岗")."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from live.http_api import errors, session_auth
from recruitment import live_apply
from recruitment.live_protocol import NOTE_MAX

router = Router(tags=["recruitment livestreams"])


@router.post(
    "/recruitment/stages/{slug}/jobs/{int:job_id}/apply",
    url_name="recruitment-stage-apply",
    auth=session_auth,
    response={201: dict, **errors(400, 401, 403, 404, 413, 422)},
)
def inline_apply(
    request: HttpRequest,
    slug: str,
    job_id: int,
    name: Form[str] = "",
    contact: Form[str] = "",
    text: Form[str] = "",
    note: Form[str] = "",
    resume: UploadedFile | None = File(None),
):
    """multipart/form-data: `name`, `contact` (phone or e-mail), and `resume` (a PDF or DOCX
    file) or `text` (a short résumé, 30–5000 characters, kept as a DOCX); `note`. The job must
    be pinned on the stage. Refusals: the fields', the résumé's (bad_type, too_large,
    resume_no_text…), application_duplicate, job_closed, own_job; a job not pinned here: 404."""
    application = live_apply.apply_inline(
        request.user,
        slug=slug[:100],
        job_id=job_id,
        name=name[:1000],
        contact=contact[:1000],
        upload=resume,
        text=text[: live_apply.TEXT_MAX * 2],
        note=note[:NOTE_MAX],
    )
    return Status(
        201,
        {
            "application_id": application.pk,
            "job_id": application.job_id,
            "status": application.status,
            "resume_id": application.resume_id,
        },
    )
