"""Reads: zones, their pages' data, the job board (filters, search), employers' jobs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from recruitment.models import Job


def today() -> dt.date:
    return timezone.localdate()


def is_open(job: Job, on: dt.date | None = None) -> bool:
    """Published and its deadline (inclusive, in the site's zone) not passed."""
    return job.status == Job.Status.PUBLISHED and (job.deadline is None or job.deadline >= (on or today()))


# Enough for a pick list; a fair's jobs beyond that are pinned by id.
PINNABLE_JOBS_SHOWN = 300


def open_jobs():
    """Published jobs whose deadline has not passed."""
    from django.db.models import Q

    return Job.objects.filter(status=Job.Status.PUBLISHED).filter(Q(deadline__isnull=True) | Q(deadline__gte=today()))


def pinnable_jobs(room_id: int) -> list[dict] | None:
    """The open jobs a stage's moderators may pin, or None when the room is no recruitment
    livestream."""
    from streams.models import Session

    kind = Session.objects.filter(room_id=room_id).values_list("kind", flat=True).first()
    if kind != Session.Kind.RECRUITMENT_LIVESTREAM:
        return None
    jobs = open_jobs().select_related("organisation")[:PINNABLE_JOBS_SHOWN]
    return [{"id": job.pk, "title": job.display_title, "employer": job.organisation.name} for job in jobs]


# ---- shapes (API and pages alike) -----------------------------------------------------------

SALARY_STEP = 1000


def _interest_out(interest) -> dict | None:
    if interest is None:
        return None
    return {"id": interest.pk, "slug": interest.slug, "name": interest.name, "name_en": interest.name_en}


def organisation_ref(organisation) -> dict:
    return {"id": organisation.pk, "name": organisation.name, "name_en": organisation.name_en}


def job_out(job: Job, *, full: bool = False) -> dict:
    out = {
        "id": job.pk,
        "title": job.title,
        "title_en": job.title_en,
        "organisation": organisation_ref(job.organisation),
        "zone": job.zone.slug if job.zone_id else None,
        "field": _interest_out(job.field),
        "city": job.city,
        "city_en": job.city_en,
        "salary_min": job.salary_min,
        "salary_max": job.salary_max,
        "salary_text": job.salary_text,
        "education": job.education,
        "experience_years_min": job.experience_years_min,
        "languages": list(job.languages or []),
        "headcount": job.headcount,
        "deadline": job.deadline.isoformat() if job.deadline else None,
        "status": job.status,
        "open": is_open(job),
        "published_at": job.published_at.isoformat() if job.published_at else None,
        "url": f"/jobs/{job.pk}/",
    }
    if full:
        out |= {
            "description": job.description,
            "description_en": job.description_en,
            "skills": [_interest_out(s) for s in job.skills.all()],
            "external_url": job.external_url,
            "created_at": job.created_at.isoformat(),
            "closed_at": job.closed_at.isoformat() if job.closed_at else None,
        }
    return out


def zone_out(zone) -> dict:
    return {
        "id": zone.pk,
        "slug": zone.slug,
        "name": zone.name,
        "name_en": zone.name_en,
        "audience": zone.audience,
        "audience_en": zone.audience_en,
        "description": zone.description,
        "description_en": zone.description_en,
        "schedule": zone.schedule,
        "schedule_en": zone.schedule_en,
        "starts_on": zone.starts_on.isoformat() if zone.starts_on else None,
        "ends_on": zone.ends_on.isoformat() if zone.ends_on else None,
        "boards": list(zone.boards or []),
        "url": f"/jobs/fairs/{zone.slug}/",
    }


def city_card_out(card) -> dict:
    return {
        "id": card.pk,
        "city": card.city,
        "city_en": card.city_en,
        "policy": card.policy,
        "policy_en": card.policy_en,
        "contacts": card.contacts,
        "contacts_en": card.contacts_en,
        "video_url": card.video.url if card.video else card.video_url,
    }


def talk_out(session) -> dict:
    return {
        "id": session.pk,
        "title": session.title,
        "title_en": session.title_en,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "room_url": f"/rooms/{session.room.slug}/" if session.room_id else None,
    }


def place_out(place) -> dict:
    return {
        "id": place.pk,
        "zone": place.zone.slug,
        "organisation": organisation_ref(place.organisation),
        "verified": place.organisation.status == "verified",
        "status": place.status,
        "note": place.note,
        "reason": place.reason,
        "requested_at": place.requested_at.isoformat(),
        "decided_at": place.decided_at.isoformat() if place.decided_at else None,
    }


# ---- zones ------------------------------------------------------------------------------------


def zones():
    from recruitment.models import JobFairZone

    return JobFairZone.objects.all()


def zone_by_slug(slug: str):
    from recruitment.models import JobFairZone

    return JobFairZone.objects.get(slug=slug)


def zone_page(zone) -> dict:
    """Everything a zone's page shows: the zone, its admitted employers with their open jobs
    in the zone, its city cards and its policy talks."""
    from recruitment.models import ZoneEmployer

    places = ZoneEmployer.objects.filter(zone=zone, status=ZoneEmployer.Status.ADMITTED).select_related("organisation")
    jobs = list(
        open_jobs().filter(zone=zone).select_related("organisation", "zone", "field").order_by("organisation", "pk")
    )
    by_org: dict[int, list[dict]] = {}
    for job in jobs:
        by_org.setdefault(job.organisation_id, []).append(job_out(job))
    return {
        **zone_out(zone),
        "employers": [
            {**organisation_ref(place.organisation), "jobs": by_org.get(place.organisation_id, [])} for place in places
        ],
        "city_cards": [city_card_out(card) for card in zone.city_cards.all()],
        "policy_talks": [talk_out(s) for s in zone.policy_talks.select_related("room").order_by("starts_at", "pk")],
        "job_count": len(jobs),
    }


def admission_queue(zone=None):
    from recruitment.models import ZoneEmployer

    places = ZoneEmployer.objects.select_related("zone", "organisation").order_by("status", "requested_at", "pk")
    return places.filter(zone=zone) if zone is not None else places


def places_of(organisations) -> dict[tuple[int, int], object]:
    """{(zone id, organisation id): ZoneEmployer} for an employer's page."""
    from recruitment.models import ZoneEmployer

    places = ZoneEmployer.objects.filter(organisation__in=organisations)
    return {(p.zone_id, p.organisation_id): p for p in places}


# ---- jobs --------------------------------------------------------------------------------------


def public_job(job_id: int) -> Job:
    """A job anyone may open: published or closed (a closed job says so), never a draft."""
    return Job.objects.select_related("organisation", "zone", "field").exclude(status=Job.Status.DRAFT).get(pk=job_id)


def employer_jobs(user, organisation_id: int | None = None):
    from recruitment.rules import employer_organisations

    jobs = Job.objects.filter(organisation__in=employer_organisations(user)).select_related(
        "organisation", "zone", "field"
    )
    if organisation_id is not None:
        jobs = jobs.filter(organisation_id=organisation_id)
    return jobs.order_by("status", "-updated_at", "-pk")


def job_views(job: Job) -> int:
    from django.db.models import Sum

    return job.view_days.aggregate(total=Sum("views"))["total"] or 0
