"""Celery tasks (config/celery.py): notification e-mails, and the beat task that sends
due reminders (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from notifications.selectors import email_wanted

logger = logging.getLogger(__name__)


def absolute_url(url: str) -> str:
    if not url or "://" in url:
        return url
    return settings.NOTIFICATIONS["SITE_URL"].rstrip("/") + "/" + url.lstrip("/")


def email_text(notification: Notification) -> tuple[str, str]:
    """Subject and body in both languages: the recipient's language is not known here."""
    subject = notification.title
    if notification.title_en and notification.title_en != notification.title:
        subject = f"{notification.title} / {notification.title_en}"
    parts = [notification.title, notification.body]
    if notification.title_en or notification.body_en:
        parts += ["", notification.title_en or notification.title, notification.body_en or notification.body]
    link = absolute_url(notification.url)
    if link:
        parts += ["", link]
    preferences = absolute_url("/notifications/preferences/")
    parts += ["", f"邮件通知设置 / E-mail preferences: {preferences}"]
    return subject.replace("\n", " ")[:200], "\n".join(p for p in parts if p is not None).strip() + "\n"


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification, once: the row is claimed (emailed_at) in the transaction
    that sends, so a task delivered twice sends once; a failed send rolls the claim back
    and is retried. The preference is read again here: switched off meanwhile, not sent."""
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return False
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        user = notification.recipient
        if not (user.is_active and user.email and email_wanted(user, notification.kind)):
            return False
        subject, body = email_text(notification)
        send_mail(subject, body, None, [user.email])
    return True


@shared_task
def send_due_reminders() -> int:
    from notifications.services import send_due_reminders as send

    sent = send()
    if sent:
        logger.info("sent %s due reminders", sent)
    return sent
