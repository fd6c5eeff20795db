"""The one way other apps notify people, and schedule reminders.

    from notifications.services import notify, schedule_reminder, cancel_reminder

    notify(invitee, "meeting.request", title_zh="新的会议邀请", title_en="New meeting request",
           url=f"/meetings/{meeting.pk}/", context={"meeting": meeting.pk})

`notify` stores one Notification per recipient, appends `notification.new` to each person's
inbox room in the same transaction (so every open tab hears of it once it is committed, and
an offline tab on resume), and, if that person wants e-mail for the kind, queues the Celery
task `send_notification_email` after commit. docs/notifications.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.text import clean_text
from live.errors import LiveError
from live.protocol import ErrorCode
from live.services.events import append_event
from notifications import kinds
from notifications.inbox import inbox_room
from notifications.models import EmailPreference, Notification, ScheduledReminder
from notifications.selectors import email_wanted, notification_out, unread_count

TITLE_MAX = 300
BODY_MAX = 4000
URL_MAX = 500


def _recipients(recipients) -> list:
    """A user, a user id, or an iterable (a queryset) of either: the active users, once each."""
    User = get_user_model()
    if isinstance(recipients, User | int):
        recipients = [recipients]
    ids: list[int] = []
    for one in recipients:
        pk = one if isinstance(one, int) else one.pk
        if pk not in ids:
            ids.append(pk)
    users = User.objects.in_bulk(ids)
    return [users[pk] for pk in ids if pk in users and users[pk].is_active]


def _texts(title_zh: str, title_en: str, body_zh: str, body_en: str, url: str) -> dict[str, str]:
    title = clean_text(title_zh or "")[:TITLE_MAX]
    if not title:
        raise ValueError("a notification needs a Chinese title (title_zh)")
    return {
        "title": title,
        "title_en": clean_text(title_en or "")[:TITLE_MAX],
        "body": clean_text(body_zh or "")[:BODY_MAX],
        "body_en": clean_text(body_en or "")[:BODY_MAX],
        "url": (url or "")[:URL_MAX],
    }


def notify(
    recipients: Any,
    kind: str,
    *,
    title_zh: str,
    title_en: str = "",
    body_zh: str = "",
    body_en: str = "",
    url: str = "",
    context: dict | None = None,
) -> list[Notification]:
    """Notify each recipient (a user, an id, or an iterable of them; inactive ones skipped).
    Joins the caller's transaction if there is one: nothing is pushed or e-mailed unless it commits."""
    kinds.get_kind(kind)
    texts = _texts(title_zh, title_en, body_zh, body_en, url)
    stored: list[Notification] = []
    for user in _recipients(recipients):
        with transaction.atomic():
            stored.append(_store(user, kind, texts, context or {}))
    return stored


def _store(user, kind: str, texts: dict[str, str], context: dict) -> Notification:
    from notifications.tasks import send_notification_email

    room = inbox_room(user)
    notification = Notification.objects.create(recipient=user, kind=kind, context=context, **texts)
    unread = unread_count(user)
    append_event(
        room, "notification.new", lambda seq: {"notification": notification_out(notification), "unread": unread}
    )
    if user.email and email_wanted(user, kind):
        pk = notification.pk
        transaction.on_commit(lambda: send_notification_email.delay(pk))
    return notification


def _announce_read(user, ids: list[int], everything: bool) -> int:
    unread = unread_count(user)
    append_event(inbox_room(user), "notification.read", lambda seq: {"ids": ids, "all": everything, "unread": unread})
    return unread


def mark_read(user, notification_ids: Iterable[int]) -> tuple[int, int]:
    """Mark some of this person's notifications read (others' ids are ignored); every tab
    hears of it. Returns (changed, unread)."""
    ids = sorted({int(pk) for pk in notification_ids})
    with transaction.atomic():
        pending = Notification.objects.select_for_update().filter(recipient=user, pk__in=ids, read_at__isnull=True)
        changed_ids = list(pending.values_list("pk", flat=True))
        if not changed_ids:
            return 0, unread_count(user)
        Notification.objects.filter(pk__in=changed_ids).update(read_at=timezone.now())
        return len(changed_ids), _announce_read(user, changed_ids, False)


