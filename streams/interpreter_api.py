"""A session's interpreters, under /api/ with the streams router (streams.api): who
interprets the stage into which language (docs/streams.md, "Interpretation channels").

Organizers and the event's moderators list, assign and remove them; the go-live panel and
scripts use it (the admin's *Interpreters* does the same). Removing someone ends their
interpretation on every open connection: live.access rechecks their sockets and
streams.rights closes a publisher whose right is gone. Refusals in the site's error shape:
400 unknown language, 401, 403, 404 (no such session, person or entry), 409 already assigned.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import SessionAuth
from pydantic import Field

from accounts.selectors import user_ref
from live.errors import LiveError
from live.http_api import ApiError, errors
from live.protocol import ErrorCode
from streams.interpretation import LANGUAGES, language_name
from streams.models import EventModerator, Interpreter, Session

router = Router()
PATH = "/sessions/{session_id}/interpreters"


class InterpreterIn(Schema):
    # Both required, but checked after the caller's right (a refused caller learns nothing).
    user_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The person who interprets (their user id). Required."
    )
    language: str | None = Field(None, max_length=16, description=f"A language code: {', '.join(LANGUAGES)}. Required.")


class InterpreterOut(Schema):
    id: int
    user: dict | None
    language: str
    language_name: str


def interpreter_out(entry: Interpreter) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "user": user_ref(entry.user),
        "language": entry.language,
        "language_name": language_name(entry.language) or entry.language,
    }


def _session_run_by(user, session_id: int) -> Session:
    """The session, if this person may say who interprets it: organizers and the moderators
    of its event."""
    session = Session.objects.select_related("event").filter(pk=session_id).first()
    if session is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No session {session_id}.")
    if not (user.is_organizer or EventModerator.objects.filter(event_id=session.event_id, user=user).exists()):
        raise PermissionDenied("Only organizers and the event's moderators assign its interpreters.")
    return session


@router.get(
    PATH, auth=SessionAuth(), response={200: list[InterpreterOut], **errors(401, 403, 404, 422)}, tags=["programme"]
)
def list_interpreters(request: HttpRequest, session_id: int) -> list[dict[str, Any]]:
    """The session's interpreters, by language."""
    session = _session_run_by(request.auth, session_id)
    return [interpreter_out(entry) for entry in session.interpreters.select_related("user")]


@router.post(
    PATH,
    auth=SessionAuth(csrf=True),
    response={201: InterpreterOut, **errors(400, 401, 403, 404, 409, 422)},
    tags=["programme"],
)
def assign_interpreter(request: HttpRequest, session_id: int, body: InterpreterIn):
    """Let a person interpret the session's stage into a language: they may then publish an
    audio track for it (`rtc.publish {language}`)."""
    from django.contrib.auth import get_user_model

    session = _session_run_by(request.auth, session_id)
    missing = {name: ["This field is required."] for name in ("user_id", "language") if getattr(body, name) is None}
    if missing:
        raise ApiError(400, "invalid_fields", f"Send {' and '.join(missing)}.", missing)
    if body.language not in LANGUAGES:
        raise ApiError(
            400,
            "unknown_language",
            f"No language {body.language!r}; one of {', '.join(LANGUAGES)}.",
            {"language": ["Unknown language code."]},
        )
    person = get_user_model().objects.filter(pk=body.user_id, is_active=True).first()
    if person is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No person {body.user_id}.")
    try:
        with transaction.atomic():
            entry = Interpreter.objects.create(session=session, user=person, language=body.language)
    except IntegrityError:
        raise ApiError(
            409, "already_assigned", f"{person} interprets this session into {body.language!r} already."
        ) from None
    return Status(201, interpreter_out(entry))


@router.delete(
    PATH + "/{interpreter_id}",
    auth=SessionAuth(csrf=True),
    response={204: None, **errors(401, 403, 404, 422)},
    tags=["programme"],
)
def remove_interpreter(request: HttpRequest, session_id: int, interpreter_id: int):
    """Take a language from an interpreter: if they are publishing it, it stops on every open
    connection (viewers fall back to the original sound)."""
    session = _session_run_by(request.auth, session_id)
    entry = session.interpreters.filter(pk=interpreter_id).first()
    if entry is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No interpreter {interpreter_id} of this session.")
    entry.delete()  # live.access.watch_rights(Interpreter): their sockets are rechecked
    return Status(204, None)
