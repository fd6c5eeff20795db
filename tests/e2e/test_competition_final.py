"""The competition final's screen on its stage page, in a real browser against a real Daphne,
in Chinese and English: the organizer (over the JSON API, from their logged-in browser) puts a
team on stage and releases the judges' scores; a viewer's stage page shows the team with its
timer, then the scores per judge with the normalised standing; hiding them removes them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from competition import final, judging, results
from tests.competition.conftest import add_team, make_world
from tests.e2e.test_competition_pages import _password, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _final_on_stage(world):
    a = add_team(world, "alice", "量子传感器")
    b = add_team(world, "bob", "氢能电池")
    for app, en in ((a, "Quantum sensor"), (b, "Hydrogen cell")):
        app.project_name_en = en
        app.save(update_fields=["project_name_en"])
    for judge, (ma, mb) in zip(world.judges, ((6, 5), (9, 8), (4, 2)), strict=True):
        for app, mark in ((a, ma), (b, mb)):
            judging.submit_scores(judge=judge, application=app, scores={world.tech.pk: mark, world.market.pk: mark})
    world.prelim.scoring_deadline = timezone.now() - timedelta(minutes=1)
    world.prelim.save()
    finalists = results.confirm_advancement(round_=world.prelim, by=world.organizer)
    from streams.services import create_event

    now = timezone.now()
    event = create_event(name="大会", slug="conf", starts_at=now, ends_at=now + timedelta(days=1))
    session = final.create_final_stage(round_=world.final, event=event, starts_at=now)
    overall = world.final.criteria.get()
    for judge, marks in zip(world.judges[:2], ((9, 7), (6, 5)), strict=True):
        judging.assign_judge(round_=world.final, track=world.track, judge_id=judge.pk, by=world.organizer)
        for app, mark in zip(finalists, marks, strict=True):
            judging.submit_scores(judge=judge, application=app, scores={overall.pk: mark})
    return session.room, finalists


def _post(context, base_url, path, body):
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    answer = context.request.post(
        f"{base_url}{path}", data=body, headers={"X-CSRFToken": token, "Referer": base_url + "/"}
    )
    assert answer.ok, answer.text()
    return answer.json()


@pytest.mark.parametrize(
    ("locale", "lang", "team", "between"),
    [("en-US", "en", "Quantum sensor", "Between pitches"), ("zh-CN", "zh-hans", "量子传感器", "路演间隙")],
)
def test_final_screen_pitch_and_live_scores(browser, server, locale, lang, team, between):
    world = make_world()
    room, finalists = _final_on_stage(world)
    viewer = User.objects.create_user("viewer", email="viewer@example.org")
    for user in (viewer, world.organizer):
        _password(user)
    round_id = world.final.pk

    view_context, page = login(browser, server, locale, "viewer", f"/rooms/{room.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    screen = page.locator("#final-screen")
    expect(screen.locator("#final-none")).to_have_text(between)
    expect(page.locator("#final-scores")).to_be_hidden()

    org_context, _org = login(browser, server, locale, world.organizer.username, f"/rooms/{room.slug}/")
    first = next(a for a in finalists if a.project_name == "量子传感器")
    _post(org_context, server.url, f"/api/competition/rounds/{round_id}/pitch", {"application_id": first.pk})
    expect(screen.locator("#final-team")).to_have_text(team)
    expect(screen.locator("#final-timer")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    expect(page.locator("#final-scores")).to_be_hidden()

    _post(org_context, server.url, f"/api/competition/rounds/{round_id}/live-scores", {"released": True})
    board = page.locator("#final-board-rows")
    expect(board.locator("tr")).to_have_count(2)
    row = board.locator(f'tr[data-application="{first.pk}"]')
    expect(row.locator("th")).to_have_text(team)
    expect(row.locator(".final-judges li")).to_have_count(2)
    expect(row.locator(".final-rank")).to_have_text("1")
    expect(row.locator(".final-mean")).to_have_text("75.0")  # (90 + 60) / 2
    expect(row.locator(".final-normalised")).to_have_text("1.00")  # z = +1 from both judges
    expect(board.locator("tr").first).to_have_attribute("data-application", str(first.pk))

    # A latecomer reads the same state from the API on connecting.
    late_context, late = login(browser, server, locale, world.organizer.username, f"/rooms/{room.slug}/")
    expect(late.locator(f'#final-board-rows tr[data-application="{first.pk}"] th')).to_have_text(team)
    late_context.close()

    _post(org_context, server.url, f"/api/competition/rounds/{round_id}/live-scores", {"released": False})
    expect(page.locator("#final-scores")).to_be_hidden()
    expect(board.locator("tr")).to_have_count(0)
    _post(org_context, server.url, f"/api/competition/rounds/{round_id}/pitch", {"application_id": None})
    expect(screen.locator("#final-none")).to_have_text(between)
    org_context.close()
    view_context.close()


@pytest.mark.parametrize(
    ("locale", "runner_kind", "team", "second", "between"),
    [
        ("en-US", "moderator", "Quantum sensor", "Hydrogen cell", "Between pitches"),
        ("zh-CN", "organizer", "量子传感器", "氢能电池", "路演间隙"),
    ],
)
def test_stage_controls_run_the_final(browser, server, locale, runner_kind, team, second, between):
    """The stage's own buttons: a moderator of the stage room (en) or an organizer (zh) steps
    to the next and previous pitch and releases the scores; a viewer sees no controls and the
    API refuses them."""
    from live.models import RoomRole

    world = make_world()
    room, _finalists = _final_on_stage(world)
    viewer = User.objects.create_user("viewer", email="viewer@example.org")
    runner = world.organizer
    if runner_kind == "moderator":
        runner = User.objects.create_user("stage_mod", email="mod@example.org")
        RoomRole.objects.create(room=room, user=runner, role="moderator")
    for user in (viewer, runner):
        _password(user)

    view_context, page = login(browser, server, locale, "viewer", f"/rooms/{room.slug}/")
    screen = page.locator("#final-screen")
    expect(screen.locator("#final-none")).to_have_text(between)
    expect(page.locator("#final-controls")).to_be_hidden()
    token = next(c["value"] for c in view_context.cookies() if c["name"] == "csrftoken")
    refused = view_context.request.post(
        f"{server.url}/api/competition/rounds/{world.final.pk}/pitch",
        data={"step": 1},
        headers={"X-CSRFToken": token, "Referer": server.url + "/"},
    )
    assert refused.status == 403 and refused.json()["code"] == "forbidden"

    run_context, run = login(browser, server, locale, runner.username, f"/rooms/{room.slug}/")
    controls = run.locator("#final-controls")
    expect(controls).to_be_visible()
    expect(run.locator("#final-next")).to_be_enabled()
    run.click("#final-next")
    expect(screen.locator("#final-team")).to_have_text(team)  # the viewer's page follows
    expect(run.locator("#final-team")).to_have_text(team)
    run.click("#final-next")
    expect(screen.locator("#final-team")).to_have_text(second)
    run.click("#final-previous")
    expect(screen.locator("#final-team")).to_have_text(team)
    expect(page.locator("#final-scores")).to_be_hidden()
    run.click("#final-release")
    expect(page.locator("#final-board-rows tr")).to_have_count(2)
    expect(run.locator("#final-hide")).to_be_visible()
    expect(run.locator("#final-release")).to_be_hidden()
    run.click("#final-hide")
    expect(page.locator("#final-scores")).to_be_hidden()
    run.click("#final-stop")
    expect(screen.locator("#final-none")).to_have_text(between)
    expect(run.locator("#final-control-error")).to_be_hidden()
    run_context.close()
    view_context.close()
