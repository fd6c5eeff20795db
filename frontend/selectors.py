"""Reads for the browser pages."""

from __future__ import annotations

from typing import Any

from live.models import Room
from streams.interpretation import LANGUAGES
from streams.models import Session


def room_title(room: Room) -> str:
    """What a page calls the room: the title of its programme session in the reader's
    language, as the programme shows it (the room's own name is the Chinese one), or the
    room's name for a room without a session."""
    session = Session.objects.filter(room=room).only("title", "title_en").first()
    return session.display_title if session is not None else room.name


def stage_config(room: Room) -> dict[str, Any] | None:
    """The programme session behind a stage room (for the stage player), or None for a room
    without one. The stream state itself comes over the socket (`stage.get`, `stage.state`)."""
    session = (
        Session.objects.filter(room=room)
        .only("title", "title_en", "kind", "starts_at", "ends_at", "prerecorded_video")
        .first()
    )
    if session is None:
        return None
    return {
        "title": session.display_title,
        "kind": session.kind,
        "recruitment": session.kind == Session.Kind.RECRUITMENT_LIVESTREAM,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        # A pre-recorded video plays as live (simulive): its moderators may switch it.
        "simulive": bool(session.prerecorded_video),
        # Interpretation languages by their own names (HLS audio renditions carry only codes).
        "language_names": LANGUAGES,
    }
