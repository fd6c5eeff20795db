"""Hostile cells never break the row checks: any text in any column gives a clean row or
per-column errors (with both languages), never an exception."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaking.imports.columns import COLUMNS, KIND_COLUMN
from matchmaking.imports.reader import RawRow, SheetHeader
from matchmaking.imports.rows import check_row

KEYS = [c.key for c in (*COLUMNS, KIND_COLUMN)]
HEADER = SheetHeader("CSV", None, KEYS)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), st.text(max_size=300), max_size=len(KEYS)))
def test_any_cells(values):
    clean, errors = check_row(RawRow(HEADER, 2, values), "", dt.date(2026, 12, 1))
    assert (clean is None) == bool(errors)
    for error in errors:
        zh, en = error.texts()
        assert zh and en and (error.column in KEYS or error.column == "")
