"""notifications' part of "download my data" / "delete my account" (accounts.privacy).

The download lists the person's notifications, their per-kind e-mail preferences and the
reminders still due. Deleting the account deletes all three and the events of their inbox
room (each carries a notification's text): notifications are addressed to the person, nobody
else has a claim on them. The inbox room row itself stays (locked, nobody may join it: its
owner's account is deactivated), so a room id other rows may hold never dangles."""

from __future__ import annotations

from typing import Any

from live.models import RoomEvent
from notifications.inbox import inbox_slug
from notifications.models import EmailPreference, Notification, ScheduledReminder


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_notifications(user) -> dict[str, Any]:
    return {
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "title_en": n.title_en,
                "body": n.body,
                "body_en": n.body_en,
                "url": n.url,
                "created_at": _when(n.created_at),
                "read_at": _when(n.read_at),
                "emailed_at": _when(n.emailed_at),
            }
            for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
        "email_preferences": {p.kind: p.email for p in EmailPreference.objects.filter(user=user).order_by("kind")},
        "reminders": [
            {"kind": r.kind, "title": r.title, "title_en": r.title_en, "due_at": _when(r.due_at)}
            for r in ScheduledReminder.objects.filter(recipient=user, sent_at=None).order_by("due_at", "pk")
        ],
    }


def erase_notifications(user) -> None:
    Notification.objects.filter(recipient=user).delete()
    EmailPreference.objects.filter(user=user).delete()
    ScheduledReminder.objects.filter(recipient=user).delete()
    RoomEvent.objects.filter(room__slug=inbox_slug(user.pk), room__kind="inbox").delete()


def register() -> None:
    from accounts.privacy import register_erasure, register_export

    register_export("notifications", export_notifications)
    register_erasure(erase_notifications)
