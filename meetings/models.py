"""Scheduled meetings: 1:1 and small groups (at most six people with the organiser), with
up to three proposed slots per round, per-person availability, and a history of changes.

The state machine (meetings.services): a meeting is `proposed` (a round of slots waits for
answers), `confirmed` (someone accepted a slot: `start_at`/`end_at` are set), `declined`
(every invitee declined) or `cancelled` (the organiser cancelled). Proposing other slots or
rescheduling starts a new round (`round`), bumping `sequence` (the .ics SEQUENCE).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_PEOPLE = 6  # the organiser included
MAX_SLOTS = 3  # per proposal round


class Meeting(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(max_length=200)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings_organised")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    start_at = models.DateTimeField(null=True, blank=True)
    end_at = models.DateTimeField(null=True, blank=True)
    # Where it comes from: {kind, id, label_zh, label_en, url} (an application, a posting).
    context = models.JSONField(default=dict, blank=True)
    round = models.PositiveIntegerField(default=1)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "start_at"])]

    def __str__(self) -> str:
        return f"meeting {self.pk}: {self.topic} ({self.status})"

    @property
    def room_slug(self) -> str:
        return f"meeting-{self.pk}"


class Participant(models.Model):
    class Response(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_participations")
    is_organiser = models.BooleanField(default=False)
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_organiser", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_participation_per_meeting")]
        indexes = [models.Index(fields=["user", "response"])]

    def __str__(self) -> str:
        return f"{self.user} in meeting {self.meeting_id} ({self.response})"


class Slot(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="slots")
    round = models.PositiveIntegerField()
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "start_at", "pk"]

    def __str__(self) -> str:
        return f"slot {self.start_at:%Y-%m-%d %H:%M}–{self.end_at:%H:%M} (round {self.round})"


class AvailabilityWindow(models.Model):
    """When a person takes meetings, in their own zone: weekly (`weekday` 0 = Monday) or on
    one `date`. A person with no windows at all takes meetings at any time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    start_time = models.TimeField()
    end_time = models.TimeField()
    timezone = models.CharField(max_length=64)

    class Meta:
        ordering = ["date", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__isnull=True, date__isnull=False)
                | models.Q(weekday__isnull=False, date__isnull=True),
                name="availability_weekly_or_dated",
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")), name="availability_ordered"
            ),
        ]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else f"weekday {self.weekday}"
        return f"{self.user} {when} {self.start_time:%H:%M}–{self.end_time:%H:%M} {self.timezone}"


class Change(models.Model):
    """The meeting's history: who did what, when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} on meeting {self.meeting_id}"
