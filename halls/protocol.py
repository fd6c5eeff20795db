"""Exhibition frames of the live-room protocol: the staff room's live notices
(halls/staffroom.py). Registered into live.protocol when the halls app is ready, so that
they are validated in tests and listed in docs/protocol.md like the built-in frames.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from live.protocol import ServerFrame, UserRef, register_server_frame


class BoothRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int
    number: str
    name: str
    name_en: str = Field(description="The English name, or the Chinese one when none is set.")


class CallRequestRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int
    status: Literal["pending", "accepted", "declined", "done"]
    preferred_time: str


class LeadOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int
    booth: BoothRef
    visitor: str = Field(description="The visitor's public name.")
    source: Literal["contact_form", "call_request", "chat"]
    category: str = Field(description="project_cooperation, job_seeking, recruitment, investment_finance, media, other")
    message: str
    created_at: str
    call_request: CallRequestRef | None = Field(description="Set when the lead is a call request.")


class CallRequestOut(CallRequestRef):
    lead: int
    booth: int
    handled_by: UserRef | None
    handled_at: str | None


class LeadNewEvent(ServerFrame):
    """In an organisation's staff room (`exhibitor-<organisation id>`, its staff and the
    organizers only): a visitor left a contact, requested a video call, or started a chat
    conversation in one of its booths (sequenced)."""

    type: Literal["lead.new"]
    room: str
    seq: int
    lead: LeadOut


class CallRequestUpdatedEvent(ServerFrame):
    """In the staff room: a call request was accepted, declined or done (sequenced)."""

    type: Literal["call_request.updated"]
    room: str
    seq: int
    call_request: CallRequestOut


ERROR_DESCRIPTIONS = {
    "organisation_unverified": "The organisation is not (yet) verified by the organizers: it may not apply "
    "for a booth (HTTP 400; docs/organisations.md).",
}


def register() -> None:
    from live.registry import register_error_codes

    register_error_codes(ERROR_DESCRIPTIONS, app="halls")
    register_server_frame(LeadNewEvent, sequenced=True)
    register_server_frame(CallRequestUpdatedEvent, sequenced=True)
