"""My agenda (/agenda/): the person's bookmarked sessions and meetings by day in their zone,
overlaps marked, a calendar file per session, the private calendar feed and the reminder
lead time. The forms post here (a page that works without its script); bookmarks are
toggled on the programme and stage pages through the JSON API (/api/agenda/bookmarks/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.i18n import language
from agenda import selectors, services
from agenda.api import feed_path
from agenda.models import AgendaSettings
from streams.timezones import COMMON_TIMEZONES, COOKIE_NAME, InvalidTimezone, remember_timezone, viewer_timezone


@require_http_methods(["GET", "POST"])
@login_required
def my_agenda(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "rotate":
            services.rotate_feed_token(user=user)
            messages.success(request, _("A new feed address was made: the old one no longer works."))
        elif action == "reminders":
            try:
                services.set_reminder_minutes(user=user, minutes=int(request.POST.get("reminder_minutes", "")))
            except (ValueError, ValidationError):
                messages.error(request, _("Choose one of the reminder times offered."))
            else:
                messages.success(request, _("Reminder time saved."))
        return redirect(request.get_full_path())
    tz_error = ""
    cookie = request.COOKIES.get(COOKIE_NAME)
    try:
        zone = viewer_timezone(requested=request.GET.get("tz"), user=user, cookie=cookie)
    except InvalidTimezone as error:
        zone = viewer_timezone(requested=None, user=user, cookie=cookie)
        tz_error = _("Unknown time zone “%(name)s”; showing %(zone)s instead.") % {"name": error.name, "zone": zone.key}
    settings = services.settings_for(user)
    agenda = selectors.my_agenda(user, zone)
    context = {
        **agenda,
        "bookmarked_ids": {i.id for day in agenda["days"] for i in day.items if i.kind == "session"},
        "zone": zone.key,
        "tz_choices": COMMON_TIMEZONES if zone.key in COMMON_TIMEZONES else (zone.key, *COMMON_TIMEZONES),
        "tz_error": tz_error,
        "settings": settings,
        "lead_choices": AgendaSettings.Lead.choices,
        "feed_url": request.build_absolute_uri(feed_path(settings, language())),
    }
    response = render(request, "frontend/agenda/my_agenda.html", context)
    return remember_timezone(response, request, zone, tz_error)
