"""Simulive's and the interpreters' rows of the authorization table (streams.simulive_api,
streams.simulive_protocol, streams.interpreter_api; merged into tests/authz/table.py, whose
columns and shorthands these use)."""

from __future__ import annotations

ROUTES: dict[tuple[str, str], str] = {
    # Organizers upload a session's video (an empty body: no file, 400 past the right).
    ("POST", "api/sessions/<session_id>/prerecorded-video"): "401 403 403 403 403 400 403 401",
    ("GET", "api/sessions/<session_id>/prerecorded-video"): "200 200 200 200 200 200 200 200",
    # A session's interpreters: organizers and the event's moderators (the world's moderator
    # moderates its event); an empty body is refused past the right, no entry 404 for them.
    ("GET", "api/sessions/<session_id>/interpreters"): "401 403 403 403 200 200 403 401",
    ("POST", "api/sessions/<session_id>/interpreters"): "401 403 403 403 400 400 403 401",
    ("DELETE", "api/sessions/<session_id>/interpreters/<interpreter_id>"): "401 403 403 403 404 404 403 401",
}

# The stage's moderators switch video / speaker; the world's stage has no video: invalid_state.
SOCKET: dict[str, str] = {
    "stage.source": "auth_required forbidden forbidden forbidden invalid_state invalid_state forbidden auth_required",
}
