"""Every page in the viewer's time zone (streams.timezones): Django renders datetimes in the
zone activated here, and `<html data-time-zone>` (base.html) hands it to the scripts
(dom.js `timeText`, `clockTime`)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from streams.timezones import COOKIE_NAME, InvalidTimezone, viewer_timezone


class ViewerTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user, cookie = getattr(request, "user", None), request.COOKIES.get(COOKIE_NAME)
        try:  # a page that offers `?tz=` (the programme, the agenda) shows it in that zone
            zone = viewer_timezone(requested=request.GET.get("tz"), user=user, cookie=cookie)
        except InvalidTimezone:
            zone = viewer_timezone(requested=None, user=user, cookie=cookie)
        request.viewer_timezone = zone
        timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
