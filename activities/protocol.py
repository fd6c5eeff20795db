"""The roadshow's frames on the stage socket (docs/activities.md, docs/protocol.md): the
moderator moves the stage to a pitch (`roadshow.go`), everyone gets the sequenced
`roadshow.pitch` with the pitch now on the stage (latecomers find it in `stage.get` and the REST
stage state, through streams.pins), viewers say they saw it (`roadshow.seen`, for the report)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from live.protocol import AckFields, RoomFrame, ServerFrame, register_client_frame, register_server_frame


class RoadshowGo(RoomFrame):
    """The stage's moderators and speakers: put this pitch on the stage (its timer starts).
    Ack: `seq`, `roadshow_pitch`. Everyone gets `roadshow.pitch`."""

    type: Literal["roadshow.go"]
    pitch_id: Annotated[int, Field(ge=1)]


class RoadshowSeen(RoomFrame):
    """A logged-in viewer saw the pitch now on the stage (counted once per person and pitch)."""

    type: Literal["roadshow.seen"]
    pitch_id: Annotated[int, Field(ge=1)]


class RoadshowPitchOut(ServerFrame):
    id: int
    position: int = Field(description="1 for the first pitch of the roadshow.")
    count: int = Field(description="How many pitches the roadshow has.")
    title: str
    title_en: str
    presenter_id: int
    presenter: str = Field(description="The presenter's public name.")
    organisation: str
    slides_url: str = Field(description="The uploaded slides (a PDF served by the site), else the slides' link.")
    video_url: str = Field(description="The uploaded video (served with range requests), else the video's link.")
    slides_uploaded: bool = Field(False, description="True when slides_url is the uploaded PDF.")
    video_uploaded: bool = Field(False, description="True when video_url is the uploaded video (play it inline).")
    video_type: str = Field("", description="The uploaded video's type (video/mp4, video/webm); empty otherwise.")
    minutes: int = Field(description="The pitch's time on the stage (the timer counts it down).")
    started_at: str = Field(description="When the moderator put it on the stage (ISO 8601).")


class RoadshowPitchEvent(ServerFrame):
    """The pitch on the roadshow's stage changed (sequenced): a list of one, or none at the end."""

    type: Literal["roadshow.pitch"]
    room: str
    seq: int
    roadshow_pitch: list[RoadshowPitchOut]


class RoadshowPitchAck(AckFields):
    seq: int
    roadshow_pitch: list[RoadshowPitchOut]


class RoadshowSeenAck(AckFields):
    counted: bool = Field(description="False when this person was counted already.")


def register() -> None:
    register_client_frame(RoadshowGo)
    register_client_frame(RoadshowSeen)
    register_server_frame(RoadshowPitchEvent, sequenced=True)
