"""The competition in a real browser against a real Daphne, in Chinese and English: a team
applies with its pitch deck (a refused incomplete form first), a judge scores it, the scoring
deadline passes, the organizer publishes the round and the public page shows the result."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from competition.models import Round
from tests import media
from tests.competition.conftest import make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(browser, server, locale, username, next_path):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"/accounts/login/?next={quote(next_path)}")
    page.fill("#id_login", username)
    page.fill("#id_password", "pw-" + username)
    page.click("#login-submit")
    page.wait_for_url(f"**{next_path}")
    return context, page


def _password(user: User) -> None:
    user.set_password("pw-" + user.username)
    user.save()


@pytest.mark.parametrize(
    ("locale", "lang", "incomplete", "published"),
    [
        ("en-US", "en", "The application is incomplete.", "Results published"),
        ("zh-CN", "zh-hans", "报名材料不完整", "结果已公布"),
    ],
)
def test_apply_score_publish(browser, server, locale, lang, incomplete, published):
    world = make_world()
    applicant = User.objects.create_user("applicant", email="applicant@example.org")
    for user in (applicant, world.judges[0], world.organizer):
        _password(user)
    round_id = world.prelim.pk

    team_context, team = login(browser, server, locale, "applicant", f"/competition/rounds/{round_id}/apply/")
    expect(team.locator("html")).to_have_attribute("lang", lang)
    team.fill("#f-project", "量子传感器")
    team.click("#apply-submit")
    expect(team.locator("#form-error")).to_contain_text(incomplete)
    expect(team.locator('#form-error [data-field="pitch_deck"]')).to_be_visible()
    team.select_option("#f-track", world.track.field)
    team.fill("#f-project-en", "Quantum sensor")
    team.fill("#f-summary", "A compact quantum magnetometer.")
    team.fill("#f-country", "DE")
    team.select_option("#f-stage", "startup")
    team.fill("#f-video", "https://video.example.org/pitch")
    team.fill("#f-members", "Anna Schmidt | CEO | anna@example.org")
    team.set_input_files("#f-deck", {"name": "deck.pdf", "mimeType": "application/pdf", "buffer": media.pdf()})
    team.click("#apply-submit")
    expect(team.locator("#applied-notice")).to_be_visible()
    expect(team.locator("#my-applications")).to_contain_text("Berlin" if lang == "en" else "柏林")
    team_context.close()

    app = world.prelim.applications.get()
    judge_context, judge = login(
        browser, server, locale, world.judges[0].username, f"/competition/rounds/{round_id}/judge/"
    )
    judge.fill(f"#s-{app.pk}-{world.tech.pk}", "8")
    judge.fill(f"#s-{app.pk}-{world.market.pk}", "6.5")
    judge.fill(f"#c-{app.pk}", "Strong team")
    judge.click(f"#save-{app.pk}")
    expect(judge.locator(".notice")).to_be_visible()
    expect(judge.locator(f"#s-{app.pk}-{world.market.pk}")).to_have_value("6.5")
    judge_context.close()

    Round.objects.filter(pk=round_id).update(scoring_deadline=timezone.now() - timedelta(seconds=1))
    org_context, org = login(browser, server, locale, "org", f"/competition/rounds/{round_id}/console/")
    expect(org.locator(f'tr[data-application="{app.pk}"]')).to_contain_text(
        "量子传感器" if lang != "en" else "Quantum sensor"
    )
    org.click("#publish-submit")
    expect(org.locator("#published")).to_have_text(published)
    org.goto(f"/competition/{world.comp.slug}/")
    expect(org.locator(f"#results-{round_id} [data-rank='1']")).to_be_visible()
    org_context.close()
