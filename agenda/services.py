"""Writes to a person's agenda: bookmarks (each keeps its reminder in step), the reminder
lead time, the calendar feed's secret."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from agenda import reminders
from agenda.models import AgendaSettings, Bookmark, new_feed_token
from streams.models import Session


def settings_for(user) -> AgendaSettings:
    """The person's agenda settings, created with the defaults on first use."""
    settings, _ = AgendaSettings.objects.get_or_create(user=user)
    return settings


@transaction.atomic
def bookmark_session(*, user, session: Session) -> tuple[Bookmark, bool]:
    """Bookmark `session` (again: nothing changes); its reminder is scheduled. Returns the
    bookmark and whether it is new."""
    bookmark, created = Bookmark.objects.get_or_create(user=user, session=session)
    if created:
        reminders.sync_reminder(user, session)
    return bookmark, created


def reminder_due(*, user, session: Session):
    """When the person's reminder of this session is due, or None (off, or already past)."""
    return reminders.due_at(user, session)


@transaction.atomic
def unbookmark_session(*, user, session: Session) -> bool:
    """Remove the bookmark (none: nothing happens); its reminder is cancelled."""
    deleted, _ = Bookmark.objects.filter(user=user, session=session).delete()
    reminders.cancel(user, session.pk)
    return bool(deleted)


@transaction.atomic
def set_reminder_minutes(*, user, minutes: int) -> AgendaSettings:
    """Change how long before a bookmarked session its reminder comes (0: none); the
    person's upcoming reminders move with it."""
    if minutes not in AgendaSettings.Lead.values:
        from django.core.exceptions import ValidationError

        choices = ", ".join(str(v) for v in AgendaSettings.Lead.values)
        raise ValidationError({"reminder_minutes": [f"Choose one of {choices} minutes."]}, code="invalid_choice")
    settings = settings_for(user)
    if settings.reminder_minutes != minutes:
        settings.reminder_minutes = minutes
        settings.save(update_fields=["reminder_minutes"])
        upcoming = Session.objects.filter(bookmarks__user=user, starts_at__gt=timezone.now()).select_related("room")
        for session in upcoming:
            reminders.sync_reminder(user, session, lead_minutes=minutes)
    return settings


@transaction.atomic
def rotate_feed_token(*, user) -> AgendaSettings:
    """A new secret for the person's calendar feed: the old feed URL stops working at once."""
    settings = settings_for(user)
    settings.feed_token = new_feed_token()
    settings.feed_token_created_at = timezone.now()
    settings.save(update_fields=["feed_token", "feed_token_created_at"])
    return settings


def sessions_moved(session_ids: list[int]) -> int:
    """Sessions got new times (or titles): every bookmarker's reminder follows. Returns how
    many reminders were re-synced."""
    leads = dict(
        AgendaSettings.objects.filter(user__session_bookmarks__session_id__in=session_ids).values_list(
            "user_id", "reminder_minutes"
        )
    )
    count = 0
    bookmarks = Bookmark.objects.filter(session_id__in=session_ids).select_related("user", "session__room")
    for bookmark in bookmarks.iterator(chunk_size=500):
        lead = leads.get(bookmark.user_id, AgendaSettings.Lead.FIFTEEN)
        reminders.sync_reminder(bookmark.user, bookmark.session, lead_minutes=lead)
        count += 1
    return count


def erase_user(user) -> None:
    """Delete my account: the person's bookmarks and settings go (reminders with them)."""
    for session_id in Bookmark.objects.filter(user=user).values_list("session_id", flat=True):
        reminders.cancel(user, session_id)
    Bookmark.objects.filter(user=user).delete()
    AgendaSettings.objects.filter(user=user).delete()
