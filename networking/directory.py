"""The attendee directory (placeholder until accounts' profiles land)."""

from __future__ import annotations


def search(viewer, **filters):
    return {"results": [], "page": 1, "pages": 1, "count": 0}


def person_card(viewer, user_id: int):
    from live.errors import LiveError

    raise LiveError("not_found", "No such person.")
