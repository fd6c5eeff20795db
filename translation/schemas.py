"""The shape a JSON API adds for a text shown in the reader's language: an out-schema field
`title_shown: ShownOut` filled from `translation.selectors.for_reader(...)` (or `.as_dict()`)."""

from __future__ import annotations

from ninja import Schema


class ShownOut(Schema):
    text: str
    lang: str
    source: str  # own | machine | original
    original: str
    original_lang: str
    reason: str  # "" | not_configured | unavailable | too_long
    notice: str
