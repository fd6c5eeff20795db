"""Judges (docs/competition.md, "Judging"): the organizers assign them per round and track; a
judge declares conflicts, reads their queue and saves score sheets; every change is audited."""

# No `from __future__ import annotations`: ninja reads the views' annotations through
# common.refusals' wrapper, whose module globals are common.py's, so they must be objects.
from django.http import HttpRequest
from ninja import Router, Schema, Status

from competition import judging, results, selectors
from competition.api.common import application_out, get_round, organizer_round, refusals, round_out
from competition.errors import Refused
from competition.models import Application, JudgeAssignment, Track
from live.http_api import errors, session_auth

router = Router()


class AssignIn(Schema):
    judge_id: int
    track: str


@router.post(
    "/competition/rounds/{int:round_id}/judges", url_name="competition-judges", auth=session_auth,
    response={201: dict, **errors(400, 401, 403, 404, 409, 422)},
)  # fmt: skip
@refusals
def assign_judge(request: HttpRequest, round_id: int, body: AssignIn):
    """Organizers: assign a judge to a track of the round (`track` a field code or an id)."""
    round_ = organizer_round(request, round_id)
    tracks = Track.objects.filter(competition_id=round_.competition_id)
    track = (
        tracks.filter(pk=int(body.track)).first() if body.track.isdigit() else tracks.filter(field=body.track).first()
    )
    if track is None:
        raise Refused(400, "not_found", "No such track.", {"track": ["No such track."]})
    assignment = judging.assign_judge(round_=round_, track=track, judge_id=body.judge_id, by=request.user)
    return Status(201, {"id": assignment.pk, "judge_id": assignment.judge_id, "track": track.field})


@router.delete(
    "/competition/rounds/{int:round_id}/judges/{int:assignment_id}", url_name="competition-judge", auth=session_auth,
    response={204: None, **errors(401, 403, 404)},
)  # fmt: skip
@refusals
def unassign_judge(request: HttpRequest, round_id: int, assignment_id: int):
    round_ = organizer_round(request, round_id)
    judging.unassign_judge(assignment=JudgeAssignment.objects.get(pk=assignment_id, round=round_), by=request.user)
    return Status(204, None)


class ConflictIn(Schema):
    reason: str = ""


@router.post(
    "/competition/applications/{int:application_id}/conflict", url_name="competition-conflict", auth=session_auth,
    response={201: dict, **errors(401, 403, 404, 422)},
)  # fmt: skip
@refusals
def declare_conflict(request: HttpRequest, application_id: int, body: ConflictIn):
    """A judge of the team's track declares a conflict of interest: they no longer score it."""
    app = Application.objects.get(pk=application_id)
    conflict = judging.declare_conflict(judge=request.user, application=app, reason=body.reason[:1000])
    return Status(201, {"id": conflict.pk, "application_id": app.pk})


@router.get(
    "/competition/rounds/{int:round_id}/judging", url_name="competition-judging", auth=session_auth,
    response={200: dict, **errors(401, 403, 404)},
)  # fmt: skip
@refusals
def judging_queue(request: HttpRequest, round_id: int):
    """A judge's teams in the round with their sheets so far (teams with a conflict: named only)."""
    round_ = get_round(round_id)
    if not selectors.is_judge(request.user, round_):
        raise Refused(403, "not_a_judge", "You are not a judge of this round.")
    return {
        "round": round_out(round_),
        "teams": [
            {"application_id": item.application.pk, "project": item.application.project_name, "conflict": item.conflict}
            | (
                {}
                if item.conflict
                else {
                    "application": application_out(item.application),
                    "scores": {str(k): float(v) for k, v in item.values.items()},
                    "comment": item.sheet.comment if item.sheet else "",
                }
            )
            for item in selectors.judge_queue(request.user, round_)
        ],
    }


class ScoresIn(Schema):
    scores: dict[str, float | str]
    comment: str = ""


@router.put(
    "/competition/applications/{int:application_id}/scores", url_name="competition-scores", auth=session_auth,
    response={200: dict, **errors(400, 401, 403, 404, 422)},
)  # fmt: skip
@refusals
def submit_scores(request: HttpRequest, application_id: int, body: ScoresIn):
    """A judge's sheet: `scores` {criterion id: value} for every criterion, `comment`.
    Refusals: `not_a_judge`, `judge_conflict` (own organisation, own team, declared),
    `score_late` (after the round's deadline), `score_incomplete` (per criterion)."""
    app = Application.objects.select_related("round").get(pk=application_id)
    sheet = judging.submit_scores(judge=request.user, application=app, scores=body.scores, comment=body.comment)
    return {
        "application_id": app.pk,
        "scores": {str(s.criterion_id): float(s.value) for s in sheet.scores.all()},
        "total": round(results.sheet_total(sheet, results._specs(app.round)), 4),
        "comment": sheet.comment,
    }


@router.get(
    "/competition/rounds/{int:round_id}/audit", url_name="competition-audit", auth=session_auth,
    response={200: dict, **errors(401, 403, 404)},
)  # fmt: skip
@refusals
def audit(request: HttpRequest, round_id: int):
    """Organizers: every score change of the round (who, when, old, new)."""
    round_ = organizer_round(request, round_id)
    return {
        "changes": [
            {
                "application_id": a.application_id,
                "judge": a.judge.public_name,
                "criterion_id": a.criterion_id,
                "field": a.field,
                "old": a.old,
                "new": a.new,
                "changed_by": a.changed_by.public_name,
                "changed_at": a.changed_at,
            }
            for a in selectors.audit(round_)[:5000]
        ]
    }
