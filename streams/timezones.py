"""Which zone a viewer sees times in: asked for (`?tz=`, then remembered in a cookie), else
their own saved zone, else the event's, else the conference's. Every page uses it: the
programme and the agenda through `viewer_timezone`, the other pages through the site's
time-zone middleware (Django's current zone, and `<html data-time-zone>` for the scripts)."""

from __future__ import annotations

import zoneinfo

DEFAULT_TIMEZONE = "Asia/Shanghai"

# Offered in the page's selector; any other IANA name works through `?tz=` too.
COMMON_TIMEZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Tokyo",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/Moscow",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/London",
    "UTC",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Australia/Sydney",
)


class InvalidTimezone(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Unknown time zone {name!r}: use an IANA name such as Asia/Shanghai or Europe/Berlin.")
        self.name = name


def parse_timezone(name: str) -> zoneinfo.ZoneInfo:
    name = name.strip()
    if not name or len(name) > 64:
        raise InvalidTimezone(name)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidTimezone(name) from error


# The zone a viewer last chose (on the programme or the agenda), for every later page.
COOKIE_NAME = "pavilion_tz"
COOKIE_MAX_AGE = 365 * 24 * 3600


def chosen_timezone(cookie: str | None) -> zoneinfo.ZoneInfo | None:
    """The remembered choice, or None when there is none or it is no zone (ignored)."""
    if not cookie:
        return None
    try:
        return parse_timezone(cookie)
    except InvalidTimezone:
        return None


def viewer_timezone(*, requested: str | None, user=None, event=None, cookie: str | None = None) -> zoneinfo.ZoneInfo:
    """`requested` (e.g. `?tz=`) wins and must be valid; then the viewer's remembered choice
    (`cookie`); a user's saved zone is used when it is valid; otherwise the event's zone,
    otherwise the conference's."""
    if requested:
        return parse_timezone(requested)
    chosen = chosen_timezone(cookie)
    if chosen is not None:
        return chosen
    if user is not None and user.is_authenticated and getattr(user, "timezone", ""):
        try:
            return parse_timezone(user.timezone)
        except InvalidTimezone:
            pass
    if event is not None and event.timezone:
        try:
            return parse_timezone(event.timezone)
        except InvalidTimezone:
            pass
    return zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)


def remember_timezone(response, request, zone: zoneinfo.ZoneInfo, error: str = ""):
    """A valid `?tz=` is remembered (a cookie) for the viewer's later pages."""
    if request.GET.get("tz") and not error and request.COOKIES.get(COOKIE_NAME) != zone.key:
        response.set_cookie(COOKIE_NAME, zone.key, max_age=COOKIE_MAX_AGE, samesite="Lax")
    return response
