"""直播带岗 on the stage socket: a viewer applies to a job pinned on a recruitment livestream
without leaving it, and the stage's hosts (its moderators and speakers) hear each
application as it arrives with the job's count. Registered from RecruitmentConfig.ready;
docs/protocol.md lists them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from live.protocol import AckFields, RoomFrame, ServerFrame, register_client_frame, register_server_frame
from live.registry import register_error_codes

NOTE_MAX = 2000


class StageApplyJob(RoomFrame):
    """Logged-in viewers of a recruitment livestream: apply to a job pinned on it with the
    candidate profile and its default résumé (`no_resume` when there is none: the page then
    asks for the minimum and posts it to `POST /api/recruitment/stages/{slug}/jobs/{job_id}/apply`).
    Ack: `application_id`, `job_id`, `status`. The hosts get `stage.job_applied`."""

    type: Literal["stage.apply_job"]
    job_id: Annotated[int, Field(ge=1, le=2**31 - 1)]
    note: Annotated[str, Field(max_length=NOTE_MAX)] = ""


class StageJobApplications(RoomFrame):
    """The stage's hosts (moderators, speakers): how many applications each pinned job got
    from this stage so far. Ack: `counts`."""

    type: Literal["stage.job_applications"]


class JobCount(ServerFrame):
    job_id: int
    count: int = Field(description="Applications to the job made from this stage (withdrawn ones left out).")


class StageJobAppliedAck(AckFields):
    application_id: int
    job_id: int
    status: str = Field(description="The application's status (`new`).")


class StageJobApplicationsAck(AckFields):
    counts: list[JobCount]


class StageJobApplied(ServerFrame):
    """To the stage's moderators and speakers only: someone applied to a pinned job from
    this stage; `count` is the job's count from this stage now (not sequenced)."""

    type: Literal["stage.job_applied"]
    room: str
    job_id: int
    count: int
    total: int = Field(description="Applications from this stage to all its jobs.")


ERROR_CODES = {
    "no_resume": "Applying needs a résumé: the person has none yet (the page asks for the minimum).",
    "application_duplicate": "The person has already applied to this job.",
    "job_closed": "The job no longer takes applications.",
    "job_deadline_passed": "The job's deadline for applications has passed.",
    "own_job": "Staff of an organisation cannot apply to its own jobs.",
}


def register() -> None:
    register_client_frame(StageApplyJob)
    register_client_frame(StageJobApplications)
    register_server_frame(StageJobApplied, sequenced=False)
    register_error_codes(ERROR_CODES, app="recruitment")
