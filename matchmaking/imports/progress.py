"""The import's progress, live: each job has a room (kind `import`, slug `import-<id>`)
that only organizers may join; the running import sends `import.progress` there after
every batch of rows, at once (not on commit: the import's writes commit at its end, the
progress must not wait for them). Ephemeral, not sequenced: a page that joins late reads
the job's state from the API (`GET /api/matchmaking/imports/{id}`) after its join."""

from __future__ import annotations

from typing import Literal

from django.db.models import Q
from pydantic import Field

from live.broadcast import envelope, hub
from live.fanout import encode, room_topic
from live.models import Room
from live.protocol import ServerFrame, register_server_frame
from live.registry import RoomKind

KIND = "import"
SLUG_PREFIX = "import-"


class ImportProgressFrame(ServerFrame):
    """In an import's room (organizers): how far the import of a 征集表 has come."""

    type: Literal["import.progress"]
    room: str
    import_id: int
    status: str = Field(description="queued, running, done, rejected (errors: nothing imported) or failed.")
    processed: int = Field(description="Rows read so far.")
    total: int = Field(description="Rows in the file (from the sheets' dimensions; 0 when unknown).")
    created: int
    updated: int
    skipped: int = Field(description="Rows that changed nothing (already imported as they are).")
    errors: int = Field(description="Rows with errors so far.")


def nobody_moderates(user) -> Q:
    return Q(pk__in=[])


IMPORT_ROOMS = RoomKind(
    KIND,
    "Import progress",
    roles_for=lambda room, user: set(),
    # members_only and not private: organizers (and nobody else) may join.
    members_only=True,
    moderated_rooms=nobody_moderates,
)


def register() -> None:
    from live.registry import register_room_kind

    register_room_kind(IMPORT_ROOMS)
    register_server_frame(ImportProgressFrame, sequenced=False)


def room_slug(job_id: int) -> str:
    return f"{SLUG_PREFIX}{job_id}"


def import_room(job_id: int) -> Room:
    room, _ = Room.objects.get_or_create(
        slug=room_slug(job_id),
        defaults={"kind": KIND, "name": f"import {job_id}", "allow_guests": False, "locked": True},
    )
    return room


def state(job) -> dict:
    return {
        "import_id": job.pk,
        "status": job.status,
        "processed": job.processed_rows,
        "total": job.total_rows,
        "created": job.created_count,
        "updated": job.updated_count,
        "skipped": job.skipped_count,
        "errors": job.error_rows,
    }


def publish(room: Room, job) -> None:
    """Now, from the import's thread or worker (with REDIS_URL, from any process)."""
    frame = ImportProgressFrame.build(room=room.slug, **state(job))
    hub.publish_from_thread(room_topic(room.pk), envelope(encode(frame), room_id=room.pk))
