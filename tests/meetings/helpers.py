"""Helpers of the meetings tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def slot(hours: float, minutes: int = 30):
    """A slot starting `hours` from now (rounded to the minute), lasting `minutes`."""
    start = (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)
    return (start, start + timedelta(minutes=minutes))
