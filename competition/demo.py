"""The competition's demo (manage.py load_demo_competition; idempotent): the 6th
international round with its seven tracks, a preliminary round in Berlin (applications
closed, scoring over) with three judges — one harsh, one lenient — who scored four teams,
and the final in Shenzhen (its stage in the conference's programme when there is one)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from competition import judging, results
from competition.models import Application, Competition, Criterion, Field, Round, TeamMember, Track

SLUG = "sz-intl-6"
# the worked example of docs/competition.md: judge -> (team -> (innovation, market, team))
DEMO_MARKS = {
    "judge_harsh": {"A": (6, 5, 6), "B": (5, 4, 4), "C": (4, 4, 3), "D": (3, 2, 2)},
    "judge_lenient": {"A": (9, 9, 8), "B": (10, 9, 9), "C": (8, 8, 8), "D": (8, 7, 7)},
    "judge_middle": {"A": (8, 7, 7), "B": (7, 6, 6), "C": (6, 6, 5), "D": (4, 5, 4)},
}
TEAMS = {
    "A": ("量子磁力计", "Quantum magnetometer", "DE"),
    "B": ("柔性电子皮肤", "Flexible electronic skin", "AT"),
    "C": ("低功耗边缘芯片", "Low-power edge chip", "DE"),
    "D": ("光子互连", "Photonic interconnect", "CH"),
}
CRITERIA = (("技术创新", "Innovation", 4), ("市场前景", "Market", 3), ("团队", "Team", 3))


def _pdf(title: str) -> bytes:
    from halls.content.demo import pdf

    return pdf(title)


def _user(username: str, name: str, **extra):
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"display_name": name, "email": f"{username}@demo.example.org", **extra}
    )
    if created:
        # Like the other demo accounts: a known password, so that the demo can be tried as a judge.
        user.set_password(f"pavilion-{username}")
        user.save()
    return user


@transaction.atomic
def load() -> Competition:
    existing = Competition.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing
    now = timezone.now()
    comp = Competition.objects.create(
        slug=SLUG,
        name="中国深圳创新创业大赛第六届国际赛",
        name_en="6th China Shenzhen Innovation and Entrepreneurship Competition, international round",
        description="在国外举办分站赛，在深圳举办总决赛：七个行业领域。",
        description_en="Preliminaries abroad, the final in Shenzhen: seven fields.",
    )
    tracks = {f: Track.objects.create(competition=comp, field=f, position=n) for n, f in enumerate(Field.values)}
    final = Round.objects.create(
        competition=comp, kind=Round.Kind.FINAL, name="深圳总决赛", name_en="Final in Shenzhen", site="深圳",
        site_en="Shenzhen", country="CN", timezone="Asia/Shanghai", starts_at=now + timedelta(days=30),
        scoring_deadline=now + timedelta(days=30, hours=4), position=9,
    )  # fmt: skip
    Criterion.objects.create(round=final, name="综合表现", name_en="Overall", weight=1)
    prelim = Round.objects.create(
        competition=comp, name="柏林分站赛", name_en="Berlin preliminary", site="柏林", site_en="Berlin",
        country="DE", timezone="Europe/Berlin", applications_open_at=now - timedelta(days=40),
        applications_close_at=now - timedelta(days=10), starts_at=now - timedelta(days=5),
        scoring_deadline=now - timedelta(days=1), next_round=final, advance_count=2,
        eligible_countries=["DE", "AT", "CH"], max_company_age_years=10, max_members=6,
    )  # fmt: skip
    Round.objects.create(
        competition=comp, name="东京分站赛", name_en="Tokyo preliminary", site="东京", site_en="Tokyo",
        country="JP", timezone="Asia/Tokyo", applications_open_at=now - timedelta(days=2),
        applications_close_at=now + timedelta(days=20), scoring_deadline=now + timedelta(days=28),
        next_round=final, advance_count=2, eligible_countries=["JP", "KR"], position=1,
    )  # fmt: skip
    criteria = [
        Criterion.objects.create(round=prelim, name=zh, name_en=en, weight=w, position=n)
        for n, (zh, en, w) in enumerate(CRITERIA)
    ]
    organizer = _user("competition_organizer", "大赛组委会 Organizer", is_staff=True)
    track = tracks[Field.ELECTRONIC_INFORMATION]
    apps = {}
    for n, (key, (zh, en, country)) in enumerate(TEAMS.items()):
        applicant = _user(f"team_{key.lower()}", f"Team {key}")
        app = Application(
            round=prelim, track=track, applicant=applicant, project_name=zh, project_name_en=en,
            summary=f"{en}: a demo project.", country=country, company_stage="startup",
            founded_year=now.year - 2, video_url=f"https://video.example.org/{key.lower()}", deck_pages=1,
            submitted_at=now - timedelta(days=20 - n),
        )  # fmt: skip
        app.pitch_deck.save(f"deck-{key}.pdf", ContentFile(_pdf(en)), save=False)
        app.save()
        TeamMember.objects.create(application=app, name=f"{en} founder", role="CEO")
        apps[key] = app
    for username, marks in DEMO_MARKS.items():
        judge = _user(username, username.replace("_", " ").title())
        judging.assign_judge(round_=prelim, track=track, judge_id=judge.pk, by=organizer)
        for key, values in marks.items():
            judging.submit_scores(
                judge=judge, application=apps[key], scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
                comment="", now=now - timedelta(days=2),
            )  # fmt: skip
    results.publish_results(round_=prelim, by=organizer)
    _final_stage(final)
    return comp


def _final_stage(final: Round) -> None:
    from competition.final import create_final_stage
    from streams.models import Event

    event = Event.objects.order_by("starts_at").first()
    if event is None:
        return
    starts = max(event.starts_at, timezone.now() - timedelta(minutes=5))
    create_final_stage(round_=final, event=event, starts_at=starts, ends_at=starts + timedelta(hours=3))


def worked_example() -> str:
    """The worked example of docs/competition.md (a test checks the doc has exactly this):
    the demo's marks, each sheet's weighted total, each judge's z-scores, the ranking."""
    from competition import scoring

    specs = [scoring.CriterionSpec(n, w, 10) for n, (_zh, _en, w) in enumerate(CRITERIA)]
    totals = {
        judge: {team: scoring.weighted_total(dict(enumerate(values)), specs) for team, values in marks.items()}
        for judge, marks in DEMO_MARKS.items()
    }
    z = {judge: scoring.judge_z_scores(by_team) for judge, by_team in totals.items()}
    ranked = scoring.rank(scoring.normalise(totals), ids={t: n for n, t in enumerate(TEAMS)})
    judges = list(DEMO_MARKS)
    lines = ["| team | " + " | ".join(f"{j}: marks → total → z" for j in judges) + " | raw mean | normalised | rank |"]
    lines.append("|---" * (len(judges) + 4) + "|")
    by_team = {r.team: r for r in ranked}
    for team in TEAMS:
        cells = [
            f"{'/'.join(str(v) for v in DEMO_MARKS[j][team])} → {totals[j][team]:.2f} → {z[j][team]:+.3f}"
            for j in judges
        ]
        r = by_team[team]
        lines.append(f"| {team} | " + " | ".join(cells) + f" | {r.raw_mean:.2f} | {r.normalised:+.3f} | {r.rank} |")
    return "\n".join(lines)
