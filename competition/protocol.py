"""The final's frames on its stage socket (registered from CompetitionConfig.ready;
docs/protocol.md lists them): the pitch on stage now, and the judges' scores once the
organizers release them. Both go to everyone in the stage room, unsequenced (the state is
also in `GET /api/competition/rounds/{round_id}/live`, which a page reads on (re)connecting)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from live.protocol import ServerFrame, register_server_frame
from live.registry import register_error_codes


class PitchOut(ServerFrame):
    application_id: int
    position: int | None
    project: str = Field(description="The project's name (Chinese, else English).")
    project_en: str
    track: str = Field(description="The track's field code (competition.models.Field).")


class CompetitionPitch(ServerFrame):
    """The organizer moved the final's stage to a pitch (`pitch` null: between pitches)."""

    type: Literal["competition.pitch"]
    room: str
    round_id: int
    pitch: PitchOut | None
    started_at: str | None = Field(description="ISO time the pitch started (the page's timer).")
    minutes: int = Field(description="The pitch's slot length.")


class JudgeScoreOut(ServerFrame):
    judge: str = Field(description="The judge's public name.")
    total: float = Field(description="The judge's weighted total, 0–100.")


class TeamScoresOut(ServerFrame):
    application_id: int
    project: str
    project_en: str
    scores: list[JudgeScoreOut]
    mean: float | None
    normalised: float | None = Field(None, description="Mean z-score over its judges (docs/competition.md).")
    rank: int | None = Field(None, description="Its standing in its track by the tie rules; null: unscored.")


class CompetitionScores(ServerFrame):
    """The judges' live scores of the final (only once the organizer released them; then on
    every score saved). `released` false: the board is hidden again."""

    type: Literal["competition.scores"]
    room: str
    round_id: int
    released: bool
    teams: list[TeamScoresOut]


def register() -> None:
    from competition.errors import ERROR_CODES

    register_server_frame(CompetitionPitch, sequenced=False)
    register_server_frame(CompetitionScores, sequenced=False)
    register_error_codes(ERROR_CODES, app="competition")
