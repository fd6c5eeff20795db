"""What the matchmaking routers share: id fields, documented refusals, file answers."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from ninja import Field

from live.http_api import caller, errors

Id = Field(..., ge=1, le=2**31 - 1)
READ_ERRORS = errors(401, 404, 422)
WRITE_ERRORS = errors(400, 401, 403, 404, 422, 429)


def viewer(request: HttpRequest):
    """The session's user or a bearer token's owner (reads)."""
    return caller(request)


def file_answer(row) -> FileResponse:
    """An attachment as a download: its sniffed type, never rendered inline as HTML."""
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        from matchmaking.rules import NotFound

        raise NotFound() from None
    response = FileResponse(handle, content_type=row.content_type, as_attachment=True, filename=row.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response


def uploads(request: HttpRequest, name: str = "files") -> list:
    return request.FILES.getlist(name) + request.FILES.getlist("file")
