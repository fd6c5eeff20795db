"""Simulive's socket command: a moderator switches a stage between its pre-recorded video
and a live speaker (`stage.source`). Registered by the streams app."""

from __future__ import annotations

from typing import Literal

from channels.db import database_sync_to_async
from pydantic import Field

from live.protocol import AckFields, RoomFrame, register_client_frame
from live.registry import command
from streams import simulive_services
from streams.simulive_runtime import runtime


class StageSource(RoomFrame):
    """Moderators of a stage with a pre-recorded video: show the `video` (at its live
    position: the time since it went on air) or a live `speaker` (who publishes as usual;
    the video stops). Ack: `source`, `seconds`, `started_at`. Everyone sees the publishers
    change (`rtc.publishers`)."""

    type: Literal["stage.source"]
    source: Literal["video", "speaker"]


class StageSourceAck(AckFields):
    source: Literal["video", "speaker"]
    video: bool
    seconds: float | None = Field(description="The video's length.")
    started_at: str | None = Field(description="When position 0 of the video was on air (ISO), or null.")


@command("stage.source", logged_in=True, ack=StageSourceAck)
async def set_source(conn, frame: StageSource, joined) -> StageSourceAck:
    info = await database_sync_to_async(simulive_services.switch_source)(
        room_id=joined.room_id, roles=joined.access.roles, source=frame.source
    )
    runtime.ensure_running()
    await runtime.refresh()
    # The video may be played by another process (its lease's holder): it passes now too.
    await runtime.nudge()
    return StageSourceAck.build(
        source=info["source"], video=info["video"], seconds=info["seconds"], started_at=info["started_at"]
    )


def register() -> None:
    register_client_frame(StageSource)
