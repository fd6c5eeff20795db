"""The final on its livestreamed stage (docs/competition.md, "The final"): a programme
session with its stage room (streams.services.create_session), the teams' pitches in their
order as in a roadshow (the organizer moves the stage from pitch to pitch; the page shows a
timer), and the judges' scores on the stage once the organizer releases them. The frames
(competition/protocol.py) go to everyone in the stage room after the change commits."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competition.errors import Refused
from competition.judging import require_organizer
from competition.models import Application, Round
from competition.protocol import CompetitionPitch, CompetitionScores, JudgeScoreOut, PitchOut, TeamScoresOut


def create_final_stage(*, round_: Round, event, starts_at: datetime, ends_at: datetime | None = None, by=None):
    """The final's programme session and stage (idempotent: an existing one is returned)."""
    from streams.models import Session
    from streams.services import create_session

    if by is not None:
        require_organizer(by)
    if round_.session_id:
        return round_.session
    session = create_session(
        event=event,
        kind=Session.Kind.THEME_ACTIVITY,
        title=round_.name,
        title_en=round_.name_en,
        description=str(round_.competition.description or ""),
        description_en=str(round_.competition.description_en or ""),
        starts_at=starts_at,
        ends_at=ends_at or starts_at + timedelta(hours=3),
        slug=f"competition-final-{round_.pk}",
    )
    round_.session = session
    round_.save(update_fields=["session"])
    return session


def pitch_order(round_: Round) -> list[Application]:
    apps = list(Application.objects.filter(round=round_, status=Application.Status.SUBMITTED).select_related("track"))
    return sorted(apps, key=lambda a: (a.pitch_position is None, a.pitch_position or 0, a.pk))


def slots(round_: Round) -> list[tuple[Application, datetime | None]]:
    """Each pitch with its planned start (the session's start plus the slots before it)."""
    start = round_.session.starts_at if round_.session_id else round_.starts_at
    out = []
    for n, app in enumerate(pitch_order(round_)):
        out.append((app, start + timedelta(minutes=n * round_.pitch_minutes) if start else None))
    return out


def can_run_stage(user, round_: Round) -> bool:
    """The organizers and the moderators of the final's stage room (its event's moderators,
    a moderator role in the room) move the stage and release the live scores."""
    from live.permissions import is_room_moderator

    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_organizer:
        return True
    room = round_.session.room if round_.session_id and round_.session.room_id else None
    return room is not None and is_room_moderator(room, user)


def require_stage_runner(user, round_: Round) -> None:
    if not getattr(user, "is_authenticated", False):
        raise Refused(401, "auth_required", _("Please log in."))
    if not can_run_stage(user, round_):
        raise Refused(403, "forbidden", _("Only the organizers and the stage's moderators may do this."))


def _room(round_: Round):
    if not round_.session_id or round_.session.room_id is None:
        raise Refused(400, "no_stage", _("This round has no livestreamed stage."))
    return round_.session.room


def _pitch_out(app: Application | None) -> PitchOut | None:
    if app is None:
        return None
    return PitchOut(
        application_id=app.pk,
        position=app.pitch_position,
        project=app.project_name,
        project_en=app.project_name_en or app.project_name,
        track=app.track.field,
    )


def pitch_frame(round_: Round) -> CompetitionPitch:
    room = _room(round_)
    started = round_.current_pitch_started_at
    return CompetitionPitch(
        type="competition.pitch",
        room=room.slug,
        round_id=round_.pk,
        pitch=_pitch_out(round_.current_pitch),
        started_at=started.isoformat() if started else None,
        minutes=round_.pitch_minutes,
    )


@transaction.atomic
def set_pitch(*, round_: Round, by, application_id: int | None = None, step: int | None = None) -> Round:
    """Move the stage to a team's pitch (None: between pitches), or `step` (+1 the next, -1
    the previous) along the pitch order: the step is taken from the pitch on stage under the
    round's row lock, so two moderators clicking "next" at once move it twice, never to the
    same team twice. Past either end: between pitches; "next" from between pitches the first,
    "previous" the last."""
    from live.fanout import publish_on_commit, room_topic

    require_stage_runner(by, round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    room = _room(round_)
    app = None
    if step is not None:
        if step not in (1, -1):
            raise Refused(400, "invalid_fields", _("A step is 1 or -1."), {"step": [str(_("A step is 1 or -1."))]})
        order = [a.pk for a in pitch_order(round_)]
        current = order.index(round_.current_pitch_id) if round_.current_pitch_id in order else None
        if current is None:
            target = 0 if step == 1 else len(order) - 1
        else:
            target = current + step
        application_id = order[target] if 0 <= target < len(order) else None
    if application_id is not None:
        app = Application.objects.filter(round=round_, pk=application_id, status=Application.Status.SUBMITTED).first()
        if app is None:
            raise Refused(400, "not_in_round", _("This team does not pitch in this round."))
    round_.current_pitch = app
    round_.current_pitch_started_at = timezone.now() if app else None
    round_.save(update_fields=["current_pitch", "current_pitch_started_at"])
    publish_on_commit(room_topic(room.pk), pitch_frame(round_))
    return round_


def scores_frame(round_: Round) -> CompetitionScores:
    room = _room(round_)
    released = round_.live_scores_released_at is not None
    return CompetitionScores(
        type="competition.scores",
        room=room.slug,
        round_id=round_.pk,
        released=released,
        teams=[TeamScoresOut(**team) for team in live_scores(round_)] if released else [],
    )


def live_scores(round_: Round) -> list[dict[str, Any]]:
    """Per team of the final, each judge's weighted total (counted sheets only), and its
    normalised score and rank in its track (competition.results, the same tie rules)."""
    from competition.results import _specs, counted_sheets, ranking, sheet_total

    specs = _specs(round_)
    standing = {row.application.pk: row for _track, rows in ranking(round_) for row in rows}
    by_app: dict[int, list[dict[str, Any]]] = {}
    for sheet in counted_sheets(round_):
        by_app.setdefault(sheet.application_id, []).append(
            {"judge": sheet.judge.public_name, "total": round(sheet_total(sheet, specs), 2)}
        )
    teams = []
    for app in pitch_order(round_):
        scores = by_app.get(app.pk, [])
        mean = round(sum(s["total"] for s in scores) / len(scores), 2) if scores else None
        row = standing.get(app.pk)
        teams.append(
            {
                "application_id": app.pk,
                "project": app.project_name,
                "project_en": app.project_name_en or app.project_name,
                "scores": [JudgeScoreOut(**s) for s in scores],
                "mean": mean,
                "normalised": round(row.normalised, 3) if row and row.normalised is not None else None,
                "rank": row.rank if row else None,
            }
        )
    return teams


def announce_scores(round_: Round) -> None:
    from live.fanout import publish_on_commit, room_topic

    if round_.session_id and round_.session.room_id:
        publish_on_commit(room_topic(round_.session.room_id), scores_frame(round_))


@transaction.atomic
def release_live_scores(*, round_: Round, by, released: bool) -> Round:
    require_stage_runner(by, round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _room(round_)
    round_.live_scores_released_at = timezone.now() if released else None
    round_.save(update_fields=["live_scores_released_at"])
    announce_scores(round_)
    return round_
