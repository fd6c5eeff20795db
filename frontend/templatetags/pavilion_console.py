"""Filters of the console, exhibitor and organizer pages, whose data come as the exhibition
API's JSON shapes (ISO times, status codes)."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import formats, timezone

from halls.models import BoothApplication, LeadSource

register = template.Library()

LABELS = {
    **dict(BoothApplication.Status.choices),
    **dict(LeadSource.choices),
}


@register.filter
def local_time(value: str | None) -> str:
    """An ISO timestamp in the current time zone (the conference's unless the viewer chose
    one), as "2022-05-26 09:00"."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "Y-m-d H:i")


@register.filter
def label(code: str | None) -> str:
    """The bilingual label of an application status or lead source code."""
    if not code:
        return ""
    return str(LABELS.get(code, code))
