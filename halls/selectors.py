"""Reads of the exhibition: the hall's structure, applications (scoped to the exhibitor
or open to organizers), and booth statistics."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from halls import rules
from halls.content.selectors import media_url
from halls.models import ApplicationStateChange, Board, Booth, BoothApplication, BoothVisit, Hall, Lead, LeadCategory
from live.models import ChatMessage

# ---------------------------------------------------------------- structure


def hall_structure(hall: Hall) -> dict[str, Any]:
    """Zones, boards and live booths in street order: what the hall page and scene need."""
    booths = defaultdict(list)
    for booth in Booth.objects.filter(zone__hall=hall, status=Booth.Status.LIVE).select_related("room", "organisation"):
        booths[(booth.zone_id, booth.board_id)].append(booth_out(booth))
    zones = []
    for zone in hall.zones.prefetch_related("boards"):
        zones.append(
            {
                "id": zone.pk,
                "slug": zone.slug,
                "code": zone.code,
                "name": zone.name,
                "name_en": zone.name_en,
                "order": zone.order,
                "booths": booths[(zone.pk, None)],
                "boards": [
                    {
                        "id": board.pk,
                        "slug": board.slug,
                        "code": board.code,
                        "name": board.name,
                        "name_en": board.name_en,
                        "order": board.order,
                        "booths": booths[(zone.pk, board.pk)],
                    }
                    for board in zone.boards.all()
                ],
            }
        )
    return {
        "slug": hall.slug,
        "name": hall.name,
        "name_en": hall.name_en,
        "applications_close_at": hall.applications_close_at.isoformat() if hall.applications_close_at else None,
        "zones": zones,
    }


def booth_out(booth: Booth) -> dict[str, Any]:
    return {
        "id": booth.pk,
        "number": booth.number,
        "position": booth.position,
        "template": booth.template,
        "name": booth.name,
        "name_en": booth.name_en,
        "description": booth.description,
        "description_en": booth.description_en,
        "logo": media_url(booth.logo.name) if booth.logo else None,
        "organisation": {"id": booth.organisation_id, "name": booth.organisation.name},
        "room": booth.room.slug,
        "status": booth.status,
    }


# ---------------------------------------------------------------- applications


def applications_for_exhibitor(*, user) -> QuerySet[BoothApplication]:
    """Applications of the organisations this person is staff of, and no others."""
    return BoothApplication.objects.filter(organisation_id__in=rules.exhibitor_organisation_ids(user)).select_related(
        "organisation", "zone", "board", "booth"
    )


def application_for_user(*, user, application_id: int) -> BoothApplication:
    """One application, for organizers or its organisation's staff; otherwise it does not
    exist for this person (no hint that another organisation's number is taken)."""
    application = (
        BoothApplication.objects.select_related("organisation", "zone", "board", "booth", "hall")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not (
        rules.is_organizer(user) or rules.is_exhibitor_staff(user, application.organisation_id)
    ):
        raise BoothApplication.DoesNotExist
    return application


def applications_for_review(*, user, status: str | None = None) -> QuerySet[BoothApplication]:
    rules.require_organizer(user)
    applications = BoothApplication.objects.select_related("organisation", "zone", "board", "applicant", "booth")
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("submitted_at", "pk")


def application_out(application: BoothApplication, *, with_history: bool = False) -> dict[str, Any]:
    a = application
    out: dict[str, Any] = {
        "id": a.pk,
        "organisation": {"id": a.organisation_id, "name": a.organisation.name, "name_en": a.organisation.name_en},
        "zone": {"id": a.zone_id, "name": a.zone.name, "name_en": a.zone.name_en},
        "board": {"id": a.board_id, "name": a.board.name, "name_en": a.board.name_en} if a.board_id else None,
        "booth_type": a.booth_type,
        "template": a.template,
        "booth_name": a.booth_name,
        "booth_name_en": a.booth_name_en,
        "contact_name": a.contact_name,
        "contact_phone": a.contact_phone,
        "contact_email": a.contact_email,
        "status": a.status,
        "status_label": a.get_status_display(),
        "rejection_reason": a.rejection_reason,
        "submitted_at": a.submitted_at.isoformat(),
        "reviewed_at": a.reviewed_at.isoformat() if a.reviewed_at else None,
        "has_confirmation_document": bool(a.confirmation_document),
        "signed_uploaded_at": a.signed_uploaded_at.isoformat() if a.signed_uploaded_at else None,
        "booth": {"id": a.booth_id, "number": a.booth.number, "room": a.booth.room.slug} if a.booth_id else None,
    }
    if with_history:
        out["history"] = [
            {
                "from": change.from_status,
                "to": change.to_status,
                "actor": change.actor.public_name if change.actor else None,
                "note": change.note,
                "at": change.at.isoformat(),
            }
            for change in ApplicationStateChange.objects.filter(application=a).select_related("actor")
        ]
    return out


# ---------------------------------------------------------------- statistics


def _duration() -> ExpressionWrapper:
    return ExpressionWrapper(F("left_at") - F("entered_at"), output_field=DurationField())


def counted_visits(visits: QuerySet[BoothVisit]) -> QuerySet[BoothVisit]:
    """The visits the statistics count: ongoing ones, and finished ones that lasted at least
    settings.HALLS_MIN_VISIT_SECONDS (a page opened and closed at once is no visit)."""
    minimum = timedelta(seconds=settings.HALLS_MIN_VISIT_SECONDS)
    return visits.filter(Q(left_at__isnull=True) | Q(left_at__gte=F("entered_at") + minimum))


def visitor_counting() -> dict[str, Any]:
    """How the statistics count visitors (part of every statistics answer)."""
    minimum = settings.HALLS_MIN_VISIT_SECONDS
    return {
        "min_visit_seconds": minimum,
        "visits": f"stays in the booth (each open page its own); a stay that ended within {minimum} s is not counted",
        "unique_visitors": (
            "logged-in visitors by account, guests by browser session; guests without a session (no cookie) "
            "and the booth's own staff are not counted"
        ),
    }


def _unique_visitors(visits: QuerySet[BoothVisit]) -> int:
    counts = visits.aggregate(
        people=Count("visitor", distinct=True),
        sessions=Count("session_key", distinct=True, filter=Q(visitor__isnull=True)),
    )
    return counts["people"] + counts["sessions"]


def booth_statistics(*, user, booth: Booth) -> dict[str, Any]:
    """Visits, unique visitors, time spent, chat messages and leads of one booth, in total
    and by conference-local day. For the booth's staff and the organizers."""
    rules.require_booth_staff_or_organizer(user, booth)
    tz = timezone.get_current_timezone()
    visits = counted_visits(BoothVisit.objects.filter(booth=booth))
    finished = visits.filter(left_at__isnull=False)
    time = finished.aggregate(total=Sum(_duration()), n=Count("id"))
    total = time["total"] or timedelta(0)
    messages = ChatMessage.objects.filter(room_id=booth.room_id, deleted_at__isnull=True)
    leads = Lead.objects.filter(booth=booth)

    by_category = dict.fromkeys(LeadCategory.values, 0)
    for row in leads.values("category").annotate(n=Count("id")):
        by_category[row["category"]] = row["n"]

    days: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"visits": 0, "unique_visitors": 0, "chat_messages": 0, "leads": 0}
    )
    for row in (
        visits.annotate(d=TruncDate("entered_at", tzinfo=tz))
        .values("d")
        .annotate(
            n=Count("id"),
            people=Count("visitor", distinct=True),
            sessions=Count("session_key", distinct=True, filter=Q(visitor__isnull=True)),
        )
    ):
        days[row["d"].isoformat()].update(visits=row["n"], unique_visitors=row["people"] + row["sessions"])
    for row in messages.annotate(d=TruncDate("created_at", tzinfo=tz)).values("d").annotate(n=Count("id")):
        days[row["d"].isoformat()]["chat_messages"] = row["n"]
    for row in leads.values("day").annotate(n=Count("id")):
        days[row["day"].isoformat()]["leads"] = row["n"]

    return {
        "booth": {"id": booth.pk, "number": booth.number, "name": booth.name},
        "visits": visits.count(),
        "unique_visitors": _unique_visitors(visits),
        "finished_visits": time["n"],
        "total_seconds": int(total.total_seconds()),
        "average_seconds": int(total.total_seconds() / time["n"]) if time["n"] else 0,
        "chat_messages": messages.count(),
        "leads": sum(by_category.values()),
        "leads_by_category": by_category,
        "by_day": [{"day": day, **days[day]} for day in sorted(days)],
        "counting": visitor_counting(),
    }


