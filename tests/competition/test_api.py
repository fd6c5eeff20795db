"""The JSON API with its refusals: an incomplete application, a judge with a conflict, a late
score; the exports open as workbooks with the numbers of the ranking."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Organisation, OrganisationMembership
from competition.models import Application
from tests.competition.conftest import add_team, deck, team_data


def _client(client, user):
    client.force_login(user)
    return client


def test_apply_over_api_and_incomplete_refused(world, client, django_user_model):
    user = django_user_model.objects.create_user("applicant")
    client = _client(client, user)
    url = f"/api/competition/rounds/{world.prelim.pk}/applications"
    answer = client.post(url, {"project_name": "Quantum sensor"})
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "application_incomplete" and "pitch_deck" in body["fields"] and "track" in body["fields"]
    data = team_data(world.track, members='[{"name": "Anna", "role": "CEO"}]')
    answer = client.post(url, {**data, "pitch_deck": deck()})
    assert answer.status_code == 201, answer.content
    assert answer.json()["members"] == [{"name": "Anna", "role": "CEO"}]
    mine = client.get("/api/competition/applications/mine").json()["applications"]
    assert [a["project_name"] for a in mine] == ["量子传感器"]
    deck_answer = client.get(f"/api/competition/applications/{mine[0]['id']}/deck")
    assert deck_answer.status_code == 200 and deck_answer.content.startswith(b"%PDF-")


def test_conflicted_and_late_scores_refused(world, client):
    org = Organisation.objects.create(name="海洋公司")
    app = add_team(world, "alice", "Ocean drone", organisation=org)
    judge = world.judges[0]
    OrganisationMembership.objects.create(organisation=org, user=judge)
    client = _client(client, judge)
    url = f"/api/competition/applications/{app.pk}/scores"
    body = {"scores": {str(world.tech.pk): 8, str(world.market.pk): 6}, "comment": "ok"}
    answer = client.put(url, body, content_type="application/json")
    assert answer.status_code == 403 and answer.json()["code"] == "judge_conflict"
    queue = client.get(f"/api/competition/rounds/{world.prelim.pk}/judging").json()["teams"]
    assert queue == [{"application_id": app.pk, "project": "Ocean drone", "conflict": "own_organisation"}]
    # another judge, in time, then late
    client.force_login(world.judges[1])
    assert client.put(url, body, content_type="application/json").status_code == 200
    Application.objects.filter(pk=app.pk)  # unchanged
    world.prelim.scoring_deadline = timezone.now() - timedelta(seconds=1)
    world.prelim.save()
    answer = client.put(url, body, content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "score_late"


def test_exports_and_publishing(world, client):
    a = add_team(world, "alice", "A")
    b = add_team(world, "bob", "B")
    from competition import judging

    for judge, (ma, mb) in zip(world.judges, ((8, 4), (9, 7), (5, 5)), strict=True):
        for app, mark in ((a, ma), (b, mb)):
            judging.submit_scores(judge=judge, application=app, scores={world.tech.pk: mark, world.market.pk: mark})
    client = _client(client, world.organizer)
    base = f"/api/competition/rounds/{world.prelim.pk}"
    assert client.post(f"{base}/publish").json()["code"] == "round_still_scoring"
    ranking = client.get(f"{base}/ranking").json()["ranking"]
    teams = next(t for t in ranking if t["track"] == world.track.field)["teams"]
    assert [t["project"] for t in teams] == ["A", "B"]
    book = load_workbook(io.BytesIO(client.get(f"{base}/exports/rankings").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("track", "track_en", "rank")
    assert [(r[2], r[4]) for r in rows[1:] if r[4] in ("A", "B")] == [(1, "A"), (2, "B")]
    assert rows[1][5] == round(teams[0]["normalised"], 4)
    scores = list(
        load_workbook(io.BytesIO(client.get(f"{base}/exports/scores").content)).active.iter_rows(values_only=True)
    )
    assert len(scores) == 1 + 6 and scores[1][3:5] == (8.0, 8.0)
    apps = list(
        load_workbook(io.BytesIO(client.get(f"{base}/exports/applications").content)).active.iter_rows(values_only=True)
    )
    assert [r[3] for r in apps[1:]] == ["A", "B"]
    assert client.get(f"/api/competition/rounds/{world.prelim.pk}/results").status_code == 200  # organizers
    client.logout()
    assert client.get(f"{base}/results").status_code == 404
    world.prelim.scoring_deadline = timezone.now() - timedelta(seconds=1)
    world.prelim.save()
    client.force_login(world.organizer)
    assert client.post(f"{base}/publish").status_code == 200
    client.logout()
    public = client.get(f"/api/competition/competitions/{world.comp.slug}").json()
    prelim = next(r for r in public["rounds"] if r["id"] == world.prelim.pk)
    track_results = next(t for t in prelim["results"] if t["track"] == world.track.field)
    assert [(t["rank"], t["project"]) for t in track_results["teams"]] == [(1, "A"), (2, "B")]
    assert "normalised" not in track_results["teams"][0]
