"""Expert consultation cases: submit, read (its submitter, experts and organizers; 404 for
anyone else), move through the transition table, rate (activities/consultations.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from activities import consultations
from live.errors import LiveError
from live.http_api import errors, session_auth
from live.protocol import ErrorCode

router = Router()
ERRORS = errors(400, 401, 403, 404, 422)


class CaseIn(Schema):
    organisation_id: int | None = Field(None, ge=1, le=2**31 - 1)
    field: str | None = Field(None, max_length=64)
    title: str | None = Field(None, max_length=1000)
    description: str | None = Field(None, max_length=20000)
    languages: list[str] = Field(default_factory=list, max_length=8)
    confidentiality: str | None = Field(None, max_length=20)
    subvenue: str | None = Field(None, max_length=60)


class SlotIn(Schema):
    start: datetime
    end: datetime


class TransitionIn(Schema):
    action: Literal["match", "schedule", "hold", "close"] | None = None
    expert_ids: list[int] = Field(default_factory=list, max_length=10)
    slots: list[SlotIn] = Field(default_factory=list, max_length=3)
    summary: str | None = Field(None, max_length=20000)


class RatingIn(Schema):
    score: int | None = Field(None, ge=1, le=5)
    comment: str | None = Field(None, max_length=2000)


@router.post("/activities/cases", auth=session_auth, response={201: dict, **ERRORS})
def submit(request: HttpRequest, data: CaseIn):
    """Submit a technical problem for an organisation one belongs to."""
    case = consultations.submit(
        by=request.user,
        organisation_id=data.organisation_id or 0,
        field=data.field or "",
        title=data.title or "",
        description=data.description or "",
        languages=data.languages,
        confidentiality=data.confidentiality or "",
        subvenue=data.subvenue,
    )
    return Status(201, consultations.case_out(case, request.user))


@router.get("/activities/cases/{int:case_id}", auth=session_auth, response={200: dict, **ERRORS})
def case_detail(request: HttpRequest, case_id: int):
    """The case with its states and history, experts, meeting, documents, summary, ratings."""
    return consultations.case_out(consultations.case_for(request.user, case_id), request.user)


@router.post("/activities/cases/{int:case_id}/transitions", auth=session_auth, response={200: dict, **ERRORS})
def transition(request: HttpRequest, case_id: int, data: TransitionIn):
    """The organizers move the case (match, schedule, hold, close; the table in docs/activities.md)."""
    consultations._organized_check(request.user, case_id)
    if data.action is None:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'action': match, schedule, hold or close.")
    if data.action == "match":
        case = consultations.match_experts(by=request.user, case_id=case_id, expert_ids=data.expert_ids)
    elif data.action == "schedule":
        case = consultations.schedule(by=request.user, case_id=case_id, slots=[s.dict() for s in data.slots])
    elif data.action == "hold":
        case = consultations.mark_held(by=request.user, case_id=case_id)
    else:
        case = consultations.close(by=request.user, case_id=case_id, summary=data.summary or "")
    return consultations.case_out(case, request.user)


@router.post("/activities/cases/{int:case_id}/rating", auth=session_auth, response={201: dict, **ERRORS})
def rate(request: HttpRequest, case_id: int, data: RatingIn):
    rating = consultations.rate(by=request.user, case_id=case_id, score=data.score or 0, comment=data.comment or "")
    return Status(201, {"side": rating.side, "score": rating.score})


@router.post("/activities/cases/{int:case_id}/documents", auth=session_auth, response={201: dict, **ERRORS})
def add_document(request: HttpRequest, case_id: int):
    """Multipart, one file in `file` (PDF or an image, at most settings.HALLS
    MAX_DOCUMENT_BYTES; checked by its bytes): the submitter and the case's organizers."""
    case = consultations.case_for(request.user, case_id)
    if not consultations.may_add_documents(request.user, case):
        raise LiveError(ErrorCode.FORBIDDEN, "Only the submitter and the organizers add documents.")
    files = request.FILES.getlist("file")
    if len(files) != 1:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'file': send one file (multipart/form-data, field 'file').")
    document = consultations.add_document(by=request.user, case_id=case_id, upload=files[0])
    return Status(201, consultations.document_out(document))


@router.get("/activities/cases/{int:case_id}/documents/{int:document_id}", auth=session_auth,
            response={200: None, **ERRORS})  # fmt: skip
def document(request: HttpRequest, case_id: int, document_id: int):
    """The document as a download, for the case's participants only (404 for anyone else)."""
    from django.http import FileResponse

    row = consultations.document_for(request.user, case_id, document_id)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as error:
        raise LiveError(ErrorCode.NOT_FOUND, f"No document {document_id} in case {case_id}.") from error
    response = FileResponse(handle, content_type=row.content_type, as_attachment=True, filename=row.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
