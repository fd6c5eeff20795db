"""A person's time zone: their own (User.timezone), else the conference's."""

from __future__ import annotations

import zoneinfo

DEFAULT_TIMEZONE = "Asia/Shanghai"


def zone_of(user) -> zoneinfo.ZoneInfo:
    name = (getattr(user, "timezone", "") or "").strip() or DEFAULT_TIMEZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)
