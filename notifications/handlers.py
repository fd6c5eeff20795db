"""Socket commands in a person's inbox room: mark one or every notification read."""

from __future__ import annotations

from channels.db import database_sync_to_async
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from live.errors import LiveError
from live.protocol import ErrorCode
from live.registry import command
from notifications import services
from notifications.inbox import KIND
from notifications.protocol import NotificationMarkAllRead, NotificationMarkRead, NotificationsMarked


def _in_inbox(joined) -> None:
    # Only the owner can have joined an inbox (notifications/inbox.py admits).
    if joined.kind != KIND:
        raise LiveError(ErrorCode.FORBIDDEN, bilingual(_("Notifications are marked read in your inbox room.")))


@command("notification.mark_read", logged_in=True, ack=NotificationsMarked)
async def mark_read(conn, frame: NotificationMarkRead, joined) -> NotificationsMarked:
    _in_inbox(joined)
    changed, unread = await database_sync_to_async(services.mark_one_read)(conn.user, frame.id)
    return NotificationsMarked.build(unread=unread, changed=changed)


@command("notification.mark_all_read", logged_in=True, ack=NotificationsMarked)
async def mark_all_read(conn, frame: NotificationMarkAllRead, joined) -> NotificationsMarked:
    _in_inbox(joined)
    changed, unread = await database_sync_to_async(services.mark_all_read)(conn.user)
    return NotificationsMarked.build(unread=unread, changed=changed)
