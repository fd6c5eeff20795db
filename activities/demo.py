"""The activities demo (`manage.py load_demo_activities`, after the conference and the
matchmaking demo): two partner sub-venues with their staff and sessions, a project roadshow
with its pitches, an expert consultation case. Idempotent (by slugs and titles).

Demo people: `gd-organizer` / `pavilion-gd-organizer` organizes the Guangdong sub-venue,
`gd-moderator` / `pavilion-gd-moderator` moderates its stages, `sc-organizer` /
`pavilion-sc-organizer` organizes the Sichuan one; `presenter` / `pavilion-presenter` pitches
in the roadshow; `expert` / `pavilion-expert` is the foreign expert of the consultation.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from activities.models import SubVenue, SubVenueSession, SubVenueStaff
from streams import services as stream_services
from streams.models import Event, Session

PARTNERS = {
    # slug: (organisation, organisation_en, name, name_en, region, region_name, region_name_en, description, en)
    "guangdong": (
        "广东省科学技术厅（演示）",
        "Department of Science and Technology of Guangdong (demo)",
        "广东分会场",
        "Guangdong sub-venue",
        "guangdong",
        "广东省",
        "Guangdong",
        "广东省科技厅主办的分会场：全年举办海外人才项目推介与技术对接活动。",
        "Run by Guangdong's science department: project roadshows and technology matchmaking all year.",
    ),
    "chengdu": (
        "成都市人才发展促进中心（演示）",
        "Chengdu Talent Development Centre (demo)",
        "成都分会场",
        "Chengdu sub-venue",
        "sichuan",
        "四川省",
        "Sichuan",
        "成都市人才中心主办的分会场：海外人才中国行（成都站）与专家考察指导。",
        "Run by Chengdu's talent centre: Overseas Talents' China Tour (Chengdu) and expert consultations.",
    ),
}
SESSIONS = {
    # sub-venue slug: [(slug, title, title_en, days from now, hour, hours)]
    "guangdong": [
        (
            "gd-roadshow",
            "粤港澳大湾区海外人才项目推介会",
            "Greater Bay Area overseas talent project roadshow",
            0,
            None,
            2,
        ),
        ("gd-forum", "新能源技术对接会", "New energy technology matchmaking", 30, 10, 2),
    ],
    "chengdu": [
        ("cd-tour", "海外人才中国行·成都站", "Overseas Talents' China Tour: Chengdu", 14, 14, 2),
        ("cd-bio", "生物医药专家考察指导交流会", "Biomedicine expert consultation exchange", 60, 9, 3),
    ],
}
PEOPLE = {
    # username: (display name, sub-venue, role)
    "gd-organizer": ("广东分会场组织者", "guangdong", SubVenueStaff.Role.ORGANIZER),
    "gd-moderator": ("广东分会场主持人", "guangdong", SubVenueStaff.Role.MODERATOR),
    "sc-organizer": ("成都分会场组织者", "chengdu", SubVenueStaff.Role.ORGANIZER),
}


def person(username: str, display_name: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"display_name": display_name})
    if created:
        user.set_password(f"pavilion-{username}")
        user.save()
    return user


def _when(now: datetime, days: int, hour: int | None) -> datetime:
    if hour is None:  # live now: the roadshow
        return now - timedelta(minutes=30)
    day = (now + timedelta(days=days)).astimezone(timezone.get_fixed_timezone(480))
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def load_subvenues(event: Event, now: datetime) -> dict[str, SubVenue]:
    found: dict[str, SubVenue] = {}
    for slug, (org, org_en, name, name_en, region, region_name, region_en, text, text_en) in PARTNERS.items():
        organisation, _ = Organisation.objects.get_or_create(
            name=org, defaults={"name_en": org_en, "kind": Organisation.Kind.GOVERNMENT}
        )
        subvenue, _ = SubVenue.objects.update_or_create(
            slug=slug,
            defaults={
                "event": event,
                "organisation": organisation,
                "name": name,
                "name_en": name_en,
                "region": region,
                "region_name": region_name,
                "region_name_en": region_en,
                "description": text,
                "description_en": text_en,
            },
        )
        found[slug] = subvenue
        for session_slug, title, title_en, days, hour, hours in SESSIONS[slug]:
            starts = _when(now, days, hour)
            session = Session.objects.filter(event=event, slug=session_slug).first()
            if session is None:
                session = stream_services.create_session(
                    event=event,
                    kind=Session.Kind.THEME_ACTIVITY,
                    title=title,
                    title_en=title_en,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=hours),
                    slug=session_slug,
                    description=text,
                    description_en=text_en,
                )
            else:
                stream_services.update_session(
                    session=session, starts_at=starts, ends_at=starts + timedelta(hours=hours)
                )
            SubVenueSession.objects.get_or_create(session=session, defaults={"subvenue": subvenue})
    for username, (display_name, slug, role) in PEOPLE.items():
        user = person(username, display_name)
        SubVenueStaff.objects.update_or_create(subvenue=found[slug], user=user, defaults={"role": role})
    return found


# Other parts of the demo (the roadshow, the consultation case) add a function here.
EXTENSIONS: list = []


@transaction.atomic
def load_demo_activities() -> dict[str, int]:
    from streams.selectors import current_event

    event = current_event()
    if event is None:
        return {"subvenues": 0}
    now = timezone.now()
    found = load_subvenues(event, now)
    counts = {"subvenues": len(found), "sessions": SubVenueSession.objects.filter(subvenue__in=found.values()).count()}
    for extend in EXTENSIONS:
        extend(event, found, now, counts)
    return counts


def load_roadshow(event: Event, found: dict[str, SubVenue], now: datetime, counts: dict[str, int]) -> None:
    """The Guangdong sub-venue's live session is a roadshow of three pitches, the first on the
    stage: one of a matchmaking posting (when the matchmaking demo is loaded), two projects."""
    from activities.models import Pitch, Roadshow
    from matchmaking.models import Posting

    session = Session.objects.filter(event=event, slug="gd-roadshow").first()
    if session is None:
        return
    roadshow, _ = Roadshow.objects.get_or_create(session=session)
    presenter = person("presenter", "陈推介")
    alice = User.objects.filter(username="alice").first() or presenter
    posting = Posting.objects.filter(status="published", kind="project_cooperation").order_by("pk").first()
    pitches = [
        ("氢燃料电池电堆产业化", "Hydrogen fuel-cell stacks at scale", presenter, posting, 10),
        ("工业视觉质检平台", "Machine-vision inspection platform", alice, None, 8),
        ("海洋生物医用材料", "Marine biomedical materials", presenter, None, 8),
    ]
    start = session.starts_at
    for position, (title, title_en, who, linked, minutes) in enumerate(pitches, start=1):
        Pitch.objects.update_or_create(
            roadshow=roadshow,
            position=position,
            defaults={
                "title": title,
                "title_en": title_en,
                "presenter": who,
                "posting": linked if position == 1 else None,
                "organisation": linked.organisation if (linked and position == 1) else found["guangdong"].organisation,
                "summary": f"{title}：项目介绍、团队与合作需求。",
                "summary_en": f"{title_en}: the project, the team, what we look for.",
                "slides_url": "https://example.org/demo-deck.pdf",
                "starts_at": start + timedelta(minutes=10 * (position - 1)),
                "minutes": minutes,
            },
        )
    first = roadshow.pitches.order_by("position").first()
    if roadshow.current_pitch_id is None and first is not None:
        roadshow.current_pitch = first
        roadshow.pitch_started_at = now
        roadshow.save(update_fields=["current_pitch", "pitch_started_at"])
    counts["pitches"] = roadshow.pitches.count()


EXTENSIONS.append(load_roadshow)


def load_case(event: Event, found: dict[str, SubVenue], now: datetime, counts: dict[str, int]) -> None:
    """An expert consultation case of the Chengdu sub-venue, experts matched (a company's
    problem; `expert` is the matched foreign expert, `sc-organizer` schedules it next)."""
    from accounts.models import Interest, OrganisationMembership
    from activities import consultations
    from activities.models import Case

    field = Interest.objects.filter(parent__isnull=True).order_by("position", "slug").first()
    if field is None or Case.objects.filter(title="缓释制剂工艺优化（演示）").exists():
        counts["cases"] = Case.objects.count()
        return
    company, _ = Organisation.objects.get_or_create(
        name="成都康瑞制药（演示）", defaults={"name_en": "Chengdu Kangrui Pharma (demo)"}
    )
    submitter = person("kangrui", "康瑞制药研发部")
    OrganisationMembership.objects.get_or_create(organisation=company, user=submitter, defaults={"role": "admin"})
    expert = person("expert", "Dr. Maria Keller")
    case = consultations.submit(
        by=submitter,
        organisation_id=company.pk,
        field=field.slug,
        title="缓释制剂工艺优化（演示）",
        description="我们的缓释片在放大生产时释放曲线不稳定，希望请海外专家指导工艺参数与辅料选择。",
        languages=["zh", "en"],
        confidentiality="confidential",
        subvenue="chengdu",
    )
    organizer = User.objects.filter(username="sc-organizer").first()
    consultations.match_experts(by=organizer, case_id=case.pk, expert_ids=[expert.pk])
    counts["cases"] = Case.objects.count()


EXTENSIONS.append(load_case)
