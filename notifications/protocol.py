"""Notification frames of the live-room protocol, in a person's inbox room (notifications/inbox.py).
Registered into live.protocol when the app is ready."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from live.protocol import AckFields, RoomFrame, ServerFrame, register_client_frame, register_server_frame


class NotificationOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int
    kind: str
    title: str = Field(description="Chinese.")
    title_en: str = Field(description="English, or the Chinese one when none is set.")
    body: str
    body_en: str
    url: str
    created_at: str
    read_at: str | None


class NotificationNewEvent(ServerFrame):
    """In the recipient's inbox room: a notification was stored (sequenced)."""

    type: Literal["notification.new"]
    room: str
    seq: int
    notification: NotificationOut
    unread: int = Field(description="The recipient's unread notifications, this one included.")


class NotificationReadEvent(ServerFrame):
    """In the inbox room: notifications were marked read, in any tab or page (sequenced)."""

    type: Literal["notification.read"]
    room: str
    seq: int
    ids: list[int] = Field(description="The notifications now read (empty when `all`).")
    all: bool = Field(description="Every notification up to this moment was marked read.")
    unread: int


class NotificationMarkRead(RoomFrame):
    """In your inbox room: mark one notification read. Ack: `unread`."""

    type: Literal["notification.mark_read"]
    id: Annotated[int, Field(ge=1)]


class NotificationMarkAllRead(RoomFrame):
    """In your inbox room: mark every notification read. Ack: `unread` (0)."""

    type: Literal["notification.mark_all_read"]


class NotificationsMarked(AckFields):
    unread: int = Field(description="Your unread notifications now.")
    changed: int = Field(description="How many were unread and are read now.")


def register() -> None:
    register_server_frame(NotificationNewEvent, sequenced=True)
    register_server_frame(NotificationReadEvent, sequenced=True)
    register_client_frame(NotificationMarkRead)
    register_client_frame(NotificationMarkAllRead)
