"""A bookmarked session's reminder, through the notifications app's one reminder service
(notifications.services.schedule_reminder / cancel_reminder, idempotent on (person, key)).

The reminder is due `AgendaSettings.reminder_minutes` before the session starts (none when
the person turned reminders off, or when that moment has passed); the notifications app
sends it in-app and, by the person's preference for the kind, by e-mail."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from notifications import services as notifications

KIND = "session_reminder"


def reminder_key(session_id: int) -> str:
    return f"session:{session_id}"


def register_kind() -> None:
    from notifications.kinds import register_kind as register

    register(KIND, label_zh="日程提醒（收藏的会议）", label_en="Reminder of a bookmarked session", email_default=True)


def _lead_minutes(user) -> int:
    from agenda.models import AgendaSettings

    value = AgendaSettings.objects.filter(user=user).values_list("reminder_minutes", flat=True).first()
    return AgendaSettings.Lead.FIFTEEN if value is None else value


def due_at(user, session, *, lead_minutes: int | None = None):
    """When the reminder is due, or None: reminders off, or the moment already passed."""
    lead = _lead_minutes(user) if lead_minutes is None else lead_minutes
    due = session.starts_at - timedelta(minutes=lead)
    return due if lead > 0 and due > timezone.now() else None


def sync_reminder(user, session, *, lead_minutes: int | None = None) -> bool:
    """Schedule (or move) the reminder of `session` for `user`, or cancel it when there is
    none to send. True when one is scheduled."""
    lead = _lead_minutes(user) if lead_minutes is None else lead_minutes
    due = due_at(user, session, lead_minutes=lead)
    if due is None:
        notifications.cancel_reminder(user, reminder_key(session.pk))
        return False
    room_url = f"/rooms/{session.room.slug}/" if session.room_id else "/"
    notifications.schedule_reminder(
        user,
        key=reminder_key(session.pk),
        due_at=due,
        kind=KIND,
        title_zh=f"{lead} 分钟后开始：{session.title}",
        title_en=f"Starts in {lead} minutes: {session.title_en or session.title}",
        body_zh=f"您收藏的“{session.title}”将于 {lead} 分钟后开始。",
        body_en=f"“{session.title_en or session.title}”, which you bookmarked, starts in {lead} minutes.",
        url=room_url,
    )
    return True


def cancel(user, session_id: int) -> None:
    notifications.cancel_reminder(user, reminder_key(session_id))
