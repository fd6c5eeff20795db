"""The pin commands on the stage socket (the stage's moderators and speakers)."""

from __future__ import annotations

from channels.db import database_sync_to_async

from live.registry import command
from recruitment import pins
from recruitment.protocol import StageJobsAck, StagePinJob, StageUnpinJob


@command("stage.pin_job", logged_in=True, ack=StageJobsAck)
async def pin_job(conn, frame: StagePinJob, joined) -> StageJobsAck:
    event = await database_sync_to_async(pins.pin_job)(
        room_id=joined.room_id, user=conn.user, roles=joined.access.roles, job_id=frame.job_id
    )
    return StageJobsAck.build(seq=event["seq"], pinned_jobs=event["pinned_jobs"])


@command("stage.unpin_job", logged_in=True, ack=StageJobsAck)
async def unpin_job(conn, frame: StageUnpinJob, joined) -> StageJobsAck:
    event = await database_sync_to_async(pins.unpin_job)(
        room_id=joined.room_id, user=conn.user, roles=joined.access.roles, job_id=frame.job_id
    )
    return StageJobsAck.build(seq=event["seq"], pinned_jobs=event["pinned_jobs"])
