"""What the teams hear (notifications, e-mail in the outbox) when the organizer confirms the
advancement and publishes the results, and the competition in the one search box."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from competition import judging, results
from notifications.models import Notification
from notifications.services import set_email_preference
from search.selectors import search
from tests.competition.conftest import add_team


def _scored_and_closed(world):
    teams = [
        add_team(world, name, project) for name, project in (("alice", "Alpha"), ("bob", "Beta"), ("cat", "Gamma"))
    ]
    for judge, marks in zip(world.judges, ((9, 6, 3), (8, 7, 2), (9, 5, 4)), strict=True):
        for app, mark in zip(teams, marks, strict=True):
            judging.submit_scores(judge=judge, application=app, scores={world.tech.pk: mark, world.market.pk: mark})
    world.prelim.scoring_deadline = timezone.now() - timedelta(seconds=1)
    world.prelim.save()
    return teams


def test_advancing_and_other_teams_are_notified_and_emailed(world, django_capture_on_commit_callbacks):
    *_first_two, gamma = _scored_and_closed(world)
    set_email_preference(gamma.applicant, "competition.results", False)  # gamma wants no e-mail of it
    with django_capture_on_commit_callbacks(execute=True):
        results.confirm_advancement(round_=world.prelim, by=world.organizer)  # advance_count 2: alpha, beta
    advanced = Notification.objects.filter(kind="competition.advanced")
    assert sorted(n.recipient.username for n in advanced) == ["alice", "bob"]
    assert {m.to[0] for m in mail.outbox} == {"alice@example.org", "bob@example.org"}
    assert any("Final in Shenzhen" in m.subject or "深圳总决赛" in m.subject for m in mail.outbox)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        results.publish_results(round_=world.prelim, by=world.organizer)
    told = {n.recipient.username: n for n in Notification.objects.filter(kind="competition.results")}
    assert set(told) == {"alice", "bob", "cat"}
    assert "第1" in told["alice"].body and "已晋级" in told["alice"].body
    assert "ranks 3" in told["cat"].body_en and "does not advance" in told["cat"].body_en
    assert told["cat"].url == f"/competition/{world.comp.slug}/#round-{world.prelim.pk}"
    # e-mail as each chose: gamma's applicant switched this kind's e-mail off
    assert {m.to[0] for m in mail.outbox} == {"alice@example.org", "bob@example.org"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        results.publish_results(round_=world.prelim, by=world.organizer)  # already published: nothing new
    assert Notification.objects.filter(kind="competition.results").count() == 3 and mail.outbox == []


def test_refused_advancement_notifies_nobody(world, django_capture_on_commit_callbacks):
    add_team(world, "alice", "Alpha")
    with django_capture_on_commit_callbacks(execute=True):
        try:
            results.confirm_advancement(round_=world.prelim, by=world.organizer)
        except Exception as refusal:  # still scoring
            assert getattr(refusal, "code", "") == "round_still_scoring"
    assert not Notification.objects.filter(kind__startswith="competition.").exists() and mail.outbox == []


def test_rounds_always_and_teams_once_published_are_found(world, django_user_model):
    reader = django_user_model.objects.create_user("reader")
    found = search("Berlin", reader)
    assert f"/competition/{world.comp.slug}/#round-{world.prelim.pk}" in [h.url for h in found.hits]
    assert any(h.kind == "competition_round" for h in found.hits)
    _scored_and_closed(world)
    assert not [h for h in search("Gamma", reader).hits if h.kind == "competition_team"]  # not published yet
    results.publish_results(round_=world.prelim, by=world.organizer)
    hits = [h for h in search("Gamma", reader).hits if h.kind == "competition_team"]
    assert [h.url for h in hits] == [f"/competition/{world.comp.slug}/#round-{world.prelim.pk}"]
    # the summary is not published: not searchable
    assert not [h for h in search("magnetometer", reader).hits if h.kind == "competition_team"]
    results.unpublish_results(round_=world.prelim, by=world.organizer)
    assert not [h for h in search("Gamma", reader).hits if h.kind == "competition_team"]
