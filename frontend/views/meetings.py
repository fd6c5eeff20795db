"""Scheduled meetings' pages (/meetings/): my meetings, the request form, one meeting
(answer, propose, reschedule, cancel, join the call, its chat) and my availability.

Server-rendered from meetings' selectors; the forms and buttons act through /api/meetings/
(docs/meetings.md), so the rules live in one place; the call is streams' (calls.js)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.i18n import localized
from accounts.selectors import user_ref
from live.errors import LiveError
from meetings import selectors
from meetings.models import MAX_PEOPLE, MAX_SLOTS
from meetings.zones import zone_of


def weekdays() -> list[tuple[int, str]]:
    return [
        (0, _("Monday")),
        (1, _("Tuesday")),
        (2, _("Wednesday")),
        (3, _("Thursday")),
        (4, _("Friday")),
        (5, _("Saturday")),
        (6, _("Sunday")),
    ]


def status_labels() -> dict[str, str]:
    return {
        "proposed": _("Waiting for an answer"),
        "confirmed": _("Confirmed"),
        "declined": _("Declined"),
        "cancelled": _("Cancelled"),
        "pending": _("Not answered yet"),
        "accepted": _("Accepted"),
    }


def page_strings() -> dict[str, str]:
    return {
        "saved": _("Saved."),
        "search_hint": _("Type at least two letters of a name."),
        "no_people": _("Nobody found."),
        "add": _("Invite"),
        "remove": _("Remove"),
        "any_time": _("Available at any time"),
        "their_zone": _("Their time zone: %(zone)s"),
        "too_many": _("A meeting has at most %(limit)s people."),
        "pick_someone": _("Invite at least one person."),
        "slot_required": _("Give at least one slot."),
        "join_failed": _("Could not join the call: %(reason)s"),
        "chat_placeholder": _("Write to the participants…"),
        "send": _("Send"),
        "deleted": _("(deleted)"),
        "weekday": _("Weekday"),
        "date": _("Date"),
        "from": _("From"),
        "until": _("Until"),
        "every_week": _("Every week"),
        "on_date": _("On a date"),
        "confirm_cancel": _("Cancel this meeting for everyone?"),
    }


def _context_label(context: dict[str, Any]) -> str:
    if not context:
        return ""
    zh, en = context.get("label_zh", ""), context.get("label_en", "")
    return localized(zh or en, en)


@login_required
@require_GET
def my_meetings(request: HttpRequest) -> HttpResponse:
    """Every meeting I organise or am invited to, with what waits for me."""
    rows = [selectors.meeting_out(m, request.user) for m in selectors.meetings_for(request.user)[:200]]
    for row in rows:
        row["context_label"] = _context_label(row["context"])
    waiting = [r for r in rows if r["you"]["response"] == "pending" and r["status"] in ("proposed", "confirmed")]
    return render(
        request,
        "frontend/meetings/list.html",
        {"meetings": rows, "waiting": waiting, "labels": status_labels(), "timezone": zone_of(request.user).key},
    )


@login_required
@require_GET
def request_form(request: HttpRequest) -> HttpResponse:
    """Pick people (their zone and availability shown), a topic, up to three slots in my zone."""
    config = {
        "user": user_ref(request.user),
        "timezone": zone_of(request.user).key,
        "max_people": MAX_PEOPLE,
        "max_slots": MAX_SLOTS,
        "strings": page_strings(),
        "weekdays": dict(weekdays()),
    }
    preset = request.GET.get("with", "")
    if preset.isdigit():
        from django.contrib.auth import get_user_model

        person = get_user_model().objects.filter(pk=int(preset), is_active=True).exclude(pk=request.user.pk).first()
        if person is not None:
            config["preset"] = [selectors.person_out(person)]
    return render(request, "frontend/meetings/request.html", {"config": config, "max_slots": range(MAX_SLOTS)})


@login_required
@require_GET
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting: time in my zone and each participant's, answers, actions, call, chat."""
    try:
        meeting = selectors.meeting_for(request.user, pk)
    except LiveError as error:
        raise Http404(error.message) from error
    out = selectors.meeting_out(meeting, request.user, with_history=True)
    out["context_label"] = _context_label(out["context"])
    config = {
        "meeting": {"id": out["id"], "room": out["room"], "status": out["status"], "may_join": out["you"]["may_join"]},
        "participants": [p["user"] for p in out["participants"]],
        "user": user_ref(request.user),
        "timezone": out["you"]["timezone"],
        "max_slots": MAX_SLOTS,
        "strings": page_strings(),
    }
    return render(
        request,
        "frontend/meetings/detail.html",
        {"m": out, "config": config, "labels": status_labels(), "max_slots": range(MAX_SLOTS)},
    )


@login_required
@require_GET
def availability_page(request: HttpRequest) -> HttpResponse:
    """My weekly and dated windows, in my time zone."""
    config = {
        "availability": selectors.availability_out(request.user),
        "timezone": zone_of(request.user).key,
        "strings": page_strings(),
        "weekdays": dict(weekdays()),
    }
    return render(request, "frontend/meetings/availability.html", {"config": config})
