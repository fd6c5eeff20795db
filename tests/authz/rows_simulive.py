"""Simulive's rows of the authorization table (streams.simulive_api, streams.simulive_protocol;
merged into tests/authz/table.py, whose columns and shorthands these use)."""

from __future__ import annotations

ROUTES: dict[tuple[str, str], str] = {
    # Organizers upload a session's video (an empty body: no file, 400 past the right).
    ("POST", "api/sessions/<session_id>/prerecorded-video"): "401 403 403 403 403 400 403 401",
    ("GET", "api/sessions/<session_id>/prerecorded-video"): "200 200 200 200 200 200 200 200",
}

# The stage's moderators switch video / speaker; the world's stage has no video: invalid_state.
SOCKET: dict[str, str] = {
    "stage.source": "auth_required forbidden forbidden forbidden invalid_state invalid_state forbidden auth_required",
}
