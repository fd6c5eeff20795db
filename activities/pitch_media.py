"""A pitch's uploaded slides (PDF) and video (MP4 / WebM), instead of or beside its links.

Checked like every upload of the site (halls/uploads.py: sniffed by their bytes, then decoded:
the PDF parsed, the video opened), within the document and video limits (settings.HALLS
MAX_DOCUMENT_BYTES / MAX_VIDEO_BYTES), and judged by the upload guard before the body is read
(activities/uploads.py). The presenter and the roadshow's organizers upload; the audience gets
them through /api/activities/pitches/{id}/slides and …/video (a video with range requests, so
that it seeks)."""

from __future__ import annotations

from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse

from activities import rights
from activities.models import Pitch
from live.errors import LiveError
from live.protocol import ErrorCode

CHUNK_BYTES = 64 * 1024


def slides_limit() -> int:
    from halls import uploads

    return uploads.limit("MAX_DOCUMENT_BYTES")


def video_limit() -> int:
    from halls import uploads

    return uploads.limit("MAX_VIDEO_BYTES")


def may_edit(user, pitch: Pitch) -> bool:
    return bool(
        user.is_authenticated
        and (
            pitch.presenter_id == user.pk
            or rights.can_organize(user, rights.session_subvenue_id(pitch.roadshow.session))
        )
    )


def pitch_for_edit(user, pitch_id: int) -> Pitch:
    """The pitch for its presenter and its roadshow's organizers: 404 without it, 403 for others."""
    rights.require_login(user)
    pitch = Pitch.objects.select_related("roadshow__session").filter(pk=pitch_id).first()
    if pitch is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No pitch {pitch_id}.")
    if not may_edit(user, pitch):
        raise LiveError(ErrorCode.FORBIDDEN, "Only the presenter and the roadshow's organizers change its media.")
    return pitch


def _checked(upload, field: str, kinds, limit: int, what: str):
    from django.core.exceptions import ValidationError

    from halls import uploads

    try:
        return uploads.check(upload, kinds, max_bytes=limit, what=what)
    except ValidationError as error:
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field '{field}': {' '.join(error.messages)}") from error


@transaction.atomic
def set_media(*, by, pitch_id: int, slides=None, video=None, remove_slides=False, remove_video=False) -> Pitch:
    """Store the uploaded slides and/or video (both checked before either is kept)."""
    from halls import uploads
    from matchmaking.attachments import stored_name

    pitch = pitch_for_edit(by, pitch_id)
    Pitch.objects.select_for_update().filter(pk=pitch.pk).first()
    if slides is None and video is None and not (remove_slides or remove_video):
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'slides': send slides (PDF) or a video (MP4, WebM).")
    checked_slides = _checked(slides, "slides", (uploads.PDF,), slides_limit(), "slides") if slides else None
    checked_video = _checked(video, "video", uploads.VIDEO_KINDS, video_limit(), "video") if video else None
    replaced = ((pitch.slides_file, remove_slides or slides), (pitch.video_file, remove_video or video))
    old = [f.name for f, gone in replaced if gone and f]
    if remove_slides:
        pitch.slides_file = ""
    if remove_video:
        pitch.video_file, pitch.video_type = "", ""
    if checked_slides:
        pitch.slides_file.save(stored_name(checked_slides), checked_slides.content, save=False)
    if checked_video:
        pitch.video_file.save(stored_name(checked_video), checked_video.content, save=False)
        pitch.video_type = checked_video.kind.content_type
    pitch.save(update_fields=["slides_file", "video_file", "video_type"])
    storage = Pitch._meta.get_field("slides_file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in old])
    return pitch


def media_urls(pitch: Pitch) -> dict[str, object]:
    """What the audience follows: the uploaded file when there is one, else the link."""
    base = f"/api/activities/pitches/{pitch.pk}"
    return {
        "slides_url": f"{base}/slides" if pitch.slides_file else pitch.slides_url,
        "video_url": f"{base}/video" if pitch.video_file else pitch.video_url,
        "slides_uploaded": bool(pitch.slides_file),
        "video_uploaded": bool(pitch.video_file),
        "video_type": pitch.video_type if pitch.video_file else "",
    }


def serve(request: HttpRequest, pitch_id: int, what: str) -> HttpResponse:
    """The slides inline (a parsed PDF), the video with one byte range at a time."""
    from halls.content.media import Unsatisfiable, parse_range

    pitch = Pitch.objects.filter(pk=pitch_id).first()
    field = None if pitch is None else (pitch.slides_file if what == "slides" else pitch.video_file)
    if not field:
        raise LiveError(ErrorCode.NOT_FOUND, f"No uploaded {what} for pitch {pitch_id}.")
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise LiveError(ErrorCode.NOT_FOUND, f"No uploaded {what} for pitch {pitch_id}.") from error
    content_type = "application/pdf" if what == "slides" else pitch.video_type
    headers = {"X-Content-Type-Options": "nosniff", "Accept-Ranges": "bytes", "Cache-Control": "public, max-age=300"}
    size = field.size
    try:
        span = parse_range(request.headers.get("Range", ""), size)
    except Unsatisfiable:
        handle.close()
        return HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
    if span is None:
        response = FileResponse(handle, content_type=content_type, filename=f"pitch-{pitch_id}-{what}")
        response["Content-Disposition"] = "inline"
        for key, value in headers.items():
            response[key] = value
        return response
    first, last = span
    handle.seek(first)

    def chunks():
        left = last - first + 1
        with handle:
            while left > 0:
                data = handle.read(min(CHUNK_BYTES, left))
                if not data:
                    return
                left -= len(data)
                yield data

    headers |= {"Content-Range": f"bytes {first}-{last}/{size}", "Content-Length": str(last - first + 1)}
    return StreamingHttpResponse(chunks(), status=206, content_type=content_type, headers=headers)