def mark_one_read(user, notification_id: int) -> tuple[int, int]:
    """Mark one of this person's notifications read; NOT_FOUND if it is not theirs."""
    if not Notification.objects.filter(recipient=user, pk=notification_id).exists():
        raise LiveError(ErrorCode.NOT_FOUND, bilingual(_("No such notification.")))
    return mark_read(user, [notification_id])


def mark_all_read(user) -> tuple[int, int]:
    """Mark every notification of this person read. Returns (changed, unread: 0 unless new ones arrived)."""
    with transaction.atomic():
        changed = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
        if not changed:
            return 0, unread_count(user)
        return changed, _announce_read(user, [], True)


def set_email_preference(user, kind: str, email: bool) -> EmailPreference:
    kinds.get_kind(kind)
    preference, _ = EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": bool(email)})
    return preference


# --- Reminders ----------------------------------------------------------------------


def schedule_reminder(
    recipient,
    *,
    key: str,
    due_at: datetime,
    kind: str,
    title_zh: str,
    title_en: str = "",
    body_zh: str = "",
    body_en: str = "",
    url: str = "",
) -> ScheduledReminder:
    """A notification to send at `due_at` (the beat task sends it). Idempotent on
    (recipient, key): scheduling again updates the texts, and a new due_at re-schedules it
    (sent again at the new time even if it went out at the old one)."""
    kinds.get_kind(kind)
    if not key or len(key) > 200:
        raise ValueError("a reminder key is 1 to 200 characters")
    if timezone.is_naive(due_at):
        raise ValueError("due_at must be timezone-aware")
    fields = {"due_at": due_at, "kind": kind, **_texts(title_zh, title_en, body_zh, body_en, url)}
    user_id = recipient if isinstance(recipient, int) else recipient.pk
    for _attempt in range(2):
        try:
            with transaction.atomic():
                reminder = ScheduledReminder.objects.select_for_update().filter(recipient_id=user_id, key=key).first()
                if reminder is None:
                    return ScheduledReminder.objects.create(recipient_id=user_id, key=key, **fields)
                moved = reminder.due_at != due_at
                for name, value in fields.items():
                    setattr(reminder, name, value)
                if moved:
                    reminder.sent_at, reminder.notification = None, None
                reminder.save()
                return reminder
        except IntegrityError:
            continue  # created by someone else meanwhile: update theirs
    raise RuntimeError(f"could not schedule reminder {key!r}")


def cancel_reminder(recipient, key: str) -> bool:
    """Forget a reminder that was not sent yet; True if there was one."""
    user_id = recipient if isinstance(recipient, int) else recipient.pk
    reminders = ScheduledReminder.objects.filter(recipient_id=user_id, key=key)
    pending = reminders.filter(sent_at__isnull=True).exists()
    reminders.delete()  # a sent one too: scheduling the key again starts afresh
    return pending


def send_due_reminders(now: datetime | None = None, limit: int = 500) -> int:
    """Send the reminders whose time has come; returns how many were sent.

    Safe with several workers: each reminder is claimed by a conditional UPDATE (still
    unsent, still due at the time read) in the transaction that sends it, so exactly one
    worker sends it and a reminder moved meanwhile is left for its new time. A reminder
    found more than NOTIFICATIONS["REMINDER_GRACE_SECONDS"] late (workers were down) is
    marked sent without a notification: "starts in 15 minutes" an hour after is noise."""
    now = now or timezone.now()
    grace = timezone.timedelta(seconds=settings.NOTIFICATIONS["REMINDER_GRACE_SECONDS"])
    due = list(
        ScheduledReminder.objects.filter(sent_at__isnull=True, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", "due_at")[:limit]
    )
    sent = 0
    for pk, due_at in due:
        with transaction.atomic():
            claimed = ScheduledReminder.objects.filter(pk=pk, sent_at__isnull=True, due_at=due_at).update(sent_at=now)
            if not claimed:
                continue  # another worker has it, or it was moved or cancelled
            reminder = ScheduledReminder.objects.select_related("recipient").get(pk=pk)
            if due_at < now - grace or not reminder.recipient.is_active or reminder.kind not in kinds.KINDS:
                continue
            texts = {"title": reminder.title, "title_en": reminder.title_en, "body": reminder.body}
            texts |= {"body_en": reminder.body_en, "url": reminder.url}
            notification = _store(reminder.recipient, reminder.kind, texts, {"reminder": reminder.key})
            ScheduledReminder.objects.filter(pk=pk).update(notification=notification)
            sent += 1
    return sent
