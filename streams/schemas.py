"""Shapes of the read API's answers (OpenAPI components)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


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
    status: str
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
    live_now: list[int]
    days: list[DayOut]


class SessionDetailOut(SessionOut):
    event_slug: str
    timezone: str
    parent_title: str
    parent_title_en: str
    children: list[SessionOut]
