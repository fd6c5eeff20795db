"""Applications to jobs, their status history, employers' invitations to apply (双向选择)
and interviews (scheduled meetings tied to an application, with the interviewer's notes and
score). Writes in recruitment/applications.py and recruitment/interviews.py.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

__all__ = ["Application", "Interview", "Invitation", "StatusChange"]


class Status(models.TextChoices):
    NEW = "new", "New"
    VIEWED = "viewed", "Viewed"
    SHORTLISTED = "shortlisted", "Shortlisted"
    INTERVIEW = "interview", "Interview"
    OFFER = "offer", "Offer"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Application(models.Model):
    job = models.ForeignKey("recruitment.Job", on_delete=models.CASCADE, related_name="applications")
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_applications")
    resume = models.ForeignKey("recruitment.Resume", on_delete=models.PROTECT, related_name="applications")
    note = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    # Where it came from: the candidate's own application, or the answer to an invitation
    # (direct_apply: 直播带岗's one-click apply from a stream, recorded by rec-live).
    source = models.CharField(max_length=20, default="direct", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "candidate"], name="one_application_per_job")]
        indexes = [models.Index(fields=["job", "status"]), models.Index(fields=["candidate", "-created_at"])]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"application {self.pk}: {self.candidate_id} → job {self.job_id} ({self.status})"


class StatusChange(models.Model):
    """The application's history: every move, by whom (None: the system), when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Shown to the candidate? Employers' own notes on a move stay with the employer.
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Invitation(models.Model):
    """An employer asks a candidate from its talent pool to apply to one of its jobs."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    job = models.ForeignKey("recruitment.Job", on_delete=models.CASCADE, related_name="invitations")
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(max_length=1000, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "candidate"], condition=Q(state="pending"), name="one_pending_invitation_per_job"
            )
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation {self.pk}: job {self.job_id} → {self.candidate_id} ({self.state})"


class Interview(models.Model):
    """One interview round of an application: a scheduled meeting (meetings.Meeting, whose
    context points back here) and what the interviewer noted. Employers only see notes
    and score; the candidate sees the meeting."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    meeting = models.OneToOneField(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="interview"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(max_length=5000, blank=True)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="interview_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"interview {self.pk} of application {self.application_id}"
