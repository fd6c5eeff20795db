"""The normalisation's properties (Hypothesis): a judge's harshness or leniency, as a constant
added to their totals or a positive factor, changes no z-score and so no ranking."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from competition import scoring

TEAMS = [f"t{n}" for n in range(6)]
JUDGES = ["j0", "j1", "j2"]

totals_strategy = st.fixed_dictionaries(
    {j: st.fixed_dictionaries({t: st.integers(0, 100).map(float) for t in TEAMS}) for j in JUDGES}
)


def order(totals) -> list:
    return [r.team for r in scoring.rank(scoring.normalise(totals), ids={t: n for n, t in enumerate(TEAMS)})]


@settings(max_examples=200, deadline=None)
@given(totals=totals_strategy, judge=st.sampled_from(JUDGES), shift=st.integers(-50, 50), factor=st.integers(1, 5))
def test_shifting_or_scaling_one_judge_changes_no_ranking(totals, judge, shift, factor):
    changed = {j: dict(by_team) for j, by_team in totals.items()}
    changed[judge] = {t: v * factor + shift for t, v in totals[judge].items()}
    before = scoring.normalise(totals)
    after = scoring.normalise(changed)
    for team in TEAMS:
        assert abs(before[team].normalised - after[team].normalised) < 1e-9
    assert order(totals) == order(changed)


@given(st.dictionaries(st.sampled_from(TEAMS), st.floats(0, 100), min_size=2))
def test_z_scores_have_mean_zero_and_unit_spread(by_team):
    z = scoring.judge_z_scores(by_team)
    values = list(z.values())
    assert abs(sum(values)) < 1e-6
    if any(v != 0 for v in values):
        assert abs(sum(v * v for v in values) / len(values) - 1) < 1e-6


def test_tie_rules_in_order():
    """Equal normalised scores: the higher raw mean first, then the top criterion, then the
    earlier submission."""
    from datetime import UTC, datetime

    # one judge gives A and B the same total, so their z is equal; C lower
    results = scoring.normalise({"j": {"A": 80.0, "B": 80.0, "C": 20.0}})
    early, late = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)
    ranked = scoring.rank(
        results, top_criterion_means={"A": 7, "B": 9}, submitted_at={"A": early, "B": late, "C": early}
    )
    assert [r.team for r in ranked] == ["B", "A", "C"]
    ranked = scoring.rank(
        results, top_criterion_means={"A": 9, "B": 9}, submitted_at={"A": late, "B": early, "C": early}
    )
    assert [r.team for r in ranked] == ["B", "A", "C"]
    assert [r.rank for r in ranked] == [1, 2, 3]


def test_judge_without_spread_counts_zero_and_unscored_teams_last():
    results = scoring.normalise({"flat": {"A": 50.0, "B": 50.0}, "one": {"A": 90.0}}, teams=["A", "B", "C"])
    assert results["A"].z_by_judge == {"flat": 0.0, "one": 0.0}
    ranked = scoring.rank(results)
    assert [r.team for r in ranked] == ["A", "B", "C"] and ranked[-1].rank is None
