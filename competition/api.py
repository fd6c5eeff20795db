"""The competition app's JSON API (mounted by config/api.py under /api/; docs/competition.md,
"API"). Refusals in the one error shape (live/http_api.py): `application_incomplete`,
`not_eligible` (per field), `judge_conflict`, `score_late`, `not_a_judge`, …"""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from competition import applications as apply_service
from competition import exports, final, judging, results, selectors
from competition.errors import Refused
from competition.models import Application, Competition, JudgeAssignment, Round, Track
from live.http_api import ApiError, errors, session_auth

router = Router(tags=["competition"])


def refusals(view):
    """Refused (competition/errors.py) as the one error shape."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Refused as refusal:
            raise ApiError(refusal.status, refusal.code, refusal.message, refusal.fields) from None

    return wrapped


def _round(round_id: int) -> Round:
    return Round.objects.select_related("competition", "session", "session__room").get(pk=round_id)


def _organizer_round(request: HttpRequest, round_id: int) -> Round:
    judging.require_organizer(request.user)
    return _round(round_id)


def round_out(round_: Round) -> dict[str, Any]:
    return {
        "id": round_.pk,
        "kind": round_.kind,
        "name": round_.name,
        "name_en": round_.name_en,
        "site": round_.site,
        "site_en": round_.site_en,
        "country": round_.country,
        "timezone": round_.timezone,
        "applications_open_at": round_.applications_open_at,
        "applications_close_at": round_.applications_close_at,
        "starts_at": round_.starts_at,
        "scoring_deadline": round_.scoring_deadline,
        "next_round_id": round_.next_round_id,
        "advance_count": round_.advance_count,
        "rules": {
            "eligible_countries": round_.eligible_countries,
            "eligible_stages": round_.eligible_stages,
            "max_company_age_years": round_.max_company_age_years,
            "min_members": round_.min_members,
            "max_members": round_.max_members,
            "video_required": round_.video_required,
        },
        "criteria": [
            {"id": c.pk, "name": c.name, "name_en": c.name_en, "weight": c.weight, "max_score": c.max_score}
            for c in round_.criteria.all()
        ],
        "results_published": round_.results_published_at is not None,
        "stage_room": round_.session.room.slug if round_.session_id and round_.session.room_id else None,
    }


def rows_out(ranking: list[tuple[Track, list[results.Row]]], *, full: bool) -> list[dict[str, Any]]:
    out = []
    for track, rows in ranking:
        teams = []
        for row in rows:
            team = {
                "application_id": row.application.pk,
                "project": row.application.project_name,
                "project_en": row.application.project_name_en,
                "rank": row.rank,
                "advanced": row.advanced,
            }
            if full:
                team |= {
                    "normalised": row.normalised,
                    "raw_mean": row.raw_mean,
                    "top_criterion_mean": row.top_criterion_mean,
                    "judges": row.judges,
                    "proposed": row.proposed,
                }
            teams.append(team)
        out.append({"track": track.field, "name": track.name_zh, "name_en": track.name_en, "teams": teams})
    return out


def application_out(app: Application) -> dict[str, Any]:
    return {
        "id": app.pk,
        "round_id": app.round_id,
        "track": app.track.field,
        "project_name": app.project_name,
        "project_name_en": app.project_name_en,
        "summary": app.summary,
        "organisation_id": app.organisation_id,
        "country": app.country,
        "company_stage": app.company_stage,
        "founded_year": app.founded_year,
        "video_url": app.video_url,
        "deck_pages": app.deck_pages,
        "members": [{"name": m.name, "role": m.role} for m in app.members.all()],
        "status": app.status,
        "advanced_from": app.advanced_from_id,
        "submitted_at": app.submitted_at,
    }


@router.get("/competition/competitions/{slug}", url_name="competition", response={200: dict, **errors(404)})
def competition_detail(request: HttpRequest, slug: str):
    """A competition: its tracks, its rounds (schedule in each round's own time zone, rules,
    criteria), and each published round's ranking (rank and team only)."""
    comp = Competition.objects.get(slug=slug[:60])
    return {
        "slug": comp.slug,
        "name": comp.name,
        "name_en": comp.name_en,
        "tracks": [{"id": t.pk, "field": t.field, "name": t.name_zh, "name_en": t.name_en} for t in comp.tracks.all()],
        "rounds": [
            round_out(r) | {"results": rows_out(selectors.published_ranking(r), full=False)}
            for r in selectors.rounds(comp)
        ],
    }


