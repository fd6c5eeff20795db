"""Applications, judging, ranking, advancement and the final, at the service level."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership
from competition import applications, final, judging, results
from competition.errors import Refused
from competition.models import Application, ScoreAudit
from tests import media
from tests.competition.conftest import add_team, deck, team_data


def _refusal(call) -> Refused:
    with pytest.raises(Refused) as caught:
        call()
    return caught.value


def test_application_stored_with_members_and_deck(world, django_user_model):
    app = add_team(world, "alice", "Quantum sensor")
    assert app.deck_pages == 1 and app.pitch_deck.name.endswith(".pdf")
    assert [m.name for m in app.members.all()] == ["Anna Schmidt", "Ben Li"]
    assert app.members.first().email == "anna@example.org"


def test_incomplete_application_names_every_missing_field(world, django_user_model):
    user = django_user_model.objects.create_user("bob")
    data = team_data(world.track, project_name="", summary="  ", video_url="", members="")
    refusal = _refusal(lambda: applications.apply(round_=world.prelim, user=user, data=data, pitch_deck=None))
    assert refusal.code == "application_incomplete" and refusal.status == 400
    assert set(refusal.fields) == {"project_name", "summary", "video_url", "members", "pitch_deck"}
    assert not Application.objects.exists()


def test_eligibility_rules_per_field(world, django_user_model):
    user = django_user_model.objects.create_user("bob")
    data = team_data(world.track, country="US", founded_year="1990", video_url="not a url")
    refusal = _refusal(lambda: applications.apply(round_=world.prelim, user=user, data=data, pitch_deck=deck()))
    assert refusal.code == "not_eligible"
    assert set(refusal.fields) == {"country", "founded_year", "video_url"}
    too_many = "\n".join(f"Member {n}" for n in range(6))
    refusal = _refusal(
        lambda: applications.apply(
            round_=world.prelim, user=user, data=team_data(world.track, members=too_many), pitch_deck=deck()
        )
    )
    assert set(refusal.fields) == {"members"}


def test_deck_checked_by_content(world, django_user_model):
    user = django_user_model.objects.create_user("bob")
    fake = SimpleUploadedFile("deck.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    refusal = _refusal(
        lambda: applications.apply(round_=world.prelim, user=user, data=team_data(world.track), pitch_deck=fake)
    )
    assert refusal.code == "bad_type" and "pitch_deck" in refusal.fields
    script = SimpleUploadedFile("deck.pdf", media.pdf_with_script())
    refusal = _refusal(
        lambda: applications.apply(round_=world.prelim, user=user, data=team_data(world.track), pitch_deck=script)
    )
    assert refusal.code == "pdf_script"
    assert not Application.objects.exists()


def test_deck_size_limit(world, django_user_model, settings):
    settings.COMPETITION_MAX_DECK_BYTES = 100
    user = django_user_model.objects.create_user("bob")
    refusal = _refusal(
        lambda: applications.apply(round_=world.prelim, user=user, data=team_data(world.track), pitch_deck=deck())
    )
    assert refusal.code == "too_large"


def test_closed_round_and_final_take_no_applications(world, django_user_model):
    user = django_user_model.objects.create_user("bob")
    world.prelim.applications_close_at = timezone.now() - timedelta(minutes=1)
    world.prelim.save()
    for round_ in (world.prelim, world.final):
        refusal = _refusal(
            lambda r=round_: applications.apply(round_=r, user=user, data=team_data(world.track), pitch_deck=deck())
        )
        assert refusal.code == "applications_closed"


def test_duplicate_application_refused(world):
    app = add_team(world, "alice", "Quantum sensor")
    refusal = _refusal(
        lambda: applications.apply(
            round_=world.prelim,
            user=app.applicant,
            data=team_data(world.track, project_name="Quantum sensor"),
            pitch_deck=deck(),
        )
    )
    assert refusal.code == "team_already_applied" and refusal.status == 409


def _score(world, judge, app, tech, market, comment="", now=None):
    return judging.submit_scores(
        judge=judge, application=app, scores={world.tech.pk: tech, world.market.pk: market}, comment=comment, now=now
    )


def test_judge_of_own_organisation_refused(world):
    org = Organisation.objects.create(name="柏林量子公司")
    app = add_team(world, "alice", "Quantum sensor", organisation=org)
    judge = world.judges[0]
    OrganisationMembership.objects.create(organisation=org, user=judge)
    refusal = _refusal(lambda: _score(world, judge, app, 8, 7))
    assert (refusal.code, refusal.status) == ("judge_conflict", 403)
    assert not app.sheets.exists()


def test_declared_conflict_refused_and_sheet_no_longer_counts(world):
    app = add_team(world, "alice", "Quantum sensor")
    other = add_team(world, "carol", "Ocean drone")
    judge = world.judges[1]
    _score(world, judge, app, 9, 9)
    _score(world, judge, other, 5, 5)
    judging.declare_conflict(judge=judge, application=app, reason="former colleague")
    assert _refusal(lambda: _score(world, judge, app, 1, 1)).code == "judge_conflict"
    counted = {(s.judge_id, s.application_id) for s in results.counted_sheets(world.prelim)}
    assert (judge.pk, app.pk) not in counted and (judge.pk, other.pk) in counted


def test_judge_of_other_track_refused(world, django_user_model):
    app = add_team(world, "alice", "Quantum sensor")
    outsider = django_user_model.objects.create_user("outsider")
    assert _refusal(lambda: _score(world, outsider, app, 5, 5)).code == "not_a_judge"


def test_late_score_refused(world):
    app = add_team(world, "alice", "Quantum sensor")
    late = world.prelim.scoring_deadline + timedelta(seconds=1)
    refusal = _refusal(lambda: _score(world, world.judges[0], app, 5, 5, now=late))
    assert refusal.code == "score_late"
    assert not app.sheets.exists()


def test_incomplete_or_out_of_range_sheet_refused(world):
    app = add_team(world, "alice", "Quantum sensor")
    refusal = _refusal(lambda: judging.submit_scores(judge=world.judges[0], application=app, scores={world.tech.pk: 5}))
    assert refusal.code == "score_incomplete" and f"scores.{world.market.pk}" in refusal.fields
    refusal = _refusal(lambda: _score(world, world.judges[0], app, 11, "nan"))
    assert set(refusal.fields) == {f"scores.{world.tech.pk}", f"scores.{world.market.pk}"}


def test_every_change_audited(world):
    app = add_team(world, "alice", "Quantum sensor")
    judge = world.judges[0]
    _score(world, judge, app, 6, 7, comment="good")
    _score(world, judge, app, 8, 7, comment="good")  # one value changed
    _score(world, judge, app, 8, 7, comment="very good")
    rows = list(ScoreAudit.objects.filter(application=app).values_list("field", "criterion_id", "old", "new"))
    assert rows == [
        ("score", world.tech.pk, "", "6.0"),
        ("score", world.market.pk, "", "7.0"),
        ("comment", None, "", "good"),
        ("score", world.tech.pk, "6.0", "8.0"),
        ("comment", None, "good", "very good"),
    ]
    assert set(ScoreAudit.objects.values_list("changed_by", flat=True)) == {judge.pk}


def _scored_round(world):
    a = add_team(world, "alice", "A")
    b = add_team(world, "bob", "B")
    c = add_team(world, "carol", "C")
    j0, j1, j2 = world.judges
    # j0 is harsh, j1 lenient, j2 in between: the same order from all three.
    for judge, marks in ((j0, (3, 2, 1)), (j1, (10, 9.5, 9)), (j2, (7, 6, 4))):
        for app, mark in zip((a, b, c), marks, strict=True):
            _score(world, judge, app, mark, mark)
    return a, b, c


def test_ranking_orders_by_normalised_score(world):
    a, b, c = _scored_round(world)
    rows = results.track_ranking(world.prelim, world.track)
    assert [(r.application, r.rank) for r in rows] == [(a, 1), (b, 2), (c, 3)]
    assert [r.proposed for r in rows] == [True, True, False]  # advance_count 2
    assert rows[0].judges == 3 and rows[0].normalised > 0 > rows[2].normalised


def test_harsh_judge_does_not_decide(world):
    """Raw means would put B first (a lenient judge loved B); per-judge z-scores do not."""
    a = add_team(world, "alice", "A")
    b = add_team(world, "bob", "B")
    j0, j1, j2 = world.judges
    for judge, (ma, mb) in ((j0, (6, 5)), (j1, (6, 5)), (j2, (2, 10))):
        _score(world, judge, a, ma, ma)
        _score(world, judge, b, mb, mb)
    rows = results.track_ranking(world.prelim, world.track)
    assert rows[0].application == a
    assert rows[1].raw_mean > rows[0].raw_mean


def test_advancement_waits_for_deadline_then_copies_top_teams(world):
    a, b, c = _scored_round(world)
    assert (
        _refusal(lambda: results.confirm_advancement(round_=world.prelim, by=world.organizer)).code
        == "round_still_scoring"
    )
    world.prelim.scoring_deadline = timezone.now() - timedelta(minutes=1)
    world.prelim.save()
    assert _refusal(lambda: results.confirm_advancement(round_=world.prelim, by=world.judges[0])).code == "forbidden"
    created = results.confirm_advancement(round_=world.prelim, by=world.organizer)
    assert [x.advanced_from for x in created] == [a, b]
    assert [x.pitch_position for x in created] == [1, 2]
    assert created[0].members.count() == 2 and created[0].round == world.final
    assert (
        results.confirm_advancement(round_=world.prelim, by=world.organizer, application_ids=[a.pk, c.pk])[
            0
        ].advanced_from
        == c
    )
    rows = results.track_ranking(world.prelim, world.track)
    assert all(r.advanced for r in rows)


def test_publish_waits_for_deadline(world):
    assert (
        _refusal(lambda: results.publish_results(round_=world.prelim, by=world.organizer)).code == "round_still_scoring"
    )
    world.prelim.scoring_deadline = timezone.now() - timedelta(minutes=1)
    world.prelim.save()
    assert results.publish_results(round_=world.prelim, by=world.organizer).results_published_at is not None


def test_final_stage_pitches_and_live_scores(world, django_capture_on_commit_callbacks):
    from streams.services import create_event

    a, _b, _c = _scored_round(world)
    world.prelim.scoring_deadline = timezone.now() - timedelta(minutes=1)
    world.prelim.save()
    finalists = results.confirm_advancement(round_=world.prelim, by=world.organizer)
    now = timezone.now()
    event = create_event(name="大会", slug="conf", starts_at=now, ends_at=now + timedelta(days=1))
    session = final.create_final_stage(round_=world.final, event=event, starts_at=now)
    assert session.room.kind == "stage" and world.final.session == session
    assert (
        _refusal(lambda: final.set_pitch(round_=world.final, by=world.organizer, application_id=a.pk)).code
        == "not_in_round"
    )
    final.set_pitch(round_=world.final, by=world.organizer, application_id=finalists[0].pk)
    frame = final.pitch_frame(world.final.__class__.objects.get(pk=world.final.pk))
    assert frame.pitch.application_id == finalists[0].pk and frame.started_at
    overall = world.final.criteria.get()
    judging.assign_judge(round_=world.final, track=world.track, judge_id=world.judges[0].pk, by=world.organizer)
    judging.submit_scores(judge=world.judges[0], application=finalists[0], scores={overall.pk: 8})
    hidden = final.scores_frame(world.final)
    assert hidden.released is False and hidden.teams == []
    final.release_live_scores(round_=world.final, by=world.organizer, released=True)
    shown = final.scores_frame(world.final.__class__.objects.get(pk=world.final.pk))
    assert shown.released and shown.teams[0].scores[0].total == 80.0 and shown.teams[1].scores == []
