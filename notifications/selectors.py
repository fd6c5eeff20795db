"""Reads: a person's notifications, their unread count, their e-mail choices."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from notifications import kinds
from notifications.models import EmailPreference, Notification


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    rows = Notification.objects.filter(recipient=user)
    return rows.filter(read_at__isnull=True) if unread_only else rows


def notification_out(notification: Notification) -> dict[str, Any]:
    """A notification as the socket and the JSON API give it."""
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "title_en": notification.title_en or notification.title,
        "body": notification.body,
        "body_en": notification.body_en or notification.body,
        "url": notification.url,
        "created_at": notification.created_at.isoformat(),
        "read_at": notification.read_at.isoformat() if notification.read_at else None,
    }


def email_preferences(user) -> dict[str, bool]:
    """kind -> whether this person gets it by e-mail, for every registered kind."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind.key: chosen.get(kind.key, kind.email_default) for kind in kinds.all_kinds()}


def email_wanted(user, kind: str) -> bool:
    chosen = EmailPreference.objects.filter(user=user, kind=kind).values_list("email", flat=True).first()
    if chosen is not None:
        return chosen
    registered = kinds.KINDS.get(kind)
    return bool(registered and registered.email_default)
