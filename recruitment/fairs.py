"""The job fairs: organizers create and edit zones, city cards and the zone's policy talks,
and admit or refuse employers; an organisation's admins ask to join a zone.

Refusals: PermissionDenied (not an organizer, not the organisation's admin), Http404 (an
organisation one is not staff of), ValidationError with a code (`organisation_unverified`,
`already_requested`, `already_admitted`, field problems)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import Organisation
from accounts.text import clean_text
from recruitment import notices, rules
from recruitment.models import CityCard, JobFairZone, ZoneEmployer

Status = ZoneEmployer.Status
ZONE_TEXTS = {
    "name": 120,
    "name_en": 120,
    "audience": 300,
    "audience_en": 300,
    "schedule": 300,
    "schedule_en": 300,
    "description": 5000,
    "description_en": 5000,
}
CARD_TEXTS = {
    "city": 80,
    "city_en": 80,
    "contacts": 500,
    "contacts_en": 500,
    "policy": 5000,
    "policy_en": 5000,
}
NOTE_MAX = 500
MAX_BOARDS = 12


def _texts(fields: dict[str, Any], limits: dict[str, int]) -> dict[str, str]:
    out = {}
    for name, limit in limits.items():
        if name in fields:
            text = clean_text(fields[name], multiline=limit > 500)
            if len(text) > limit:
                message = bilingual(_("At most %(n)s characters."), n=limit)
                raise ValidationError({name: [ValidationError(message, code="too_long")]})
            out[name] = text
    return out


def _day(name: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValidationError({name: [ValidationError(bilingual(_("Use a date such as 2026-12-31.")))]}) from None


def _boards(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list) or len(value) > MAX_BOARDS:
        raise ValidationError({"boards": [ValidationError(bilingual(_("At most 12 boards.")), code="invalid")]})
    boards = []
    for item in value:
        if not isinstance(item, dict):
            raise ValidationError({"boards": [ValidationError("Each board is an object.", code="invalid")]})
        boards.append(_texts(item, {"title": 120, "title_en": 120, "text": 2000, "text_en": 2000}))
    return boards


def _zone_values(fields: dict[str, Any]) -> dict[str, Any]:
    allowed = {*ZONE_TEXTS, "slug", "starts_on", "ends_on", "boards", "position"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: [ValidationError("Unknown field.", code="unknown_field")] for name in unknown})
    values: dict[str, Any] = _texts(fields, ZONE_TEXTS)
    if "slug" in fields:
        slug = slugify(clean_text(fields["slug"], multiline=False))[:60]
        if not slug:
            raise ValidationError({"slug": [ValidationError(bilingual(_("Use letters, digits and hyphens.")))]})
        values["slug"] = slug
    for name in ("starts_on", "ends_on"):
        if name in fields:
            values[name] = _day(name, fields[name])
    if "boards" in fields:
        values["boards"] = _boards(fields["boards"] or [])
    if "position" in fields:
        try:
            values["position"] = max(0, min(int(fields["position"]), 10_000))
        except (TypeError, ValueError):
            raise ValidationError({"position": [ValidationError("Enter a whole number.")]}) from None
    return values


def _save_zone(zone: JobFairZone) -> JobFairZone:
    if not zone.name:
        raise ValidationError({"name": [ValidationError(bilingual(_("Name the job fair.")), code="required")]})
    if zone.starts_on and zone.ends_on and zone.ends_on < zone.starts_on:
        message = bilingual(_("The job fair ends before it starts."))
        raise ValidationError({"ends_on": [ValidationError(message, code="invalid_dates")]})
    try:
        with transaction.atomic():
            zone.save()
    except IntegrityError:
        message = bilingual(_("Another job fair has this slug."))
        raise ValidationError({"slug": [ValidationError(message, code="slug_taken")]}) from None
    return zone


def create_zone(*, by, **fields: Any) -> JobFairZone:
    rules.require_organizer(by)
    values = _zone_values(fields)
    values.setdefault("slug", slugify(values.get("name_en", "")) or f"zone-{JobFairZone.objects.count() + 1}")
    return _save_zone(JobFairZone(**values))


def update_zone(*, by, zone_id: int, **fields: Any) -> JobFairZone:
    rules.require_organizer(by)
    zone = JobFairZone.objects.get(pk=zone_id)
    for name, value in _zone_values(fields).items():
        setattr(zone, name, value)
    return _save_zone(zone)


def set_policy_talks(*, by, zone_id: int, session_ids: list[int]) -> JobFairZone:
    """The programme sessions that are this zone's policy talks (livestreamed on their stages)."""
    from streams.models import Session

    rules.require_organizer(by)
    zone = JobFairZone.objects.get(pk=zone_id)
    sessions = list(Session.objects.filter(pk__in=session_ids))
    if len(sessions) != len(set(session_ids)):
        raise ValidationError({"session_ids": [ValidationError(bilingual(_("No such session.")), code="not_found")]})
    zone.policy_talks.set(sessions)
    return zone