@router.get(
    "/competition/rounds/{int:round_id}/results", url_name="competition-results", response={200: dict, **errors(404)}
)
def round_results(request: HttpRequest, round_id: int):
    """A round's published results (404 before the organizers publish them; organizers see them
    at any time)."""
    round_ = _round(round_id)
    user = request.user
    if round_.results_published_at is None and not (user.is_authenticated and user.is_organizer):
        raise Round.DoesNotExist
    return {"round": round_out(round_), "results": rows_out(results.ranking(round_), full=False)}


@router.post(
    "/competition/rounds/{int:round_id}/applications",
    url_name="competition-apply",
    auth=session_auth,
    response={201: dict, **errors(400, 401, 404, 409, 413, 422)},
)
@refusals
def apply(
    request: HttpRequest,
    round_id: int,
    track: Form[str] = "",
    project_name: Form[str] = "",
    project_name_en: Form[str] = "",
    summary: Form[str] = "",
    organisation: Form[str] = "",
    country: Form[str] = "",
    company_stage: Form[str] = "",
    founded_year: Form[str] = "",
    video_url: Form[str] = "",
    members: Form[str] = "",
    pitch_deck: UploadedFile | None = File(None),
):
    """multipart/form-data. `track` (a field code or a track id), `members` a JSON list of
    {name, role, email} or lines "name | role | email", `pitch_deck` a PDF. Refusals:
    `application_incomplete` and `not_eligible` (per field), the deck's (`bad_type`,
    `too_large`, `pdf_script` …), `applications_closed`, `team_already_applied`."""
    round_ = _round(round_id)
    try:
        parsed: Any = json.loads(members) if members.strip().startswith("[") else members
    except ValueError:
        raise Refused(400, "not_eligible", "members: not a JSON list.", {"members": ["not a JSON list"]}) from None
    data = {
        "track": track,
        "project_name": project_name,
        "project_name_en": project_name_en,
        "summary": summary,
        "organisation": organisation,
        "country": country,
        "company_stage": company_stage,
        "founded_year": founded_year,
        "video_url": video_url,
    }
    app = apply_service.apply(round_=round_, user=request.user, data=data, pitch_deck=pitch_deck, members=parsed)
    return Status(201, application_out(app))


@router.get(
    "/competition/applications/mine",
    url_name="competition-mine",
    auth=session_auth,
    response={200: dict, **errors(401)},
)
def my_applications(request: HttpRequest):
    return {"applications": [application_out(a) for a in selectors.my_applications(request.user)]}


def _visible_application(request: HttpRequest, application_id: int) -> Application:
    app = Application.objects.select_related("track", "round").get(pk=application_id)
    if not selectors.can_see_application(request.user, app):
        raise Application.DoesNotExist  # another's application does not exist for you
    return app


@router.get(
    "/competition/applications/{int:application_id}", url_name="competition-application", auth=session_auth,
    response={200: dict, **errors(401, 404)},
)  # fmt: skip
def application_detail(request: HttpRequest, application_id: int):
    """The applicant's, the organizers' and the track's judges' (without a conflict) view."""
    return application_out(_visible_application(request, application_id))


@router.get(
    "/competition/applications/{int:application_id}/deck", url_name="competition-deck", auth=session_auth,
    response={200: None, **errors(401, 404)},
)  # fmt: skip
def application_deck(request: HttpRequest, application_id: int):
    app = _visible_application(request, application_id)
    with app.pitch_deck.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="deck-{app.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
    round_ = _organizer_round(request, round_id)
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
    round_ = _organizer_round(request, round_id)
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
    round_ = _round(round_id)
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
    "/competition/rounds/{int:round_id}/ranking", url_name="competition-ranking", auth=session_auth,
    response={200: dict, **errors(401, 403, 404)},
)  # fmt: skip
@refusals
def ranking(request: HttpRequest, round_id: int):
    """Organizers: the ranking per track with the normalised and raw means and the tie keys."""
    round_ = _organizer_round(request, round_id)
    return {"round": round_out(round_), "ranking": rows_out(results.ranking(round_), full=True)}


