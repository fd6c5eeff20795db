"""在线洽谈 pages: my organisations' conversations and one conversation (messages with
attachments, "schedule a video meeting", rate the other side). Only the two organisations'
members see a conversation (404 to anyone else)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.views.matchmaking_common import Refused, call, int_param
from matchmaking import selectors
from matchmaking.services import conversations, engagement


@login_required
def conversations_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = [selectors.conversation_out(c, user) for c in selectors.conversations_of(user)[:200]]
    return render(request, "matchmaking/conversations.html", {"conversations": rows})


def _zone(request: HttpRequest) -> zoneinfo.ZoneInfo:
    name = request.POST.get("tz") or getattr(request.user, "timezone", "") or "Asia/Shanghai"
    try:
        return zoneinfo.ZoneInfo(name[:64])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Shanghai")


def _slots(request: HttpRequest) -> list[dict]:
    """Up to three `slot_start_N` (datetime-local, in the viewer's zone) + one duration."""
    zone = _zone(request)
    minutes = int_param(request.POST.get("minutes"), 60, low=5, high=480)
    slots = []
    for n in range(3):
        value = request.POST.get(f"slot_start_{n}", "").strip()
        if not value:
            continue
        try:
            start = dt.datetime.fromisoformat(value[:32])
        except ValueError:
            raise Refused(ValueError(_("Give each time as a date and time."))) from None
        start = start.replace(tzinfo=zone) if timezone.is_naive(start) else start
        slots.append({"start": start, "end": start + dt.timedelta(minutes=minutes)})
    if not slots:
        raise Refused(ValueError(_("Propose at least one time.")))
    return slots


def _context(request: HttpRequest, conversation, **extra) -> dict:
    data = selectors.conversation_out(conversation, request.user, messages=True)
    return {"c": data, "conversation": conversation, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def conversation_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    conversation = call(selectors.conversation_for, user, pk)
    if request.method == "GET":
        return render(request, "matchmaking/conversation.html", _context(request, conversation))
    action = request.POST.get("action", "reply")
    try:
        if action == "reply":
            call(
                conversations.reply,
                conversation_id=pk,
                user=user,
                body=request.POST.get("body", ""),
                uploads=request.FILES.getlist("files"),
            )
        elif action == "meeting":
            meeting = call(
                conversations.schedule_meeting,
                conversation_id=pk,
                user=user,
                topic=request.POST.get("topic", ""),
                slots=_slots(request),
            )
            messages.success(request, _("The meeting request is sent."))
            return redirect(f"/meetings/{meeting.pk}/")
        elif action == "rate":
            call(
                engagement.rate_in_conversation,
                user=user,
                conversation_id=pk,
                stars=int_param(request.POST.get("stars"), 0, low=0, high=10),
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("Thank you: your rating is saved."))
        else:
            raise Refused(ValueError(_("Unknown action.")))
    except Refused as refused:
        context = _context(request, conversation, errors=refused.messages, form=request.POST)
        return render(request, "matchmaking/conversation.html", context, status=refused.status)
    return redirect(selectors.conversation_url(conversation) + "#latest")
