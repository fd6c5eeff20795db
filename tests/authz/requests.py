"""Sending one table row's request as one role, with nothing it changes kept afterwards."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction

from tests.authz.routes import url_for
from tests.authz.world import World


def params_for(route: str, world: World) -> dict[str, Any]:
    ids = world.ids
    pk = ids["booth"]
    for marker, key in (
        ("applications/<int:pk>", "application"),
        ("leads/<int:pk>", "lead"),
        ("call-requests/<int:pk>", "call_request"),
    ):
        if marker in route:
            pk = ids[key]
    slug = ids["hall"]
    if route.startswith(("api/rooms/", "rooms/", "console/rooms/")):
        slug = ids["stage_room"]
    elif route.startswith("api/events/"):
        slug = ids["event"]
    params = {
        "pk": pk,
        "slug": slug,
        "org_id": ids["organisation"],
        "zone_id": ids["zone"],
        "session_id": ids["session"],
        "kind": "commentary",
        "item_id": ids["commentary"],
        "name": "none.js" if "lib/" in route else "halls/content/none.mp4",
        "room_slug": ids["stage_room"],
        "run_id": "none",
        "variant": "720p",  # a rendition of a quality ladder (streams.hls_ladder)
        # an organisation's member to change or remove; elsewhere nobody
        "user_id": ids["colleague"] if "/members/<int:user_id>" in route else 2**31 - 1,
        "invitation_id": ids["invitation"],
        "interpreter_id": 2**31 - 1,  # no such entry: past the right, 404
        "token": "not-anyones-feed-token-0123456789",  # no calendar feed, no invitation
        # recruitment: ids naming nothing (past the right, everyone gets 404)
        **dict.fromkeys(("job_id", "place_id", "card_id"), 2**31 - 1),
        "action": "publish",
        "decision": "admit",
    }
    # The newer apps name their own routes' parameters (tests/authz/rows_<app>.py: `params(route, world)`).
    import tests.authz.table  # noqa: F401 - first: it imports the rows modules, which import it
    from tests.authz import (
        rows_activities,
        rows_competition,
        rows_matchmaking,
        rows_recruitment,
        rows_translation,
    )

    for rows in (rows_recruitment, rows_matchmaking, rows_translation, rows_activities, rows_competition):
        if hasattr(rows, "params"):
            params.update(rows.params(route, world))
    return params


def send(world: World, role: str, method: str, route: str, body: dict[str, Any] | None = None) -> int:
    """The status `role` gets for `method route`; the database is as before afterwards."""
    client = world.client(role)
    url = url_for(route, params_for(route, world))
    kwargs: dict[str, Any] = {}
    if method in ("POST", "PUT", "PATCH"):
        kwargs = {"data": json.dumps(body or {}), "content_type": "application/json"}
    with transaction.atomic():
        response = client.generic(method, url, **kwargs)
        transaction.set_rollback(True)
    if getattr(response, "streaming", False):
        # File answers (signed scans, media) hold their file open until read to the end; the
        # test client closes them then, without closing the test's database connection.
        b"".join(response.streaming_content)
    return response.status_code
