"""直播带岗's part of recruitment's AppConfig.ready(): the upload guard of the inline apply
(a new candidate's résumé posted from the stage page)."""

from __future__ import annotations

MB = 1024 * 1024
INLINE_APPLY_PATH = r"/api/recruitment/stages/(?P<slug>[-A-Za-z0-9_]+)/jobs/(?P<job_id>\d+)/apply"


def _any_logged_in(user, params) -> None:
    """Anyone logged in applies for themselves (the guard refuses guests with 401)."""


def _upload_bytes(params) -> int:
    from recruitment.resume_files import max_resume_bytes

    return max_resume_bytes() + MB  # the form's other fields and multipart framing


def ready() -> None:
    from accounts import upload_guard

    upload_guard.register(INLINE_APPLY_PATH, max_bytes=_upload_bytes, check=_any_logged_in)