def save_city_card(*, by, zone_id: int, card_id: int | None = None, **fields: Any) -> CityCard:
    rules.require_organizer(by)
    zone = JobFairZone.objects.get(pk=zone_id)
    card = CityCard(zone=zone) if card_id is None else CityCard.objects.get(pk=card_id, zone=zone)
    unknown = set(fields) - {*CARD_TEXTS, "video_url", "position"}
    if unknown:
        raise ValidationError({name: [ValidationError("Unknown field.", code="unknown_field")] for name in unknown})
    for name, value in _texts(fields, CARD_TEXTS).items():
        setattr(card, name, value)
    if "video_url" in fields:
        url = clean_text(fields["video_url"], multiline=False)
        if url:
            from django.core.validators import URLValidator

            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                message = bilingual(_("Enter an http(s) address."))
                raise ValidationError({"video_url": [ValidationError(message)]}) from None
        card.video_url = url[:200]
    if not card.city:
        raise ValidationError({"city": [ValidationError(bilingual(_("Name the city.")), code="required")]})
    card.save()
    return card


def delete_city_card(*, by, zone_id: int, card_id: int) -> None:
    rules.require_organizer(by)
    CityCard.objects.get(pk=card_id, zone_id=zone_id).delete()


# ---- employers -------------------------------------------------------------------------------


@transaction.atomic
def request_admission(*, by, zone_id: int, organisation: Organisation, note: str = "") -> ZoneEmployer:
    """An organisation's admin asks to join a zone (again, after a refusal)."""
    rules.require_admin(by, organisation)
    rules.require_verified(organisation)
    zone = JobFairZone.objects.get(pk=zone_id)
    note = clean_text(note)[:NOTE_MAX]
    place = ZoneEmployer.objects.select_for_update().filter(zone=zone, organisation=organisation).first()
    if place is not None and place.status == Status.ADMITTED:
        raise ValidationError(bilingual(_("Your organisation is in this job fair already.")), code="already_admitted")
    if place is not None and place.status == Status.APPLIED:
        raise ValidationError(bilingual(_("Your request waits for the organizers.")), code="already_requested")
    if place is None:
        place = ZoneEmployer(zone=zone, organisation=organisation)
    place.status = Status.APPLIED
    place.note = note
    place.reason = ""
    place.requested_by = by
    place.requested_at = timezone.now()
    place.decided_by = None
    place.decided_at = None
    place.save()
    return place


def _decide(by, place_id: int, status: str, reason: str = "") -> ZoneEmployer:
    rules.require_organizer(by)
    with transaction.atomic():
        place = ZoneEmployer.objects.select_for_update().select_related("organisation", "zone").get(pk=place_id)
        if status == Status.ADMITTED:
            rules.require_verified(place.organisation)
        if place.status == status:
            raise ValidationError(bilingual(_("It is decided so already.")), code="already_decided")
        place.status = status
        place.reason = clean_text(reason)[:NOTE_MAX]
        place.decided_by = by
        place.decided_at = timezone.now()
        place.save()
        notices.fair_decided(place)
    return place


def admit_employer(*, by, place_id: int) -> ZoneEmployer:
    return _decide(by, place_id, Status.ADMITTED)


def refuse_employer(*, by, place_id: int, reason: str = "") -> ZoneEmployer:
    """Refused (or removed after admission): its jobs stay on the board but leave the zone."""
    from recruitment.models import Job

    place = _decide(by, place_id, Status.REFUSED, reason)
    for job in Job.objects.filter(zone=place.zone, organisation=place.organisation):
        job.zone = None
        job.save(update_fields=["zone"])
    return place


def admit_directly(*, by, zone_id: int, organisation: Organisation) -> ZoneEmployer:
    """An organizer puts a verified organisation in a zone without its asking (demo, phone)."""
    rules.require_organizer(by)
    rules.require_verified(organisation)
    place, _created = ZoneEmployer.objects.get_or_create(zone_id=zone_id, organisation=organisation)
    if place.status != Status.ADMITTED:
        place.status = Status.ADMITTED
        place.decided_by = by
        place.decided_at = timezone.now()
        place.save()
    return place
