"""The final's stage (docs/competition.md, "The final"): the organizers (and the stage's
moderators) move it from pitch to pitch and release the judges' live scores; a page that
(re)connects reads the state here."""

# No `from __future__ import annotations`: ninja reads the views' annotations through
# common.refusals' wrapper, whose module globals are common.py's, so they must be objects.
from django.http import HttpRequest
from ninja import Router, Schema

from competition import final
from competition.api.common import get_round, refusals
from competition.models import Round
from live.http_api import errors, session_auth

router = Router()


class ReleaseIn(Schema):
    released: bool = True


@router.post(
    "/competition/rounds/{int:round_id}/live-scores", url_name="competition-live-scores", auth=session_auth,
    response={200: dict, **errors(400, 401, 403, 404, 422)},
)  # fmt: skip
@refusals
def release_live_scores(request: HttpRequest, round_id: int, body: ReleaseIn):
    """Organizers and the stage's moderators: show (or hide) the judges' scores on the final's
    stage (`competition.scores`)."""
    round_ = final.release_live_scores(round_=get_round(round_id), by=request.user, released=body.released)
    return {"round_id": round_.pk, "released": round_.live_scores_released_at is not None}


class PitchIn(Schema):
    application_id: int | None = None
    step: int | None = None  # 1: the next pitch, -1: the previous (instead of application_id)


@router.post(
    "/competition/rounds/{int:round_id}/pitch", url_name="competition-pitch", auth=session_auth,
    response={200: dict, **errors(400, 401, 403, 404, 422)},
)  # fmt: skip
@refusals
def set_pitch(request: HttpRequest, round_id: int, body: PitchIn):
    """Organizers and the stage's moderators: move the final's stage to a team's pitch
    (`competition.pitch`; null: between pitches), or `step` along the order."""
    round_ = final.set_pitch(
        round_=get_round(round_id), by=request.user, application_id=body.application_id, step=body.step
    )
    return {"round_id": round_.pk, "application_id": round_.current_pitch_id}


@router.get("/competition/rounds/{int:round_id}/live", url_name="competition-live", response={200: dict, **errors(404)})
@refusals
def live_board(request: HttpRequest, round_id: int):
    """The final's stage now: the pitch order with slots, the pitch on stage, the judges'
    scores when released (the same content as the `competition.pitch` / `competition.scores`
    frames)."""
    round_ = get_round(round_id)
    if not round_.session_id:
        raise Round.DoesNotExist
    return {
        "can_run": final.can_run_stage(request.user, round_),  # the page shows its controls
        "pitch": final.pitch_frame(round_).model_dump(),
        "scores": final.scores_frame(round_).model_dump(),
        "order": [
            {"application_id": a.pk, "project": a.project_name, "project_en": a.project_name_en, "starts_at": at}
            for a, at in final.slots(round_)
        ],
    }
