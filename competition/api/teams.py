"""The competition, its rounds' published results, and the teams' applications with their
materials (docs/competition.md, "Applying")."""

# No `from __future__ import annotations`: ninja reads the views' annotations through
# common.refusals' wrapper, whose module globals are common.py's, so they must be objects.
import json
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from competition import applications as apply_service
from competition import results, selectors
from competition.api.common import application_out, file_response, get_round, refusals, round_out, rows_out
from competition.errors import Refused
from competition.models import Application, Competition, Round
from live.http_api import errors, session_auth

router = Router()


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
    round_ = get_round(round_id)
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
    round_ = get_round(round_id)
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
        content = handle.read()
    return file_response(content, content_type="application/pdf", filename=f"deck-{app.pk}.pdf", inline=True)
