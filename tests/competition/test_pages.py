"""The pages in zh and en: the public page with published results, the application form with
its per-field refusals, the judge's page with a conflict, the console's actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from competition.models import Application, ScoreSheet
from tests.competition.conftest import add_team, deck, team_data


@pytest.mark.parametrize(
    ("lang", "apply_label", "incomplete"),
    [("zh-hans", "提交报名", "报名材料不完整"), ("en", "Submit the application", "The application is incomplete")],
)
def test_apply_page_refuses_then_accepts(world, client, django_user_model, lang, apply_label, incomplete):
    client.cookies["django_language"] = lang
    client.force_login(django_user_model.objects.create_user("applicant"))
    url = f"/competition/rounds/{world.prelim.pk}/apply/"
    page = client.get(url)
    assert page.status_code == 200 and apply_label in page.content.decode()
    refused = client.post(url, {**team_data(world.track), "project_name": ""})
    text = refused.content.decode()
    assert refused.status_code == 400 and incomplete in text and 'data-field="pitch_deck"' in text
    assert 'data-field="project_name"' in text
    done = client.post(url, {**team_data(world.track), "pitch_deck": deck()})
    assert done.status_code == 302 and Application.objects.count() == 1


def test_judge_and_console_pages(world, client):
    app = add_team(world, "alice", "Quantum sensor")
    client.cookies["django_language"] = "en"
    client.force_login(world.judges[0])
    url = f"/competition/rounds/{world.prelim.pk}/judge/"
    assert "Save the scores" in client.get(url).content.decode()
    answer = client.post(url, {"application": app.pk, f"score-{world.tech.pk}": "8", f"score-{world.market.pk}": "6.5"})
    assert answer.status_code == 302
    assert ScoreSheet.objects.get(judge=world.judges[0]).scores.count() == 2
    client.post(url, {"application": app.pk, "action": "conflict", "reason": "friend"})
    assert "conflict of interest" in client.get(url).content.decode()
    client.force_login(world.judges[1])
    client.post(url, {"application": app.pk, f"score-{world.tech.pk}": "7", f"score-{world.market.pk}": "7"})
    client.force_login(world.organizer)
    console = f"/competition/rounds/{world.prelim.pk}/console/"
    refused = client.post(console, {"action": "publish"})
    assert refused.status_code == 400 and 'data-code="round_still_scoring"' in refused.content.decode()
    world.prelim.scoring_deadline = timezone.now() - timedelta(seconds=1)
    world.prelim.save()
    assert client.post(console, {"action": "publish"}).status_code == 302
    client.cookies["django_language"] = "zh-hans"
    public = client.get(f"/competition/{world.comp.slug}/").content.decode()
    assert "柏林分站赛" in public and "结果" in public and 'data-rank="1"' in public
