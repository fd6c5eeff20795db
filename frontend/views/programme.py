"""The home page: the programme, what is live and what comes next, in the viewer's zone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from agenda import selectors as agenda_selectors
from streams import selectors
from streams.timezones import COMMON_TIMEZONES, COOKIE_NAME, InvalidTimezone, remember_timezone, viewer_timezone


def programme(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("event")
    event = selectors.get_event(slug) if slug else selectors.current_event()
    tz_error = ""
    cookie = request.COOKIES.get(COOKIE_NAME)
    try:
        zone = viewer_timezone(requested=request.GET.get("tz"), user=request.user, event=event, cookie=cookie)
    except InvalidTimezone as error:
        zone = viewer_timezone(requested=None, user=request.user, event=event, cookie=cookie)
        tz_error = _("Unknown time zone “%(name)s”; showing %(zone)s instead.") % {"name": error.name, "zone": zone.key}
    from live.errors import LiveError
    from streams.session_filters import from_query  # sub-venue, region (streams/session_filters.py)

    try:
        only = from_query(request.GET)
    except LiveError as error:
        only, tz_error = None, error.message
    context = {
        "event": event,
        "zone": zone.key,
        "tz_choices": COMMON_TIMEZONES if zone.key in COMMON_TIMEZONES else (zone.key, *COMMON_TIMEZONES),
        "tz_error": tz_error,
        **(
            selectors.programme_overview(event, zone, only=only)
            if event
            else {"days": [], "live_now": [], "up_next": []}
        ),
    }
    sessions = [s.id for day in context["days"] for s in day.sessions]
    context["bookmarked_ids"] = agenda_selectors.bookmarked_ids(request.user, sessions)
    status = 404 if slug and event is None else 200
    response = render(request, "frontend/programme.html", context, status=status)
    return remember_timezone(response, request, zone, tz_error)
