"""Networking's JSON API under /api/networking/ (config/api.py): the attendee directory, a
person's card, business card exchanges, blocks and reports, direct conversations. For
logged-in people only (the browser session, CSRF-checked on writes); refusals in the site's
one error shape (live/http_api.py, docs/api.md)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from live.http_api import errors, session_auth
from networking import directory, selectors, services

router = Router(auth=session_auth, tags=["networking"])

UserId = Field(..., ge=1, le=2**31 - 1)
CardField = Literal["email", "phone", "title", "organisation"]
READ_ERRORS = errors(401, 404, 422)
WRITE_ERRORS = errors(400, 401, 403, 404, 422, 429)


class CardIn(Schema):
    email: str = Field("", max_length=services.MAX_CARD_VALUE)
    phone: str = Field("", max_length=services.MAX_CARD_VALUE)
    title: str = Field("", max_length=services.MAX_CARD_VALUE)
    organisation: str = Field("", max_length=services.MAX_CARD_VALUE)


class ShareIn(Schema):
    share: list[CardField] | None = Field(None, description="the fields of my card to share (all by default)")
    card: CardIn | None = Field(None, description="the values to share (my account's and profile's by default)")

    def card_values(self) -> dict[str, str] | None:
        if self.card is None:
            return None
        return {name: value for name, value in self.card.dict().items() if value}


class RequestIn(ShareIn):
    user_id: int = UserId
    message: str = Field("", max_length=services.MAX_MESSAGE)


class DeclineIn(Schema):
    block: bool = False


class BlockIn(Schema):
    user_id: int = UserId
    report: bool = False
    reason: str = Field("", max_length=500)


class PersonIn(Schema):
    user_id: int = UserId


class DirectoryQuery(Schema):
    q: str = Field("", max_length=100)
    interest: str = Field("", max_length=64, description="an interest's slug (its subfields included)")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    language: str = Field("", max_length=16, description="a language code: zh, en, …")
    organisation: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=10_000)


@router.get("/networking/directory", url_name="networking-directory", response={200: dict, **READ_ERRORS})
def directory_page(request: HttpRequest, filters: Query[DirectoryQuery]):
    """People who listed themselves in the directory, as each lets this viewer see them."""
    return directory.search(request.user, **filters.dict())


@router.get("/networking/people/{int:user_id}", url_name="networking-person", response={200: dict, **READ_ERRORS})
def person(request: HttpRequest, user_id: int):
    """One listed person's directory card and where this viewer stands with them."""
    return directory.person_card(request.user, user_id)


@router.get("/networking/cards", url_name="networking-cards", response={200: dict, **errors(401)})
def cards(request: HttpRequest):
    """My exchanged cards, requests waiting for my answer, my pending requests."""
    return selectors.my_cards(request.user)


def _exchange(request: HttpRequest, exchange) -> dict[str, Any]:
    return selectors.exchange_for_viewer(exchange, request.user)


@router.post("/networking/cards", url_name="networking-card-request", response={201: dict, **WRITE_ERRORS})
def request_card(request: HttpRequest, data: RequestIn):
    """Ask to exchange business cards (asking someone who asked you accepts theirs)."""
    exchange = services.request_card(
        request.user, data.user_id, share=data.share, card=data.card_values(), message=data.message
    )
    return Status(201, _exchange(request, exchange))


@router.post(
    "/networking/cards/{int:pk}/accept", url_name="networking-card-accept", response={200: dict, **WRITE_ERRORS}
)
def accept_card(request: HttpRequest, pk: int, data: ShareIn):
    """Accept a request, sharing my card: both now see each other's."""
    exchange = services.respond_card(request.user, pk, accept=True, share=data.share, card=data.card_values())
    return _exchange(request, exchange)


@router.post(
    "/networking/cards/{int:pk}/decline", url_name="networking-card-decline", response={200: dict, **WRITE_ERRORS}
)
def decline_card(request: HttpRequest, pk: int, data: DeclineIn):
    """Decline a request (and, with `block`, refuse anything further from that person)."""
    return _exchange(request, services.respond_card(request.user, pk, accept=False, block=data.block))


@router.post(
    "/networking/cards/{int:pk}/withdraw", url_name="networking-card-withdraw", response={200: dict, **WRITE_ERRORS}
)
def withdraw_card(request: HttpRequest, pk: int):
    """End an exchange or take back my request: neither keeps the other's card."""
    return _exchange(request, services.withdraw_card(request.user, pk))


@router.get("/networking/blocks", url_name="networking-blocks", response={200: list[dict], **errors(401)})
def blocks(request: HttpRequest):
    return selectors.blocked_people(request.user)


@router.post("/networking/blocks", url_name="networking-block", response={201: dict, **WRITE_ERRORS})
def block(request: HttpRequest, data: BlockIn):
    """Block (and, with `report`, report to the organizers) someone."""
    made = services.block_person(request.user, data.user_id, report=data.report, reason=data.reason)
    return Status(201, {"user_id": made.blocked_id, "reported": made.reported})


@router.delete("/networking/blocks/{int:user_id}", url_name="networking-unblock", response={204: None, **WRITE_ERRORS})
def unblock(request: HttpRequest, user_id: int):
    services.unblock_person(request.user, user_id)
    return Status(204, None)


@router.get("/networking/messages", url_name="networking-conversations", response={200: list[dict], **errors(401)})
def conversations(request: HttpRequest):
    """My direct conversations, the latest first."""
    return selectors.conversations(request.user)


@router.post("/networking/messages", url_name="networking-open-dm", response={200: dict, **WRITE_ERRORS})
def open_conversation(request: HttpRequest, data: PersonIn):
    """The direct-message room with this person (created on first use); then join it over
    the WebSocket (`room.join`) and talk with `chat.send`."""
    direct = services.open_direct_room(request.user, data.user_id)
    return {
        "room": direct.room.slug,
        "person": selectors.person_ref(direct.user_high if direct.user_low_id == request.user.pk else direct.user_low),
    }
