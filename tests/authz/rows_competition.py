"""The competition app's rows of the authorization table (merged into tests/authz/table.py; the
columns and shorthands are there). One file per app, so that apps built side by side do not
edit the same lines.

The world (extend_world): a competition with a preliminary round still being scored (no
stage, results not published); own_staff applied to it for its organisation ("ours"),
other_staff judges the team's track. Empty JSON bodies: 422 where a field is required
(ninja checks the body before the view), the role check next."""

from __future__ import annotations

from typing import Any

from tests.authz.table import LOGGED_IN, ORGANIZERS, PUBLIC

BODY_422 = "401 422 422 422 422 422 422 401"
NOTHING = "404 404 404 404 404 404 404 404"
ORGANIZERS_400 = "401 403 403 403 403 400 403 401"  # still scoring / no stage
TEAM_JUDGE_ORG = "401 404 200 200 404 200 404 401"  # the applicant, the track's judge, organizers
JUDGE = "401 403 200 403 403 403 403 401"
PAGE_LOGGED_IN = "302 200 200 200 200 200 200 302"

ROUTES: dict[tuple[str, str], str] = {
    ("GET", "api/competition/competitions/<slug>"): PUBLIC,
    ("GET", "api/competition/rounds/<int:round_id>/results"): "404 404 404 404 404 200 404 404",  # unpublished
    ("POST", "api/competition/rounds/<int:round_id>/applications"): "401 400 400 400 400 400 400 401",  # incomplete
    ("GET", "api/competition/applications/mine"): LOGGED_IN,
    ("GET", "api/competition/applications/<int:application_id>"): TEAM_JUDGE_ORG,
    ("GET", "api/competition/applications/<int:application_id>/deck"): TEAM_JUDGE_ORG,
    ("POST", "api/competition/rounds/<int:round_id>/judges"): BODY_422,
    ("DELETE", "api/competition/rounds/<int:round_id>/judges/<int:assignment_id>"): "401 403 403 403 403 204 403 401",
    ("POST", "api/competition/applications/<int:application_id>/conflict"): "401 403 201 403 403 403 403 401",
    ("GET", "api/competition/rounds/<int:round_id>/judging"): JUDGE,
    ("PUT", "api/competition/applications/<int:application_id>/scores"): BODY_422,
    ("GET", "api/competition/rounds/<int:round_id>/ranking"): ORGANIZERS,
    ("POST", "api/competition/rounds/<int:round_id>/advance"): ORGANIZERS_400,
    ("POST", "api/competition/rounds/<int:round_id>/publish"): ORGANIZERS_400,
    ("POST", "api/competition/rounds/<int:round_id>/live-scores"): ORGANIZERS_400,
    ("POST", "api/competition/rounds/<int:round_id>/pitch"): ORGANIZERS_400,
    ("GET", "api/competition/rounds/<int:round_id>/live"): NOTHING,  # a preliminary has no stage
    ("GET", "api/competition/rounds/<int:round_id>/audit"): ORGANIZERS,
    ("GET", "api/competition/rounds/<int:round_id>/exports/<kind>"): ORGANIZERS,
    # ---- pages (frontend/urls_competition.py); an empty form is the 400
    ("GET", "competition/"): "302 302 302 302 302 302 302 302",  # the only competition's page
    ("GET", "competition/<slug:slug>/"): PUBLIC,
    ("GET", "competition/rounds/<int:pk>/apply/"): PAGE_LOGGED_IN,
    ("POST", "competition/rounds/<int:pk>/apply/"): "302 400 400 400 400 400 400 302",
    ("GET", "competition/rounds/<int:pk>/judge/"): "302 403 200 403 403 403 403 302",
    ("POST", "competition/rounds/<int:pk>/judge/"): "302 403 404 403 403 403 403 302",  # no team named
    ("GET", "competition/rounds/<int:pk>/console/"): "302 403 403 403 403 200 403 302",
    ("POST", "competition/rounds/<int:pk>/console/"): "302 403 403 403 403 400 403 302",  # no action
}

# socket commands: name -> answers per role (as SOCKET_TABLE)
SOCKET: dict[str, str] = {}


def extend_world(world) -> None:
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from accounts.models import Organisation
    from competition import applications, judging
    from competition.models import Competition, Criterion, Field, Round, Track
    from tests import media

    users = world.users
    now = timezone.now()
    comp = Competition.objects.create(slug="authz-competition", name="大赛", name_en="Competition")
    track = Track.objects.create(competition=comp, field=Field.NEW_MATERIALS)
    round_ = Round.objects.create(
        competition=comp,
        name="分站赛",
        applications_open_at=now - timedelta(days=1),
        applications_close_at=now + timedelta(days=10),
        scoring_deadline=now + timedelta(days=20),
        country="DE",
        timezone="Europe/Berlin",
    )
    Criterion.objects.create(round=round_, name="创新", weight=1)
    app = applications.apply(
        round_=round_,
        user=users["own_staff"],
        data={
            "track": track.field,
            "project_name": "新材料",
            "summary": "说明",
            "country": "DE",
            "company_stage": "startup",
            "video_url": "https://video.example.org/v",
            "organisation": str(Organisation.objects.get(pk=world.ids["organisation"]).pk),
        },
        members="李雷 | CEO",
        pitch_deck=SimpleUploadedFile("d.pdf", media.pdf()),
    )
    assignment = judging.assign_judge(
        round_=round_, track=track, judge_id=users["other_staff"].pk, by=users["organizer"]
    )
    world.ids |= {
        "competition": comp.slug,
        "competition_round": round_.pk,
        "competition_application": app.pk,
        "competition_assignment": assignment.pk,
    }


def params(route: str, world) -> dict[str, Any]:
    if "competition" not in route:
        return {}
    ids = world.ids
    found = {
        "round_id": ids["competition_round"],
        "application_id": ids["competition_application"],
        "assignment_id": ids["competition_assignment"],
        "kind": "rankings",
    }
    if route.startswith("competition/rounds/"):
        found["pk"] = ids["competition_round"]
    if "<slug" in route:
        found["slug"] = ids["competition"]
    return found
