"""Structured factors beside text similarity: each is a fit in [0, 1] or None (unknown: the
data is missing on one side, which neither helps nor hurts). They combine with the text score
multiplicatively, so a job about something else never rises on matching city alone, and a
mismatch costs at most its weight: `score = text × Π (1 − weight × (1 − fit))`."""

from __future__ import annotations

from collections.abc import Collection, Mapping

WEIGHTS = {"location": 0.25, "language": 0.3, "education": 0.2, "salary": 0.2}


def location_fit(offered: Collection[str], wanted: Collection[str]) -> float | None:
    """Cities (lexicon keys such as shanghai; "remote" fits anyone)."""
    offered, wanted = set(offered), set(wanted)
    if not offered or not wanted:
        return None
    if offered & wanted or "remote" in offered:
        return 1.0
    return 0.0


def language_fit(required: Collection[str], spoken: Collection[str]) -> float | None:
    """Share of the required languages the person speaks."""
    required = set(required)
    if not required or not spoken:
        return None
    return len(required & set(spoken)) / len(required)


def education_fit(required: int, has: int) -> float | None:
    """Levels (concepts.EDUCATION_LEVELS): 1.0 at or above the requirement, less per level below."""
    if not required or not has:
        return None
    return 1.0 if has >= required else max(0.0, 1.0 - 0.5 * (required - has))


def salary_fit(offered: tuple[int | None, int | None], wanted: tuple[int | None, int | None]) -> float | None:
    """Overlap of two ranges (either end may be open): 1.0 when they overlap, less the further
    the offer's top is below what the person wants at least."""
    o_min, o_max = offered
    w_min, w_max = wanted
    if (o_min is None and o_max is None) or (w_min is None and w_max is None):
        return None
    top = o_max if o_max is not None else o_min
    bottom = w_min if w_min is not None else w_max
    if top is None or bottom is None or top >= bottom:
        return 1.0
    return max(0.0, top / bottom) if bottom > 0 else 1.0


def combine(text: float, fits: Mapping[str, float | None], weights: Mapping[str, float] = WEIGHTS) -> float:
    score = text
    for name, fit in fits.items():
        if fit is not None:
            score *= 1.0 - weights.get(name, 0.0) * (1.0 - fit)
    return score
