"""A small competition for the tests: one preliminary round (Berlin, two criteria, scoring
open), a final it feeds, three judges of the electronic-information track, teams."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership, User
from competition import applications, judging
from competition.models import Competition, Criterion, Field, Round, Track
from tests import media


def deck(name: str = "deck.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, media.pdf(), content_type="application/pdf")


def team_data(track: Track, **overrides) -> dict:
    data = {
        "track": track.field,
        "project_name": "量子传感器",
        "project_name_en": "Quantum sensor",
        "summary": "A compact quantum magnetometer.",
        "country": "DE",
        "company_stage": "startup",
        "founded_year": str(timezone.now().year - 2),
        "video_url": "https://video.example.org/pitch",
        "members": "Anna Schmidt | CEO | anna@example.org\nBen Li | CTO |",
    }
    data.update(overrides)
    return data


def make_world() -> SimpleNamespace:
    now = timezone.now()
    comp = Competition.objects.create(slug="sz-intl-6", name="第六届国际赛", name_en="6th international round")
    tracks = {f: Track.objects.create(competition=comp, field=f, position=n) for n, f in enumerate(Field.values)}
    final = Round.objects.create(
        competition=comp,
        kind=Round.Kind.FINAL,
        name="深圳总决赛",
        name_en="Final in Shenzhen",
        site="深圳",
        site_en="Shenzhen",
        country="CN",
        timezone="Asia/Shanghai",
        scoring_deadline=now + timedelta(days=30),
        advance_count=3,
        position=9,
    )
    prelim = Round.objects.create(
        competition=comp,
        name="柏林分站赛",
        name_en="Berlin preliminary",
        site="柏林",
        site_en="Berlin",
        country="DE",
        timezone="Europe/Berlin",
        applications_open_at=now - timedelta(days=10),
        applications_close_at=now + timedelta(days=5),
        scoring_deadline=now + timedelta(days=7),
        next_round=final,
        advance_count=2,
        eligible_countries=["DE", "AT", "CH"],
        max_company_age_years=10,
        min_members=1,
        max_members=5,
    )
    tech = Criterion.objects.create(round=prelim, name="技术创新", name_en="Innovation", weight=3, max_score=10)
    market = Criterion.objects.create(
        round=prelim, name="市场前景", name_en="Market", weight=2, max_score=10, position=1
    )
    for round_ in (final,):
        Criterion.objects.create(round=round_, name="综合", name_en="Overall", weight=1, max_score=10)
    organizer = User.objects.create_user("org", is_staff=True, email="org@example.org")
    judges = [User.objects.create_user(f"judge{n}", email=f"j{n}@example.org") for n in range(3)]
    track = tracks[Field.ELECTRONIC_INFORMATION]
    for judge in judges:
        judging.assign_judge(round_=prelim, track=track, judge_id=judge.pk, by=organizer)
    return SimpleNamespace(
        comp=comp, prelim=prelim, final=final, tracks=tracks, track=track, tech=tech, market=market,
        organizer=organizer, judges=judges,
    )  # fmt: skip


def add_team(world, username: str, project: str, organisation: Organisation | None = None, **overrides):
    user = User.objects.create_user(username, email=f"{username}@example.org")
    data = team_data(world.track, project_name=project, project_name_en=project, **overrides)
    if organisation is not None:
        OrganisationMembership.objects.create(organisation=organisation, user=user)
        data["organisation"] = str(organisation.pk)
    return applications.apply(round_=world.prelim, user=user, data=data, pitch_deck=deck())


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return make_world()