class AdvanceIn(Schema):
    application_ids: list[int] | None = None


@router.post(
    "/competition/rounds/{int:round_id}/advance", url_name="competition-advance", auth=session_auth,
    response={200: dict, **errors(400, 401, 403, 404, 422)},
)  # fmt: skip
@refusals
def advance(request: HttpRequest, round_id: int, body: AdvanceIn):
    """Organizers confirm the teams that advance (default: the proposed top of each track)."""
    round_ = _organizer_round(request, round_id)
    created = results.confirm_advancement(round_=round_, by=request.user, application_ids=body.application_ids)
    return {"advanced": [{"application_id": a.advanced_from_id, "next_application_id": a.pk} for a in created]}


@router.post(
    "/competition/rounds/{int:round_id}/publish", url_name="competition-publish", auth=session_auth,
    response={200: dict, **errors(400, 401, 403, 404)},
)  # fmt: skip
@refusals
def publish(request: HttpRequest, round_id: int):
    round_ = results.publish_results(round_=_organizer_round(request, round_id), by=request.user)
    return {"round_id": round_.pk, "results_published_at": round_.results_published_at}


class ReleaseIn(Schema):
    released: bool = True


@router.post(
    "/competition/rounds/{int:round_id}/live-scores", url_name="competition-live-scores", auth=session_auth,
    response={200: dict, **errors(400, 401, 403, 404, 422)},
)  # fmt: skip
@refusals
def release_live_scores(request: HttpRequest, round_id: int, body: ReleaseIn):
    """Organizers show (or hide) the judges' scores on the final's stage (`competition.scores`)."""
    round_ = final.release_live_scores(
        round_=_organizer_round(request, round_id), by=request.user, released=body.released
    )
    return {"round_id": round_.pk, "released": round_.live_scores_released_at is not None}


class PitchIn(Schema):
    application_id: int | None = None


@router.post(
    "/competition/rounds/{int:round_id}/pitch", url_name="competition-pitch", auth=session_auth,
    response={200: dict, **errors(400, 401, 403, 404, 422)},
)  # fmt: skip
@refusals
def set_pitch(request: HttpRequest, round_id: int, body: PitchIn):
    """Organizers move the final's stage to a team's pitch (`competition.pitch`); null: none."""
    round_ = final.set_pitch(
        round_=_organizer_round(request, round_id), by=request.user, application_id=body.application_id
    )
    return {"round_id": round_.pk, "application_id": round_.current_pitch_id}


@router.get("/competition/rounds/{int:round_id}/live", url_name="competition-live", response={200: dict, **errors(404)})
@refusals
def live_board(request: HttpRequest, round_id: int):
    """The final's stage now: the pitch order with slots, the pitch on stage, the judges'
    scores when released (the same content as the `competition.pitch` / `competition.scores`
    frames)."""
    round_ = _round(round_id)
    if not round_.session_id:
        raise Round.DoesNotExist
    return {
        "pitch": final.pitch_frame(round_).model_dump(),
        "scores": final.scores_frame(round_).model_dump(),
        "order": [
            {"application_id": a.pk, "project": a.project_name, "project_en": a.project_name_en, "starts_at": at}
            for a, at in final.slots(round_)
        ],
    }


@router.get(
    "/competition/rounds/{int:round_id}/audit", url_name="competition-audit", auth=session_auth,
    response={200: dict, **errors(401, 403, 404)},
)  # fmt: skip
@refusals
def audit(request: HttpRequest, round_id: int):
    """Organizers: every score change of the round (who, when, old, new)."""
    round_ = _organizer_round(request, round_id)
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


@router.get(
    "/competition/rounds/{int:round_id}/exports/{kind}", url_name="competition-export", auth=session_auth,
    response={200: None, **errors(401, 403, 404)},
)  # fmt: skip
@refusals
def export(request: HttpRequest, round_id: int, kind: str):
    """Organizers: `applications`, `scores` (per judge and criterion) or `rankings`, as XLSX."""
    round_ = _organizer_round(request, round_id)
    kind = kind.removesuffix(".xlsx")
    if kind not in exports.KINDS:
        raise Round.DoesNotExist
    response = HttpResponse(exports.export(round_, kind), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="round-{round_.pk}-{kind}.xlsx"'
    return response
