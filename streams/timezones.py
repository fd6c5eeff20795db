"""Which zone a viewer sees the programme in: asked for, else their own, else the event's."""

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


def viewer_timezone(*, requested: str | None, user=None, event=None) -> zoneinfo.ZoneInfo:
    """`requested` (e.g. `?tz=`) wins and must be valid; a user's saved zone is used when it
    is valid; otherwise the event's zone, otherwise the conference's."""
    if requested:
        return parse_timezone(requested)
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
