"""Filters of the programme added by apps above streams (activities: `subvenue`, `region`).
Streams knows nothing of them: each registered filter names a query parameter of the programme
(the API's `/api/events/{slug}/programme?subvenue=...` and the home page) and turns its value
into a `Q` over sessions; an unknown value is refused by the filter (a LiveError, 400).

    register_session_filter(SessionFilter("region", "Only the sessions of sub-venues of this region.", q))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class SessionFilter:
    name: str  # the query parameter
    description: str
    q: Callable[[str], Q]  # value -> Q over streams.Session (sync: may query); refuses bad values


SESSION_FILTERS: dict[str, SessionFilter] = {}


def register_session_filter(session_filter: SessionFilter) -> None:
    SESSION_FILTERS[session_filter.name] = session_filter


def from_query(params: Mapping[str, str]) -> Q | None:
    """The sessions the query's registered filters keep (None: no filter given)."""
    found: Q | None = None
    for name, session_filter in SESSION_FILTERS.items():
        value = (params.get(name) or "").strip()
        if value:
            q = session_filter.q(value)
            found = q if found is None else found & q
    return found
