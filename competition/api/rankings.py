"""The organizers' side of the results (docs/competition.md, "Ranking, advancement, results"
and "Exports"): the ranking with its tie keys, the advancement they confirm, publishing, XLSX."""

# No `from __future__ import annotations`: ninja reads the views' annotations through
# common.refusals' wrapper, whose module globals are common.py's, so they must be objects.
from django.http import HttpRequest
from ninja import Router, Schema

from competition import exports, results
from competition.api.common import file_response, organizer_round, refusals, round_out, rows_out
from competition.models import Round
from live.http_api import errors, session_auth

router = Router()


@router.get(
    "/competition/rounds/{int:round_id}/ranking", url_name="competition-ranking", auth=session_auth,
    response={200: dict, **errors(401, 403, 404)},
)  # fmt: skip
@refusals
def ranking(request: HttpRequest, round_id: int):
    """Organizers: the ranking per track with the normalised and raw means and the tie keys."""
    round_ = organizer_round(request, round_id)
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
    round_ = organizer_round(request, round_id)
    created = results.confirm_advancement(round_=round_, by=request.user, application_ids=body.application_ids)
    return {"advanced": [{"application_id": a.advanced_from_id, "next_application_id": a.pk} for a in created]}


@router.post(
    "/competition/rounds/{int:round_id}/publish", url_name="competition-publish", auth=session_auth,
    response={200: dict, **errors(400, 401, 403, 404)},
)  # fmt: skip
@refusals
def publish(request: HttpRequest, round_id: int):
    round_ = results.publish_results(round_=organizer_round(request, round_id), by=request.user)
    return {"round_id": round_.pk, "results_published_at": round_.results_published_at}


@router.get(
    "/competition/rounds/{int:round_id}/exports/{kind}", url_name="competition-export", auth=session_auth,
    response={200: None, **errors(401, 403, 404)},
)  # fmt: skip
@refusals
def export(request: HttpRequest, round_id: int, kind: str):
    """Organizers: `applications`, `scores` (per judge and criterion) or `rankings`, as XLSX."""
    round_ = organizer_round(request, round_id)
    kind = kind.removesuffix(".xlsx")
    if kind not in exports.KINDS:
        raise Round.DoesNotExist
    return file_response(
        exports.export(round_, kind), content_type=exports.XLSX, filename=f"round-{round_.pk}-{kind}.xlsx"
    )
