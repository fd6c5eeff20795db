"""Shapes of the read API's answers (OpenAPI components)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class EventOut(Schema):
    slug: str
    name: str
    name_en: str
    description: str
    description_en: str
    starts_at: datetime
    ends_at: datetime
    timezone: str


class SpeakerOut(Schema):
    id: int
    name: str
    name_en: str
    title: str
    title_en: str
    affiliation: str
    affiliation_en: str
    bio: str
    bio_en: str


class SessionOut(Schema):
    id: int
    slug: str
    kind: str
    title: str
    title_en: str
    description: str
    description_en: str
    starts_at: datetime
    ends_at: datetime
    status: str = Field(description='The timetable: "live", "upcoming" or "ended" at the time of reading.')
    stage: str = Field(
        "scheduled",
        description='The stage\'s real state: "live", "paused", "starting_soon", "scheduled" or "ended".',
    )
    has_recording: bool = False
    parent_id: int | None
    room_slug: str | None
    room_url: str | None
    speakers: list[SpeakerOut]


class DayOut(Schema):
    date: date
    sessions: list[SessionOut]


class ProgrammeOut(Schema):
    event: EventOut
    timezone: str
    live_now: list[int] = Field(description="Sessions whose time slot is now (the timetable).")
    on_air: list[int] = Field(default_factory=list, description="Sessions whose stage is streaming (live or paused).")
    days: list[DayOut]


class SessionDetailOut(SessionOut):
    event_slug: str
    timezone: str
    parent_title: str
    parent_title_en: str
    children: list[SessionOut]
