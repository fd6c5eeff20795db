"""Rankings per round and track (competition/scoring.py does the arithmetic), the
organizers' advancement of the top teams to the next round, and publishing the results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competition import scoring
from competition.errors import Refused
from competition.judging import conflict_reason, require_organizer
from competition.models import Application, Conflict, Criterion, Round, ScoreSheet, TeamMember, Track


@dataclass(frozen=True)
class Row:
    application: Application
    rank: int | None
    normalised: float | None
    raw_mean: float | None
    top_criterion_mean: float | None
    judges: int
    proposed: bool  # within the round's advance_count for its track
    advanced: bool  # an application in the next round came from it


def counted_sheets(round_: Round, track: Track | None = None) -> list[ScoreSheet]:
    """The complete sheets that count: every criterion scored, no conflict (declared after
    scoring, or an organisation joined since), the team not withdrawn."""
    criteria = list(round_.criteria.all())
    sheets = (
        ScoreSheet.objects.filter(application__round=round_, application__status=Application.Status.SUBMITTED)
        .select_related("application", "judge")
        .prefetch_related("scores", "application__members")
    )
    if track is not None:
        sheets = sheets.filter(application__track=track)
    declared = set(Conflict.objects.filter(application__round=round_).values_list("judge_id", "application_id"))
    out = []
    for sheet in sheets:
        if len({s.criterion_id for s in sheet.scores.all()} & {c.pk for c in criteria}) < len(criteria):
            continue
        if (sheet.judge_id, sheet.application_id) in declared:
            continue
        if conflict_reason(sheet.judge, sheet.application) is not None:
            continue
        out.append(sheet)
    return out


def _specs(round_: Round) -> list[scoring.CriterionSpec]:
    return [scoring.CriterionSpec(c.pk, c.weight, c.max_score) for c in round_.criteria.all()]


def sheet_total(sheet: ScoreSheet, specs: list[scoring.CriterionSpec]) -> float:
    return scoring.weighted_total({s.criterion_id: float(s.value) for s in sheet.scores.all()}, specs)


def top_criterion(round_: Round) -> Criterion | None:
    criteria = list(round_.criteria.all())
    return max(criteria, key=lambda c: (c.weight, -c.position, -c.pk)) if criteria else None


def track_ranking(round_: Round, track: Track) -> list[Row]:
    applications = list(
        Application.objects.filter(round=round_, track=track, status=Application.Status.SUBMITTED).select_related(
            "track", "organisation", "applicant"
        )
    )
    by_id = {a.pk: a for a in applications}
    specs = _specs(round_)
    top = top_criterion(round_)
    totals: dict[int, dict[int, float]] = defaultdict(dict)
    top_values: dict[int, list[float]] = defaultdict(list)
    for sheet in counted_sheets(round_, track):
        if sheet.application_id not in by_id:
            continue
        totals[sheet.judge_id][sheet.application_id] = sheet_total(sheet, specs)
        if top is not None:
            top_values[sheet.application_id] += [float(s.value) for s in sheet.scores.all() if s.criterion_id == top.pk]
    results = scoring.normalise(totals, teams=by_id)
    ranked = scoring.rank(
        results,
        top_criterion_means={k: sum(v) / len(v) for k, v in top_values.items() if v},
        submitted_at={a.pk: a.submitted_at for a in applications},
        ids={a.pk: a.pk for a in applications},
    )
    advanced = set(
        Application.objects.filter(advanced_from__in=applications).values_list("advanced_from_id", flat=True)
    )
    return [
        Row(
            application=by_id[r.team],
            rank=r.rank,
            normalised=r.normalised,
            raw_mean=r.raw_mean,
            top_criterion_mean=r.top_criterion_mean,
            judges=r.judges,
            proposed=r.rank is not None and r.rank <= round_.advance_count,
            advanced=r.team in advanced,
        )
        for r in ranked
    ]


def ranking(round_: Round) -> list[tuple[Track, list[Row]]]:
    tracks = Track.objects.filter(competition_id=round_.competition_id)
    return [(track, track_ranking(round_, track)) for track in tracks]


def _after_deadline(round_: Round) -> None:
    if timezone.now() < round_.scoring_deadline:
        raise Refused(400, "round_still_scoring", _("The round is still being scored: wait for its deadline."))


@transaction.atomic
def confirm_advancement(*, round_: Round, by, application_ids: Iterable[int] | None = None) -> list[Application]:
    """The organizer confirms which teams advance (default: the proposed top teams of each
    track); each gets an application in the next round with the same materials. Confirming
    again adds the teams not advanced yet and never duplicates one."""
    require_organizer(by)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _after_deadline(round_)
    nxt = round_.next_round
    if nxt is None:
        raise Refused(400, "no_next_round", _("This round has no next round."))
    if application_ids is None:
        chosen = [row.application for _track, rows in ranking(round_) for row in rows if row.proposed]
    else:
        ids = list(dict.fromkeys(int(i) for i in application_ids))
        chosen = list(Application.objects.filter(round=round_, pk__in=ids, status=Application.Status.SUBMITTED))
        if len(chosen) != len(ids):
            raise Refused(400, "not_in_round", _("A team named is not an application of this round."))
    created = []
    next_position = (nxt.applications.exclude(pitch_position=None).count()) + 1
    for app in chosen:
        if Application.objects.filter(advanced_from=app).exists():
            continue
        track = Track.objects.filter(competition_id=nxt.competition_id, field=app.track.field).first() or app.track
        copy = Application.objects.create(
            round=nxt,
            track=track,
            applicant=app.applicant,
            organisation=app.organisation,
            project_name=app.project_name,
            project_name_en=app.project_name_en,
            summary=app.summary,
            country=app.country,
            company_stage=app.company_stage,
            founded_year=app.founded_year,
            pitch_deck=app.pitch_deck.name,
            deck_pages=app.deck_pages,
            video_url=app.video_url,
            advanced_from=app,
            pitch_position=next_position,
            submitted_at=app.submitted_at,
        )
        next_position += 1
        TeamMember.objects.bulk_create(
            TeamMember(application=copy, name=m.name, role=m.role, email=m.email, position=m.position)
            for m in app.members.all()
        )
        created.append(copy)
    from competition import notices

    notices.advanced(round_, created)
    return created


@transaction.atomic
def publish_results(*, round_: Round, by) -> Round:
    """Publish the round's results; each team hears its result (competition/notices.py) when
    they are published, not again when an organizer publishes twice."""
    require_organizer(by)
    _after_deadline(round_)
    if round_.results_published_at is None:
        round_.results_published_at = timezone.now()
        round_.save(update_fields=["results_published_at"])
        from competition import notices

        notices.results_published(round_, ranking(round_))
    return round_


def unpublish_results(*, round_: Round, by) -> Round:
    require_organizer(by)
    round_.results_published_at = None
    round_.save(update_fields=["results_published_at"])
    return round_
