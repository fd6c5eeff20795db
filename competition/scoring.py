"""The competition's arithmetic, free of the database (docs/competition.md, "Scoring").

1. A judge's sheet for a team becomes one weighted total on a 0–100 scale:
   total = 100 × Σ(weight × value / max) / Σ weight.
2. Per judge, within one round and track, the totals become z-scores:
   z = (total − the judge's mean) / the judge's standard deviation (population), over the
   teams that judge scored. A judge who scored one team, or gave every team the same total,
   has no spread to measure: their z-scores are 0 (they neither lift nor sink anyone).
3. A team's normalised score is the mean of its z-scores over the judges who scored it.
4. The ranking sorts by (tie rules, in this order): the normalised score, rounded to 6
   decimals, higher first; then the mean raw total, higher first; then the mean raw value of
   the highest-weighted criterion (the first of them by position when several share the
   weight), higher first; then the earlier submission; then the lower application id.
   Teams no judge scored come last, unranked.

Adding a constant to one judge's totals, or multiplying them by a positive factor, changes
no z-score: a harsh or lenient judge does not decide the ranking (tests/competition, the
Hypothesis property test).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

Z_DECIMALS = 6


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: int
    max_score: int


def weighted_total(values: Mapping[int, float], criteria: Iterable[CriterionSpec]) -> float:
    """A sheet's total on 0–100 (every criterion scored: the services refuse partial sheets)."""
    criteria = list(criteria)
    weights = sum(c.weight for c in criteria)
    if not weights:
        return 0.0
    return 100.0 * sum(c.weight * float(values[c.id]) / c.max_score for c in criteria) / weights


def judge_z_scores(totals: Mapping[object, float]) -> dict[object, float]:
    """One judge's totals (team -> total) as z-scores (team -> z); no spread: all 0."""
    n = len(totals)
    if n == 0:
        return {}
    mean = sum(totals.values()) / n
    variance = sum((t - mean) ** 2 for t in totals.values()) / n
    sd = math.sqrt(variance)
    if n < 2 or sd <= 1e-9 * max(1.0, abs(mean)):
        return dict.fromkeys(totals, 0.0)
    return {team: (t - mean) / sd for team, t in totals.items()}


@dataclass
class TeamResult:
    team: object
    z_by_judge: dict[object, float] = field(default_factory=dict)
    total_by_judge: dict[object, float] = field(default_factory=dict)

    @property
    def judges(self) -> int:
        return len(self.total_by_judge)

    @property
    def normalised(self) -> float | None:
        if not self.z_by_judge:
            return None
        return sum(self.z_by_judge.values()) / len(self.z_by_judge)

    @property
    def raw_mean(self) -> float | None:
        if not self.total_by_judge:
            return None
        return sum(self.total_by_judge.values()) / len(self.total_by_judge)


def normalise(
    totals: Mapping[object, Mapping[object, float]], teams: Iterable[object] = ()
) -> dict[object, TeamResult]:
    """`totals` judge -> team -> total; the result team -> TeamResult (every team of `teams`
    too, scored or not)."""
    results: dict[object, TeamResult] = {team: TeamResult(team) for team in teams}
    for judge, by_team in totals.items():
        for team, z in judge_z_scores(by_team).items():
            result = results.setdefault(team, TeamResult(team))
            result.z_by_judge[judge] = z
            result.total_by_judge[judge] = float(by_team[team])
    return results


@dataclass(frozen=True)
class Ranked:
    team: object
    rank: int | None  # None: no judge scored the team
    normalised: float | None
    raw_mean: float | None
    top_criterion_mean: float | None
    judges: int


def rank(
    results: Mapping[object, TeamResult],
    *,
    top_criterion_means: Mapping[object, float] | None = None,
    submitted_at: Mapping[object, datetime] | None = None,
    ids: Mapping[object, int] | None = None,
) -> list[Ranked]:
    """The ordered ranking under the tie rules of the module's docstring."""
    top = top_criterion_means or {}
    submitted = submitted_at or {}
    id_of = ids or {}
    scored = [r for r in results.values() if r.normalised is not None]
    unscored = [r for r in results.values() if r.normalised is None]

    def key(r: TeamResult):
        when = submitted.get(r.team)
        return (
            -round(r.normalised, Z_DECIMALS),
            -round(r.raw_mean, Z_DECIMALS),
            -round(top.get(r.team, 0.0), Z_DECIMALS),
            when.timestamp() if when else math.inf,
            id_of.get(r.team, 0),
        )

    ordered = sorted(scored, key=key)
    out = [
        Ranked(r.team, n, r.normalised, r.raw_mean, top.get(r.team), r.judges) for n, r in enumerate(ordered, start=1)
    ]
    out += [
        Ranked(r.team, None, None, None, None, 0)
        for r in sorted(
            unscored,
            key=lambda r: (submitted.get(r.team).timestamp() if submitted.get(r.team) else 0, id_of.get(r.team, 0)),
        )
    ]
    return out
