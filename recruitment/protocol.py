"""Recruitment's frames on the stage socket: jobs pinned next to the video of a recruitment
livestream (streams.pins carries the list in the stage state; the commands and the event are
recruitment's). Registered from RecruitmentConfig.ready; docs/protocol.md lists them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from live.protocol import AckFields, RoomFrame, ServerFrame, register_client_frame, register_server_frame


class StagePinJob(RoomFrame):
    """Moderators and speakers of a recruitment livestream: pin a published job next to the
    video. Ack: `seq`, `pinned_jobs`. Everyone gets `stage.jobs`."""

    type: Literal["stage.pin_job"]
    job_id: Annotated[int, Field(ge=1)]


class StageUnpinJob(RoomFrame):
    """Unpin a job (same people as `stage.pin_job`). Ack: `seq`, `pinned_jobs`."""

    type: Literal["stage.unpin_job"]
    job_id: Annotated[int, Field(ge=1)]


class PinnedJobOut(ServerFrame):
    id: int
    title: str
    title_en: str
    employer: str = Field(description="The employing organisation's name.")
    employer_en: str
    location: str
    salary: str = Field(description="As advertised (e.g. 20–35万/年, 面议).")
    url: str = Field(description="Where to apply: the employer's own page, else the job's page here.")
    page: str = Field(description="The job's page on this site (/jobs/<id>/).")


class StageJobsEvent(ServerFrame):
    """The stage's pinned jobs changed: the whole list, in pinning order (sequenced)."""

    type: Literal["stage.jobs"]
    room: str
    seq: int
    pinned_jobs: list[PinnedJobOut]


class StageJobsAck(AckFields):
    seq: int
    pinned_jobs: list[PinnedJobOut]


def register() -> None:
    register_client_frame(StagePinJob)
    register_client_frame(StageUnpinJob)
    register_server_frame(StageJobsEvent, sequenced=True)
