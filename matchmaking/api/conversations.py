"""在线洽谈 over the API: respond to a posting, my conversations, one conversation with its
messages, reply (multipart, with attachments), schedule a video meeting, rate the other side."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from live.http_api import errors, session_auth
from matchmaking import selectors
from matchmaking.api.common import WRITE_ERRORS, file_answer, uploads
from matchmaking.models import MessageAttachment
from matchmaking.rules import NotFound, conversation_side
from matchmaking.services import conversations as services
from matchmaking.services import engagement

router = Router(auth=session_auth)


class RespondIn(Schema):
    body: str = Field(..., max_length=20000)
    organisation_id: int | None = Field(None, ge=1, le=2**31 - 1, description="the organisation I respond for")


class SlotIn(Schema):
    start: datetime
    end: datetime


class MeetingIn(Schema):
    topic: str = Field(..., max_length=1000)
    slots: list[SlotIn] = Field(..., max_length=10)
    invitee_ids: list[int] | None = Field(None, max_length=10)


class RatingIn(Schema):
    stars: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=5000)


@router.post(
    "/matchmaking/postings/{int:pk}/respond", url_name="matchmaking-respond", response={201: dict, **WRITE_ERRORS}
)
def respond(request: HttpRequest, pk: int, data: RespondIn):
    """Open (or add to) my organisation's conversation with the poster."""
    posting = selectors.posting_for(request.user, pk)
    conversation = services.respond(
        posting=posting, user=request.user, body=data.body, organisation_id=data.organisation_id
    )
    return Status(201, selectors.conversation_out(conversation, request.user, messages=True))


@router.get(
    "/matchmaking/conversations", url_name="matchmaking-conversations", response={200: list[dict], **errors(401)}
)
def conversations(request: HttpRequest):
    """My organisations' conversations, on their postings and on others', the latest first."""
    return [selectors.conversation_out(c, request.user) for c in selectors.conversations_of(request.user)[:200]]


@router.get(
    "/matchmaking/conversations/{int:pk}", url_name="matchmaking-conversation", response={200: dict, **errors(401, 404)}
)
def conversation(request: HttpRequest, pk: int):
    return selectors.conversation_out(selectors.conversation_for(request.user, pk), request.user, messages=True)


@router.post(
    "/matchmaking/conversations/{int:pk}/messages", url_name="matchmaking-reply", response={201: dict, **WRITE_ERRORS}
)
def reply(request: HttpRequest, pk: int):
    """Multipart (`body`, files in `files`) or JSON `{"body"}`."""
    body = request.POST.get("body", "")
    if not body and request.content_type == "application/json":
        import json

        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            payload = {}
        body = payload.get("body", "") if isinstance(payload, dict) else ""
        body = body if isinstance(body, str) else ""
    message = services.reply(conversation_id=pk, user=request.user, body=body, uploads=uploads(request))
    return Status(201, selectors.message_out(message))


@router.get(
    "/matchmaking/message-attachments/{int:attachment_id}",
    url_name="matchmaking-message-attachment",
    response={200: None, **errors(401, 404)},
)
def message_attachment(request: HttpRequest, attachment_id: int):
    row = MessageAttachment.objects.select_related("message__conversation__posting").filter(pk=attachment_id).first()
    if row is None or conversation_side(request.user, row.message.conversation) is None:
        raise NotFound()
    return file_answer(row)


@router.post(
    "/matchmaking/conversations/{int:pk}/meetings", url_name="matchmaking-meeting", response={201: dict, **WRITE_ERRORS}
)
def schedule(request: HttpRequest, pk: int, data: MeetingIn):
    """A video meeting with the other side (up to three proposed slots; by default the
    other side's person in the conversation is invited)."""
    meeting = services.schedule_meeting(
        conversation_id=pk,
        user=request.user,
        topic=data.topic,
        slots=[{"start": s.start, "end": s.end} for s in data.slots],
        invitee_ids=data.invitee_ids,
    )
    return Status(
        201, {"id": meeting.pk, "topic": meeting.topic, "status": meeting.status, "url": f"/meetings/{meeting.pk}/"}
    )


@router.post(
    "/matchmaking/conversations/{int:pk}/rating", url_name="matchmaking-rate", response={201: dict, **WRITE_ERRORS}
)
def rate(request: HttpRequest, pk: int, data: RatingIn):
    """My organisation rates the other side of this conversation (once per posting)."""
    rating = engagement.rate_in_conversation(
        user=request.user, conversation_id=pk, stars=data.stars, comment=data.comment
    )
    return Status(201, {"stars": rating.stars, "comment": rating.comment, "rated": rating.rated_id})
