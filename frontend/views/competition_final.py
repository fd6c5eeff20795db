"""The final's screen on its stage page (docs/competition.md, "The final's screen"): the stage
room view (frontend/views/rooms.py) asks here whether the room stages a competition final; the
panel itself is frontend/templates/competition/final_screen.html and competition-final.js."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from competition.selectors import final_round_for_room


def final_screen(room: Any) -> dict[str, Any] | None:
    """The screen's config (round, strings), or None when the room stages no final."""
    round_ = final_round_for_room(room)
    if round_ is None:
        return None
    return {
        "round_id": round_.pk,
        "t": {
            "position": _("Pitch %(n)s"),
            "between": _("Between pitches"),
            "over": _("Time is up"),
            "mean": _("Mean"),
            "normalised": _("Normalised"),
            "rank": _("Rank"),
            "unscored": _("not scored yet"),
            "judges": _("Judges' scores"),
        },
    }
