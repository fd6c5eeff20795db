"""Sub-venues: public reads (the list by region, a sub-venue's page and programme, its
calendar feed); writes for the conference's organizers and the sub-venue's own organizers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from activities import subvenues
from live.http_api import caller, errors, session_auth
from streams.selectors import current_event, get_event

router = Router()
READ_ERRORS = errors(400, 404, 422)
WRITE_ERRORS = errors(400, 401, 403, 404, 422)
Id = Field(..., ge=1, le=2**31 - 1)


class SubVenueIn(Schema):
    event: str | None = Field(None, max_length=60, description="The conference's slug; default: the current one.")
    organisation_id: int = Id
    slug: str = Field(..., max_length=60)
    name: str = Field(..., max_length=1000)
    name_en: str | None = Field(None, max_length=1000)
    description: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    region: str = Field(..., max_length=60)
    region_name: str | None = Field(None, max_length=1000)
    region_name_en: str | None = Field(None, max_length=1000)


class SubVenuePatch(Schema):
    name: str | None = Field(None, max_length=1000)
    name_en: str | None = Field(None, max_length=1000)
    description: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    region_name: str | None = Field(None, max_length=1000)
    region_name_en: str | None = Field(None, max_length=1000)


class StaffIn(Schema):
    # Optional in the schema so that the right is checked before the input (refusals in order).
    user_id: int | None = Field(None, ge=1, le=2**31 - 1)
    role: Literal["organizer", "moderator"] | None = None


class SessionIn(Schema):
    title: str | None = Field(None, max_length=1000)
    title_en: str | None = Field(None, max_length=1000)
    description: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    kind: Literal["theme_activity", "sub_forum"] | None = None
    slug: str | None = Field(None, max_length=60)


class SessionPatch(Schema):
    title: str | None = Field(None, max_length=1000)
    title_en: str | None = Field(None, max_length=1000)
    description: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@router.get("/activities/subvenues", response={200: dict, **READ_ERRORS})
def list_subvenues(request: HttpRequest, region: str = Query("", max_length=60)):
    """The sub-venues (filtered by region) and the regions they serve."""
    return {
        "regions": subvenues.regions(),
        "subvenues": [subvenues.subvenue_out(s) for s in subvenues.subvenues(region)],
    }


@router.post("/activities/subvenues", auth=session_auth, response={201: dict, **WRITE_ERRORS})
def create_subvenue(request: HttpRequest, data: SubVenueIn):
    """A new sub-venue run by a partner organisation (the conference's organizers only)."""
    from activities.rights import require_site_organizer

    require_site_organizer(request.user)
    event = get_event(data.event) if data.event else current_event()
    if event is None:
        from live.errors import LiveError
        from live.protocol import ErrorCode

        raise LiveError(ErrorCode.NOT_FOUND, "field 'event': no such conference.")
    fields = data.dict(exclude={"event", "organisation_id", "slug", "name", "region"})
    subvenue = subvenues.create_subvenue(
        by=request.user,
        event=event,
        organisation_id=data.organisation_id,
        slug=data.slug,
        name=data.name,
        region=data.region,
        **fields,
    )
    return Status(201, subvenues.subvenue_out(subvenue, viewer=request.user))


@router.get("/activities/subvenues/{slug}", response={200: dict, **READ_ERRORS})
def subvenue_detail(request: HttpRequest, slug: str):
    """A sub-venue with its programme; its staff for those who organize it."""
    return subvenues.subvenue_out(subvenues.get_subvenue(slug), sessions=True, viewer=caller(request))


@router.patch("/activities/subvenues/{slug}", auth=session_auth, response={200: dict, **WRITE_ERRORS})
def update_subvenue(request: HttpRequest, slug: str, data: SubVenuePatch):
    subvenue = subvenues.update_subvenue(
        by=request.user, subvenue=subvenues.get_subvenue(slug), **data.dict(exclude_unset=True)
    )
    return subvenues.subvenue_out(subvenue, viewer=request.user)


@router.post("/activities/subvenues/{slug}/staff", auth=session_auth, response={200: dict, **WRITE_ERRORS})
def set_staff(request: HttpRequest, slug: str, data: StaffIn):
    """Give a person a role in the sub-venue (organizer or moderator of its stages)."""
    staff = subvenues.set_staff(
        by=request.user, subvenue=subvenues.get_subvenue(slug), user_id=data.user_id or 0, role=data.role or ""
    )
    return {"user_id": staff.user_id, "role": staff.role}


@router.delete(
    "/activities/subvenues/{slug}/staff/{int:user_id}", auth=session_auth, response={204: None, **WRITE_ERRORS}
)
def remove_staff(request: HttpRequest, slug: str, user_id: int):
    subvenues.remove_staff(by=request.user, subvenue=subvenues.get_subvenue(slug), user_id=user_id)
    return Status(204, None)


@router.post("/activities/subvenues/{slug}/sessions", auth=session_auth, response={201: dict, **WRITE_ERRORS})
def create_session(request: HttpRequest, slug: str, data: SessionIn):
    """A session of the sub-venue's programme, with its stage (chat, Q&A, the stream)."""
    fields = data.dict(exclude_none=True)
    session = subvenues.create_session(
        by=request.user,
        subvenue=subvenues.get_subvenue(slug),
        title=fields.pop("title", ""),
        starts_at=fields.pop("starts_at", None),
        ends_at=fields.pop("ends_at", None),
        **fields,
    )
    return Status(201, subvenues.session_out(session))


@router.patch("/activities/sessions/{int:session_id}", auth=session_auth, response={200: dict, **WRITE_ERRORS})
def update_session(request: HttpRequest, session_id: int, data: SessionPatch):
    session = subvenues.update_session(by=request.user, session_id=session_id, **data.dict(exclude_unset=True))
    return subvenues.session_out(session)


@router.delete("/activities/sessions/{int:session_id}", auth=session_auth, response={204: None, **WRITE_ERRORS})
def delete_session(request: HttpRequest, session_id: int):
    subvenues.delete_session(by=request.user, session_id=session_id)
    return Status(204, None)


@router.get(
    "/activities/subvenues/{slug}/calendar.ics",
    response={200: None, **READ_ERRORS},
    openapi_extra={"responses": {200: {"description": "An iCalendar file", "content": {"text/calendar": {}}}}},
)
def subvenue_calendar(request: HttpRequest, slug: str, lang: Literal["zh", "en"] = "zh"):
    """The sub-venue's programme as a calendar feed to subscribe to."""
    from agenda.calendar import calendar_bytes
    from agenda.selectors import session_agenda_item

    subvenue = subvenues.get_subvenue(slug)
    now = timezone.now()
    items = [session_agenda_item(s, UTC, now) for s in subvenues.sessions_of(subvenue)]
    name = (subvenue.name_en or subvenue.name) if lang == "en" else subvenue.name
    body = calendar_bytes(items, name=name, base_url=request.build_absolute_uri("/")[:-1], language=lang)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{subvenue.slug}.ics"'
    return response
