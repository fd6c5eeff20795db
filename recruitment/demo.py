"""Demo recruitment (after load_demo_conference, load_demo_orgs): the five zones with their
employers, city cards and policy talks (the demo programme's recruitment livestreams), about
twenty published jobs in zh and en, and the pinned jobs on those livestreams. Idempotent.

`load_demo_recruitment()` calls the parts in order; the candidates' and applications' demo
(rec-apply) adds its own step to DEMO_STEPS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from accounts.models import Interest, Organisation, OrganisationMembership, User
from recruitment.demo_data import ADMISSIONS, CITY_CARDS, EMPLOYERS, GLOBAL_WISDOM_BOARDS, ZONES
from recruitment.demo_jobs import JOBS
from recruitment.models import CityCard, Job, JobFairZone, JobViewDay, PinnedJob, ZoneEmployer

DEMO_EXHIBITOR_ORG = "深圳示范科技有限公司（演示）"


def load_demo_zones() -> dict[str, JobFairZone]:
    from streams.models import Session

    zones = {}
    for position, (slug, name, name_en, audience, audience_en, schedule, schedule_en, talk) in enumerate(ZONES, 1):
        zone, _ = JobFairZone.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "audience": audience,
                "audience_en": audience_en,
                "schedule": schedule,
                "schedule_en": schedule_en,
                "description": f"{name}：{audience}。",
                "description_en": f"{name_en}: for {audience_en[0].lower()}{audience_en[1:]}.",
                "starts_on": dt.date(2022, 5, 26),
                "ends_on": dt.date(2022, 11, 30),
                "position": position,
                "boards": GLOBAL_WISDOM_BOARDS if slug == "global-wisdom" else [],
            },
        )
        # The zone's recruitment livestream in the demo programme is its policy talk.
        zone.policy_talks.set(Session.objects.filter(slug=talk))
        zones[slug] = zone
    for zone_slug, city, city_en, policy, policy_en, contacts in CITY_CARDS:
        CityCard.objects.update_or_create(
            zone=zones[zone_slug],
            city=city,
            defaults={"city_en": city_en, "policy": policy, "policy_en": policy_en, "contacts": contacts},
        )
    return zones


def load_demo_employers(zones: dict[str, JobFairZone]) -> dict[str, Organisation]:
    employers = {}
    demo = Organisation.objects.filter(name=DEMO_EXHIBITOR_ORG).first()
    if demo is not None:
        employers["demo"] = demo
    exhibitor = User.objects.filter(username="exhibitor").first()
    for key, (name, name_en, kind) in EMPLOYERS.items():
        org, _ = Organisation.objects.update_or_create(
            name=name, defaults={"name_en": name_en, "kind": kind, "status": Organisation.Status.VERIFIED}
        )
        employers[key] = org
        if exhibitor is not None and key == "health":
            # The demo exhibitor recruits for the health group too (two organisations on one page).
            OrganisationMembership.objects.get_or_create(
                organisation=org, user=exhibitor, defaults={"role": OrganisationMembership.Role.ADMIN}
            )
    now = timezone.now()
    for zone_slug, keys in ADMISSIONS.items():
        for position, key in enumerate(keys):
            if key in employers:
                ZoneEmployer.objects.update_or_create(
                    zone=zones[zone_slug],
                    organisation=employers[key],
                    defaults={"status": ZoneEmployer.Status.ADMITTED, "decided_at": now, "position": position},
                )
    return employers


def load_demo_jobs(zones: dict[str, JobFairZone], employers: dict[str, Organisation]) -> int:
    """The demo jobs (found by employer and title), and their pins on the livestreams."""
    from streams.models import Session

    fields = {i.slug: i for i in Interest.objects.all()}
    sessions = {s.slug: s for s in Session.objects.filter(kind=Session.Kind.RECRUITMENT_LIVESTREAM)}
    now = timezone.now()
    count = 0
    for row in JOBS:
        key, zone, field, title, title_en, city, city_en, low, high, text, education, years, langs, heads, pins = row
        if key not in employers:
            continue
        field_obj = fields.get(field)
        area = field_obj.name if field_obj else "相关"
        job, _ = Job.objects.update_or_create(
            organisation=employers[key],
            title=title,
            defaults={
                "zone": zones.get(zone) if zone else None,
                "title_en": title_en,
                "description": f"{title}：加入{employers[key].name}，负责{area}方向的工作。",
                "description_en": f"{title_en}: join {employers[key].name_en} and work on "
                f"{field_obj.name_en.lower() if field_obj else 'related'} projects.",
                "field": field_obj,
                "city": city,
                "city_en": city_en,
                "salary_min": low,
                "salary_max": high,
                "salary_text": text,
                "education": education,
                "experience_years_min": years,
                "languages": langs,
                "headcount": heads,
                "deadline": (now + dt.timedelta(days=120)).date(),
                "status": Job.Status.PUBLISHED,
                "published_at": now,
                "updated_at": now,
            },
        )
        if field_obj is not None and field_obj.parent_id:
            job.skills.set([field_obj.parent])
        for slug in pins:
            if slug in sessions:
                PinnedJob.objects.get_or_create(session=sessions[slug], job=job)
        count += 1
    return count


def _fairs() -> dict[str, int]:
    zones = load_demo_zones()
    employers = load_demo_employers(zones)
    jobs = load_demo_jobs(zones, employers)
    return {"zones": len(zones), "employers": ZoneEmployer.objects.count(), "jobs": jobs}


VIEW_DAYS = 14


def _views() -> dict[str, int]:
    """Two weeks of page views per published job, so that the statistics pages have a history
    (the same made-up figures on every load: a day's count is set, not added to)."""
    today = timezone.now().date()
    rows = 0
    for job in Job.objects.filter(status=Job.Status.PUBLISHED).order_by("pk"):
        for back in range(VIEW_DAYS):
            views = 5 + (job.pk * 7 + back * 11) % 37 + (VIEW_DAYS - back)  # busier lately
            JobViewDay.objects.update_or_create(job=job, day=today - dt.timedelta(days=back), defaults={"views": views})
            rows += 1
    return {"view_days": rows}


# Steps run in order; each returns counts for the command's summary. rec-apply appends its own.
DEMO_STEPS: list[Callable[[], dict[str, int]]] = [_fairs, _views]


@transaction.atomic
def load_demo_recruitment() -> dict[str, int]:
    counts: dict[str, int] = {}
    for step in DEMO_STEPS:
        counts.update(step())
    return counts
