"""A person's own plan of the conference: the sessions they bookmarked, and their agenda
settings (how long before a session the reminder comes, the secret of their calendar feed)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    # 32 random bytes, URL-safe: the feed URL is the only credential a calendar app holds.
    return secrets.token_urlsafe(32)


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_bookmarks")
    session = models.ForeignKey("streams.Session", on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="one_bookmark_per_session")]
        indexes = [models.Index(fields=["session"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.session_id}"


class AgendaSettings(models.Model):
    class Lead(models.IntegerChoices):
        OFF = 0, _("No reminders")
        FIVE = 5, _("5 minutes before")
        TEN = 10, _("10 minutes before")
        FIFTEEN = 15, _("15 minutes before")
        THIRTY = 30, _("30 minutes before")
        HOUR = 60, _("1 hour before")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_settings")
    reminder_minutes = models.PositiveSmallIntegerField(choices=Lead.choices, default=Lead.FIFTEEN)
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    feed_token_created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name_plural = "agenda settings"

    def __str__(self) -> str:
        return f"agenda settings of {self.user_id}"
