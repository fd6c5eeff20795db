"""The moderator console: /console/ lists the rooms you moderate, /console/rooms/<slug>/ runs
one of them. The page is a shell; every action goes over the room socket (docs/console.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.selectors import user_ref
from frontend import console_selectors as selectors
from live import protocol
from live.models import Room
from live.selectors import moderated_rooms

STAGE_STATES = ("scheduled", "live", "paused", "ended")


@require_GET
@login_required
def console_index(request: HttpRequest) -> HttpResponse:
    rooms = moderated_rooms(request.user)
    return render(request, "frontend/console/index.html", {"rooms": rooms})


def console_strings() -> dict[str, str]:
    """Words the console's script writes into the page, in the visitor's language."""
    return {
        "approve": _("Approve"),
        "dismiss": _("Dismiss"),
        "answered": _("Mark answered"),
        "unanswered": _("Not answered"),
        "pin": _("Pin"),
        "unpin": _("Unpin"),
        "delete": _("Delete"),
        "mute": _("Mute"),
        "ban": _("Ban"),
        "open_poll": _("Open poll"),
        "close_poll": _("Close poll"),
        "votes": _("votes"),
        "no_pending": _("No questions waiting."),
        "lock": _("Lock room"),
        "unlock": _("Unlock room"),
        "locked": _("locked"),
        "slow_mode": _("slow mode"),
        "saved": _("Saved."),
        "connected": _("connected"),
        "reconnecting": _("reconnecting…"),
        "connecting": _("connecting…"),
        "disconnected": _("disconnected"),
        "draft": _("draft"),
        "open": _("open"),
        "closed": _("closed"),
        "removed": _("You were removed from this room:"),
        "too_many": _("Too many people to list."),
        "unpin_job": _("Unpin"),
        "no_pinned_jobs": _("No job pinned."),
    }


@require_GET
@login_required
def console_room(request: HttpRequest, slug: str) -> HttpResponse:
    room = get_object_or_404(Room, slug=slug)
    if not selectors.can_moderate(request.user, room):
        raise PermissionDenied(_("You do not moderate this room."))
    config = {
        "room": room.slug,
        "kind": room.kind,
        "ws_path": "/ws/",
        "user": user_ref(request.user),
        "blocked_words": [w.strip() for w in room.blocked_words.splitlines() if w.strip()],
        "stage_states": list(STAGE_STATES) if room.kind == "stage" else [],
        "jobs": selectors.pinnable_jobs(room) if room.kind == "stage" else None,
        "limits": {
            "max_poll_options": protocol.MAX_POLL_OPTIONS,
            "slow_mode_max_seconds": protocol.SLOW_MODE_MAX_SECONDS,
            "mute_max_minutes": protocol.MUTE_MAX_MINUTES,
        },
        "strings": console_strings(),
    }
    return render(request, "frontend/console/room.html", {"room": room, "config": config})
