"""The organizer's upload of a session's pre-recorded video (simulive), under /api/ with
the streams router (streams.api). Checked by content (streams.simulive_files); refusals in
the site's error shape: 400 with the file's problem as `code`, 401, 403, 404, 409 once the
stage is on air, 413 past the size limit (the upload guard, before the body is read)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile
from ninja.security import SessionAuth

from live.errors import LiveError
from live.http_api import ApiError, errors
from live.protocol import ErrorCode
from streams import simulive_services
from streams.models import Session
from streams.simulive_files import SimuliveFileError

router = Router()
PATH = "/sessions/{session_id}/prerecorded-video"
# The upload guard's pattern of the same path (accounts.upload_guard, streams.apps).
GUARDED_PATH = r"/api/sessions/(?P<session_id>\d+)/prerecorded-video"


def _session(session_id: int) -> Session:
    session = Session.objects.select_related("event").filter(pk=session_id).first()
    if session is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No session {session_id}.")
    return session


@router.post(
    PATH,
    auth=SessionAuth(csrf=True),
    url_name="streams-prerecorded-video",
    response={200: dict, **errors(400, 401, 403, 404, 409, 413, 422)},
    tags=["programme"],
)
def upload_prerecorded_video(
    request: HttpRequest, session_id: int, file: UploadedFile | None = File(None)
) -> dict[str, Any]:
    """Organizers: an MP4 or WebM file (`file`), played as the stage's live stream from the
    session's start (docs/streams.md, "Simulive"). Replaces an earlier one."""
    _organizers_only(request.user, {})
    session = _session(session_id)
    if file is None:
        raise ApiError(
            400, "no_file", "Send the video as the form field `file`.", {"file": ["This field is required."]}
        )
    try:
        simulive_services.attach_video(session=session, upload=file, by=request.user)
    except SimuliveFileError as error:
        raise ApiError(400, error.code, error.message, {"file": [error.message]}) from None
    except LiveError as error:
        if error.code == ErrorCode.INVALID_STATE:
            raise ApiError(409, error.code, error.message) from None
        raise
    return simulive_services.video_info(session)


@router.get(PATH, response={200: dict, **errors(404, 422)}, tags=["programme"])
def prerecorded_video(request: HttpRequest, session_id: int) -> dict[str, Any]:
    """Whether the session has a pre-recorded video, its length, what the stage shows."""
    return simulive_services.video_info(_session(session_id))


def _organizers_only(user, params: dict[str, str]) -> None:
    from django.core.exceptions import PermissionDenied

    if not user.is_organizer:
        raise PermissionDenied("Only organizers attach a session's pre-recorded video.")


def _max_bytes(params: dict[str, str]) -> int:
    from streams.simulive_files import MB, limit

    return limit("MAX_BYTES") + MB  # multipart framing


def install() -> None:
    from accounts import upload_guard

    upload_guard.register(GUARDED_PATH, max_bytes=_max_bytes, check=_organizers_only)
