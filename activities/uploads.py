"""The activities app's upload endpoints, judged by accounts.upload_guard before the body is
read (the same permission their views check, then the cap of what they accept plus the form
around it): consultation documents (API and pages) and a pitch's slides and video."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from live.errors import LiveError
from live.protocol import ErrorCode

CASE_DOCUMENTS_API = r"/api/activities/cases/(?P<case_id>\d+)/documents"
CASE_PAGE = r"/consultations/(?P<case_id>\d+)/"
SUBMIT_PAGE = r"/consultations/new/"
PITCH_MEDIA_API = r"/api/activities/pitches/(?P<pitch_id>\d+)/media"
PITCH_MEDIA_PAGE = r"/roadshows/(?P<session_id>\d+)/pitches/(?P<pitch_id>\d+)/media/"
MAX_FILES_PER_SUBMISSION = 5  # the submit form keeps the first five documents


def _overhead() -> int:
    from django.conf import settings

    return int(getattr(settings, "UPLOAD_FORM_OVERHEAD_BYTES", 1024 * 1024))


def _document_bytes() -> int:
    from matchmaking.attachments import max_bytes

    return max_bytes()


def _as_guard_refusal(error: LiveError) -> Exception:
    if error.code == ErrorCode.FORBIDDEN:
        return PermissionDenied(error.message)
    return ObjectDoesNotExist(error.message)


def _case_reader(user, params: dict[str, str]) -> None:
    """The case page takes forms of every participant (ratings, organizers' steps)."""
    from activities import consultations

    try:
        consultations.case_for(user, int(params["case_id"]))
    except LiveError as error:
        raise _as_guard_refusal(error) from error


def _case_uploader(user, params: dict[str, str]) -> None:
    from activities import consultations

    try:
        case = consultations.case_for(user, int(params["case_id"]))
    except LiveError as error:
        raise _as_guard_refusal(error) from error
    if not consultations.may_add_documents(user, case):
        raise PermissionDenied("Only the submitter and the organizers add documents.")


def _anyone(user, params: dict[str, str]) -> None:
    """Submitting is open to anyone logged in (the guard refuses guests itself)."""


def _pitch_editor(user, params: dict[str, str]) -> None:
    from activities import pitch_media

    try:
        pitch_media.pitch_for_edit(user, int(params["pitch_id"]))
    except LiveError as error:
        raise _as_guard_refusal(error) from error


def _pitch_bytes(params: dict[str, str]) -> int:
    from activities import pitch_media

    return pitch_media.slides_limit() + pitch_media.video_limit() + _overhead()


def register_upload_guards() -> None:
    from accounts import upload_guard

    one = lambda params: _document_bytes() + _overhead()  # noqa: E731
    upload_guard.register(CASE_DOCUMENTS_API, max_bytes=one, check=_case_uploader)
    upload_guard.register(CASE_PAGE, max_bytes=one, check=_case_reader)
    upload_guard.register(
        SUBMIT_PAGE, max_bytes=lambda p: MAX_FILES_PER_SUBMISSION * _document_bytes() + _overhead(), check=_anyone
    )
    upload_guard.register(PITCH_MEDIA_API, max_bytes=_pitch_bytes, check=_pitch_editor)
    upload_guard.register(PITCH_MEDIA_PAGE, max_bytes=_pitch_bytes, check=_pitch_editor)
