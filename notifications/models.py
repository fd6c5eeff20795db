"""A person's notifications, their e-mail choices per kind, and reminders waiting to be sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.i18n import localized


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # A key registered in notifications.kinds.
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    # Where the notification leads (a path on this site, or an absolute URL).
    url = models.CharField(max_length=500, blank=True)
    # What it is about, for the app that sent it (e.g. {"meeting": 12}); shown to no one as is.
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the e-mail went out (the task may run twice: it sends once).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id}: {self.title[:40]}"

    @property
    def localized_title(self) -> str:
        return localized(self.title, self.title_en)

    @property
    def localized_body(self) -> str:
        return localized(self.body, self.body_en)


class EmailPreference(models.Model):
    """A person's choice for one kind; without a row the kind's email_default holds."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)
    email = models.BooleanField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {'e-mail' if self.email else 'no e-mail'}"


class ScheduledReminder(models.Model):
    """A notification to send at `due_at` (the beat task send_due_reminders sends it).

    One per (recipient, key): the sender's key names what it reminds of ("session:12:start"),
    so scheduling again moves it instead of adding a second one."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    due_at = models.DateTimeField()
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    # Set when sent, or when it was found too late to be worth sending (notification stays null).
    sent_at = models.DateTimeField(null=True, blank=True)
    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="one_reminder_per_key")]
        indexes = [models.Index(fields=["due_at"], condition=Q(sent_at__isnull=True), name="reminder_pending")]

    def __str__(self) -> str:
        return f"{self.key} for {self.recipient_id} at {self.due_at:%Y-%m-%d %H:%M}"
