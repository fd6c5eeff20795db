"""Publishing rights that end while a stage is on air (live.access rechecks a person's
sockets when their rights change; this is the stage room kind's `on_recheck`).

A speaker whose link to the session or role ended, or an interpreter whose language was
taken from them (streams.interpreter_api, the admin), stops publishing at once: their
publisher is closed, its viewers are told (`publisher_left`; listeners of an interpretation
fall back to the original sound) and they hear `rtc.closed` with reason `rights_ended`.
"""

from __future__ import annotations

import contextlib
from typing import Any

from channels.db import database_sync_to_async

from live.errors import LiveError
from streams import stage
from streams.media import media
from streams.selectors import interpreter_languages
from streams.sfu_cluster import cluster

RIGHTS_ENDED = "rights_ended"


async def publishing_rechecked(conn: Any, joined: Any) -> None:
    mine = media.publishers_of(conn, joined.room_id)
    elsewhere = cluster.remote_publishers(conn, joined.room_id)  # held by the speakers' node
    if not mine and not elsewhere:
        return
    languages: set[str] | None = None
    if elsewhere:
        languages = await database_sync_to_async(interpreter_languages)(joined.room_id, conn.user)
        for publisher_id, peer in elsewhere.items():
            allowed = stage.can_run_stage(joined.access.roles) if peer.language is None else peer.language in languages
            if not allowed:
                with contextlib.suppress(LiveError):  # its node is gone: so is the publisher
                    await cluster.forward(peer, "end", publisher_id=publisher_id, reason=RIGHTS_ENDED)
    for publisher in mine:
        if publisher.language is None:
            allowed = stage.can_run_stage(joined.access.roles)
        else:
            if languages is None:
                languages = await database_sync_to_async(interpreter_languages)(joined.room_id, conn.user)
            allowed = publisher.language in languages
        if not allowed:
            await media.end_publisher(publisher, RIGHTS_ENDED)