def organizer_overview(*, user, hall: Hall) -> dict[str, Any]:
    """Booths, visits, unique visitors, time, chat messages and leads per zone and board."""
    rules.require_organizer(user)

    def empty() -> dict[str, Any]:
        return {"booths": 0, "visits": 0, "unique_visitors": 0, "total_seconds": 0, "chat_messages": 0, "leads": 0}

    stats: dict[tuple[int, int | None], dict[str, Any]] = defaultdict(empty)
    zone_stats: dict[int, dict[str, Any]] = defaultdict(empty)
    booths = Booth.objects.filter(zone__hall=hall)
    for row in booths.values("zone_id", "board_id").annotate(n=Count("id")):
        stats[(row["zone_id"], row["board_id"])]["booths"] = row["n"]
        zone_stats[row["zone_id"]]["booths"] += row["n"]

    visits = counted_visits(BoothVisit.objects.filter(booth__zone__hall=hall))
    for row in visits.values("booth__zone_id", "booth__board_id").annotate(
        n=Count("id"), t=Sum(_duration(), filter=Q(left_at__isnull=False))
    ):
        key = (row["booth__zone_id"], row["booth__board_id"])
        seconds = int(row["t"].total_seconds()) if row["t"] else 0
        stats[key].update(visits=row["n"], total_seconds=seconds)
        zone_stats[key[0]]["visits"] += row["n"]
        zone_stats[key[0]]["total_seconds"] += seconds
    # Unique visitors do not add up across boards (one person visits several): count per level.
    for key in list(stats):
        stats[key]["unique_visitors"] = _unique_visitors(visits.filter(booth__zone_id=key[0], booth__board_id=key[1]))
    for zone_id in list(zone_stats):
        zone_stats[zone_id]["unique_visitors"] = _unique_visitors(visits.filter(booth__zone_id=zone_id))

    messages = ChatMessage.objects.filter(room__booth__zone__hall=hall, deleted_at__isnull=True)
    for row in messages.values("room__booth__zone_id", "room__booth__board_id").annotate(n=Count("id")):
        stats[(row["room__booth__zone_id"], row["room__booth__board_id"])]["chat_messages"] = row["n"]
        zone_stats[row["room__booth__zone_id"]]["chat_messages"] += row["n"]
    leads = Lead.objects.filter(booth__zone__hall=hall)
    for row in leads.values("booth__zone_id", "booth__board_id").annotate(n=Count("id")):
        stats[(row["booth__zone_id"], row["booth__board_id"])]["leads"] = row["n"]
        zone_stats[row["booth__zone_id"]]["leads"] += row["n"]

    boards_by_zone: dict[int, list[Board]] = defaultdict(list)
    for board in Board.objects.filter(zone__hall=hall):
        boards_by_zone[board.zone_id].append(board)
    zones = []
    for zone in hall.zones.all():
        zones.append(
            {
                "id": zone.pk,
                "name": zone.name,
                "name_en": zone.name_en,
                **zone_stats[zone.pk],
                "boards": [
                    {"id": b.pk, "name": b.name, "name_en": b.name_en, **stats[(zone.pk, b.pk)]}
                    for b in boards_by_zone[zone.pk]
                ],
            }
        )
    return {
        "hall": hall.slug,
        "zones": zones,
        "totals": {
            "booths": booths.count(),
            "visits": visits.count(),
            "unique_visitors": _unique_visitors(visits),
            "chat_messages": messages.count(),
            "leads": leads.count(),
        },
        "counting": visitor_counting(),
    }


def booth_for_staff(*, user, booth_id: int) -> Booth:
    booth = Booth.objects.select_related("room", "organisation", "zone").filter(pk=booth_id).first()
    if booth is None:
        raise Booth.DoesNotExist
    if not (rules.is_organizer(user) or rules.is_exhibitor_staff(user, booth.organisation_id)):
        raise PermissionDenied(bilingual(_("You are not staff of this booth.")))
    return booth
