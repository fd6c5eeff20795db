"""The sub-venue pages (分会场): the list by region with the sub-venues' programme, one
sub-venue's page with its sessions and calendar feed, and the form its organizers add a session
with. Reads and writes through activities.subvenues (as the JSON API does)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from activities import rights, subvenues
from live.errors import LiveError
from streams.selectors import session_item
from streams.timezones import viewer_timezone


def _zone(request: HttpRequest, event) -> zoneinfo.ZoneInfo:
    return viewer_timezone(requested=None, user=request.user, event=event)


def subvenue_list(request: HttpRequest) -> HttpResponse:
    region = request.GET.get("region", "")
    slug = request.GET.get("subvenue", "")
    found = list(subvenues.subvenues(region))
    status = 200
    if region and not found:
        status = 404
    sessions = []
    for subvenue in found:
        if slug and subvenue.slug != slug:
            continue
        zone = _zone(request, subvenue.event)
        sessions += [(subvenue, session_item(s, zone)) for s in subvenues.sessions_of(subvenue)]
    sessions.sort(key=lambda pair: pair[1].starts_at)
    context = {
        "subvenues": found,
        "regions": subvenues.regions(),
        "region": region,
        "selected": slug,
        "sessions": sessions,
    }
    return render(request, "activities/subvenues.html", context, status=status)


def _session_form_times(request: HttpRequest, zone) -> tuple[dt.datetime, dt.datetime]:
    try:
        day = dt.date.fromisoformat(request.POST.get("day", ""))
        start = dt.time.fromisoformat(request.POST.get("start", ""))
        end = dt.time.fromisoformat(request.POST.get("end", ""))
    except ValueError as error:
        raise LiveError("invalid_fields", _("Give the day, the start and the end time.")) from error
    return dt.datetime.combine(day, start, zone), dt.datetime.combine(day, end, zone)


@require_http_methods(["GET", "POST"])
def subvenue_page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        subvenue = subvenues.get_subvenue(slug)
    except LiveError as error:
        raise Http404(error.message) from error
    zone = _zone(request, subvenue.event)
    status = 200
    if request.method == "POST":
        if not rights.can_organize(request.user, subvenue):
            raise PermissionDenied
        try:
            starts_at, ends_at = _session_form_times(request, zone)
            subvenues.create_session(
                by=request.user,
                subvenue=subvenue,
                title=request.POST.get("title", ""),
                title_en=request.POST.get("title_en", ""),
                description=request.POST.get("description", ""),
                starts_at=starts_at,
                ends_at=ends_at,
            )
        except LiveError as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(request, _("The session is in the programme."))
            return redirect("frontend:subvenue", slug=subvenue.slug)
    context = {
        "form": request.POST if status == 400 else {},  # what was typed stays in the form
        "subvenue": subvenue,
        "sessions": [session_item(s, zone) for s in subvenues.sessions_of(subvenue)],
        "zone": zone.key,
        "can_organize": rights.can_organize(request.user, subvenue),
        "staff": subvenue.staff.select_related("user").order_by("role", "user__username"),
        "calendar_url": f"/api/activities/subvenues/{subvenue.slug}/calendar.ics",
    }
    return render(request, "activities/subvenue.html", context, status=status)
