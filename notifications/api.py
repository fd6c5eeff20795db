"""The notifications JSON API under /api/notifications (config/api.py): a person's own
notifications (paged), the unread count, marking read, e-mail preferences per kind. For
logged-in people only (the browser session, CSRF-checked on writes); refusals in the one
error shape (live/http_api.py, docs/api.md). Marking read here reaches every open tab
(`notification.read` in the inbox room) like the socket commands."""

from __future__ import annotations

from typing import Annotated

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from live.http_api import ApiError, errors, session_auth
from live.protocol import ErrorCode
from notifications import kinds, selectors, services
from notifications.inbox import inbox_room

router = Router(auth=session_auth, tags=["notifications"])

READ_ERRORS = errors(401, 422)
WRITE_ERRORS = errors(400, 401, 403, 404, 422)
PAGE_SIZE = 20


class NotificationSchema(Schema):
    id: int
    kind: str
    title: str
    title_en: str
    body: str
    body_en: str
    url: str
    created_at: str
    read_at: str | None


class PageOut(Schema):
    items: list[NotificationSchema]
    page: int
    pages: int
    total: int
    unread: int


class UnreadOut(Schema):
    unread: int
    room: str = Field(description="Your inbox room: join it on the socket for notification.new / notification.read.")
    seq: int = Field(description="The inbox's latest seq: join with since_seq=this to miss nothing after this answer.")


class MarkedOut(Schema):
    changed: int
    unread: int


class IdsIn(Schema):
    # Database ids: a larger number overflowed SQLite's INTEGER (a 500) before it matched nothing.
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(..., min_length=1, max_length=200)


class PreferenceOut(Schema):
    kind: str
    label: str
    label_zh: str
    label_en: str
    email: bool


class PreferenceIn(Schema):
    kind: str = Field(..., min_length=1, max_length=kinds.MAX_KEY_LENGTH)
    email: bool


class ListQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    unread: bool = False


@router.get("/notifications", url_name="notifications-list", response={200: PageOut, **READ_ERRORS})
def notification_list(request: HttpRequest, query: Query[ListQuery]):
    """Your notifications, newest first, 20 a page (`unread=true`: only those not read)."""
    paginator = Paginator(selectors.notifications_of(request.user, unread_only=query.unread), PAGE_SIZE)
    page = paginator.get_page(query.page)
    return {
        "items": [selectors.notification_out(n) for n in page.object_list],
        "page": page.number,
        "pages": paginator.num_pages,
        "total": paginator.count,
        "unread": selectors.unread_count(request.user),
    }


@router.get("/notifications/unread", url_name="notifications-unread", response={200: UnreadOut, **READ_ERRORS})
def unread(request: HttpRequest):
    """How many of your notifications are unread, and your inbox room to hear of the next ones."""
    room = inbox_room(request.user)
    return {"unread": selectors.unread_count(request.user), "room": room.slug, "seq": room.last_seq}


@router.post("/notifications/read", url_name="notifications-read", response={200: MarkedOut, **WRITE_ERRORS})
def mark_read(request: HttpRequest, data: IdsIn):
    """Mark some of your notifications read (ids not yours are ignored)."""
    changed, unread_now = services.mark_read(request.user, data.ids)
    return {"changed": changed, "unread": unread_now}


@router.post(
    "/notifications/{int:pk}/read", url_name="notifications-read-one", response={200: MarkedOut, **WRITE_ERRORS}
)
def mark_one_read(request: HttpRequest, pk: int):
    """Mark one of your notifications read; 404 when it is not yours."""
    changed, unread_now = services.mark_one_read(request.user, pk)
    return {"changed": changed, "unread": unread_now}


@router.post("/notifications/read-all", url_name="notifications-read-all", response={200: MarkedOut, **WRITE_ERRORS})
def mark_all_read(request: HttpRequest):
    """Mark every one of your notifications read."""
    changed, unread_now = services.mark_all_read(request.user)
    return {"changed": changed, "unread": unread_now}


def _preferences(user) -> list[dict]:
    chosen = selectors.email_preferences(user)
    return [
        {"kind": k.key, "label": k.label, "label_zh": k.label_zh, "label_en": k.label_en, "email": chosen[k.key]}
        for k in kinds.all_kinds()
    ]


@router.get(
    "/notifications/preferences",
    url_name="notifications-preferences",
    response={200: list[PreferenceOut], **READ_ERRORS},
)
def preferences(request: HttpRequest):
    """Every kind of notification and whether you get it by e-mail."""
    return _preferences(request.user)


@router.post(
    "/notifications/preferences",
    url_name="notifications-preference-set",
    response={200: list[PreferenceOut], **WRITE_ERRORS},
)
def set_preference(request: HttpRequest, data: PreferenceIn):
    """Choose e-mail (or not) for one kind; answers every kind's choice."""
    if data.kind not in kinds.KINDS:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"No notification kind {data.kind!r}.", {"kind": ["unknown kind"]})
    services.set_email_preference(request.user, data.kind, data.email)
    return _preferences(request.user)
