"""What the competition's routers share: refusals as the one error shape, the round looked up
for a route, the JSON shapes of a round, a ranking and an application, and file responses."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from competition import judging, results
from competition.errors import Refused
from competition.models import Application, Round, Track
from live.http_api import ApiError


def refusals(view):
    """Refused (competition/errors.py) as the one error shape."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Refused as refusal:
            raise ApiError(refusal.status, refusal.code, refusal.message, refusal.fields) from None

    return wrapped


def get_round(round_id: int) -> Round:
    return Round.objects.select_related("competition", "session", "session__room").get(pk=round_id)


def organizer_round(request: HttpRequest, round_id: int) -> Round:
    judging.require_organizer(request.user)
    return get_round(round_id)


def file_response(content: bytes, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    """A file for download (`attachment`) or for the browser to show (`inline`); never sniffed
    into another type."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
