"""Reads of the competition for the API and the pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from competition import results
from competition.judging import conflict_reason
from competition.models import (
    Application,
    Competition,
    Conflict,
    JudgeAssignment,
    Round,
    ScoreAudit,
    ScoreSheet,
    Track,
)


def competitions() -> QuerySet[Competition]:
    return Competition.objects.order_by("-created_at", "pk")


def competition(slug: str) -> Competition:
    return Competition.objects.get(slug=slug)


def rounds(comp: Competition) -> list[Round]:
    return list(comp.rounds.select_related("session", "session__room").prefetch_related("criteria"))


def local_time(round_: Round, when) -> str:
    """A time in the round's own time zone (the site's), as "YYYY-MM-DD HH:MM TZ"."""
    if when is None:
        return ""
    try:
        zone = ZoneInfo(round_.timezone)
    except Exception:
        zone = ZoneInfo("UTC")
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M ") + round_.timezone


def published_ranking(round_: Round) -> list[tuple[Track, list[results.Row]]]:
    return results.ranking(round_) if round_.results_published_at else []


def can_see_application(user, application: Application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_organizer or application.applicant_id == user.pk:
        return True
    assigned = JudgeAssignment.objects.filter(
        round_id=application.round_id, track_id=application.track_id, judge=user
    ).exists()
    return assigned and conflict_reason(user, application) is None


def my_applications(user) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).select_related("round", "track", "round__competition")


def judged_rounds(user) -> QuerySet[Round]:
    if not getattr(user, "is_authenticated", False):
        return Round.objects.none()
    return Round.objects.filter(judges__judge=user).distinct().select_related("competition")


def is_judge(user, round_: Round) -> bool:
    return (
        getattr(user, "is_authenticated", False) and JudgeAssignment.objects.filter(round=round_, judge=user).exists()
    )


@dataclass(frozen=True)
class QueueItem:
    application: Application
    sheet: ScoreSheet | None
    values: dict[int, Any]
    conflict: str | None


def judge_queue(user, round_: Round) -> list[QueueItem]:
    """The teams of the judge's tracks in the round, each with their sheet so far; teams with a
    conflict are listed without their materials (`conflict` says why)."""
    tracks = JudgeAssignment.objects.filter(round=round_, judge=user).values_list("track_id", flat=True)
    apps = (
        Application.objects.filter(round=round_, track_id__in=list(tracks), status=Application.Status.SUBMITTED)
        .select_related("track", "organisation")
        .prefetch_related("members")
    )
    sheets = {
        s.application_id: s
        for s in ScoreSheet.objects.filter(application__in=apps, judge=user).prefetch_related("scores")
    }
    items = []
    for app in apps:
        sheet = sheets.get(app.pk)
        values = {s.criterion_id: s.value for s in sheet.scores.all()} if sheet else {}
        items.append(QueueItem(app, sheet, values, conflict_reason(user, app)))
    return items


def assignments(round_: Round) -> QuerySet[JudgeAssignment]:
    return JudgeAssignment.objects.filter(round=round_).select_related("judge", "track")


def audit(round_: Round, application_id: int | None = None) -> QuerySet[ScoreAudit]:
    rows = ScoreAudit.objects.filter(application__round=round_).select_related(
        "judge", "changed_by", "criterion", "application"
    )
    if application_id is not None:
        rows = rows.filter(application_id=application_id)
    return rows


def conflicts(round_: Round) -> QuerySet[Conflict]:
    return Conflict.objects.filter(application__round=round_).select_related("judge", "application")


def judge_candidates(query: str = "") -> QuerySet:
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(is_active=True, deleted_at__isnull=True)
    if query:
        people = people.filter(Q(username__icontains=query) | Q(display_name__icontains=query))
    return people.order_by("username")[:200]


def final_round_for_room(room: Any) -> Round | None:
    """The final staged in this live room, if any (the stage page shows the final's screen)."""
    return Round.objects.filter(session__room=room).first()
