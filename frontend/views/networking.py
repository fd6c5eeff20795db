"""Networking pages (/networking/...): the attendee directory, a person's card, my business
cards, my direct conversations and one conversation. Server-rendered from networking's
selectors; buttons act through /api/networking/ (networking/api.py), and a conversation is
a live room (kind `dm`) joined over /ws/ like any other."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.selectors import user_ref
from live import protocol
from live.errors import LiveError
from networking import directory, selectors, services


def page_strings() -> dict[str, str]:
    return {
        "requested": _("Request sent"),
        "accepted": _("Cards exchanged"),
        "declined": _("Declined"),
        "withdrawn": _("Withdrawn"),
        "blocked": _("Blocked"),
        "sending": _("Sending…"),
        "connecting": _("Connecting…"),
        "connected": _("Connected"),
        "reconnecting": _("Reconnecting…"),
        "closed": _("Disconnected"),
        "removed": _("This conversation is closed."),
        "confirm_block": _("Block this person? They can no longer send you requests or messages."),
    }


def _filters(request: HttpRequest) -> dict:
    def text(name: str, limit: int) -> str:
        return request.GET.get(name, "").strip()[:limit]

    def number(name: str, default=None, low: int = 1, high: int = 2**31 - 1):
        try:
            value = int(request.GET.get(name, ""))
        except ValueError:
            return default
        return value if low <= value <= high else default

    return {
        "q": text("q", 100),
        "interest": text("interest", 64),
        "country": text("country", 2),
        "language": text("language", 16),
        "organisation": text("organisation", 200),
        "page": number("page", 1, high=10_000),
    }


@require_GET
@login_required
def directory_page(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    result = directory.search(request.user, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "frontend/networking/directory.html",
        {
            "result": result,
            "filters": filters,
            "choices": directory.filter_choices(),
            "query": query.urlencode(),
            "config": {"strings": page_strings()},
        },
    )


@require_GET
@login_required
def person_page(request: HttpRequest, user_id: int) -> HttpResponse:
    try:
        card = directory.person_card(request.user, user_id)
    except LiveError as error:
        raise Http404(error.message) from error
    return render(
        request,
        "frontend/networking/person.html",
        {"card": card, "config": {"strings": page_strings(), "user_id": user_id}},
    )


@require_GET
@login_required
def cards_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frontend/networking/cards.html",
        {
            "cards": selectors.my_cards(request.user),
            "blocked": selectors.blocked_people(request.user),
            "config": {"strings": page_strings()},
        },
    )


@require_GET
@login_required
def conversations_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "frontend/networking/conversations.html", {"conversations": selectors.conversations(request.user)}
    )


@require_GET
@login_required
def conversation_page(request: HttpRequest, user_id: int) -> HttpResponse:
    """The conversation with this person (its room made on first opening)."""
    try:
        direct = services.open_direct_room(request.user, user_id)
    except LiveError as error:
        return render(request, "frontend/networking/unreachable.html", {"message": error.message}, status=403)
    other = direct.user_high if direct.user_low_id == request.user.pk else direct.user_low
    person = selectors.person_ref(other)
    config = {
        "room": direct.room.slug,
        "user": user_ref(request.user),
        "person": person,
        "max_chat_length": protocol.MAX_CHAT_LENGTH,
        "strings": page_strings(),
    }
    return render(request, "frontend/networking/conversation.html", {"person": person, "config": config})
