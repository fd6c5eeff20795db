"""直播带岗's commands on the stage socket (recruitment.live_apply does the work)."""

from __future__ import annotations

from channels.db import database_sync_to_async

from live.errors import LiveError
from live.protocol import ErrorCode
from live.registry import command
from recruitment import live_apply
from recruitment.live_protocol import StageApplyJob, StageJobApplications, StageJobApplicationsAck, StageJobAppliedAck


@command("stage.apply_job", logged_in=True, ack=StageJobAppliedAck)
async def apply_job(conn, frame: StageApplyJob, joined) -> StageJobAppliedAck:
    application = await database_sync_to_async(live_apply.apply_on_stage)(
        conn.user, room_id=joined.room_id, job_id=frame.job_id, note=frame.note
    )
    return StageJobAppliedAck.build(application_id=application.pk, job_id=application.job_id, status=application.status)


def _counts(room_id: int) -> list[dict[str, int]]:
    stage = live_apply.stage_of_room(room_id=room_id)
    return [{"job_id": job_id, "count": count} for job_id, count in live_apply.counts(stage).items()]


@command("stage.job_applications", logged_in=True, ack=StageJobApplicationsAck)
async def job_applications(conn, frame: StageJobApplications, joined) -> StageJobApplicationsAck:
    from streams.stage import can_run_stage

    if not can_run_stage(joined.access.roles):
        raise LiveError(ErrorCode.FORBIDDEN, "Only the stage's moderators and speakers see its applications.")
    return StageJobApplicationsAck.build(counts=await database_sync_to_async(_counts)(joined.room_id))
