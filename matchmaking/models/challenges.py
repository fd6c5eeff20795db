"""张榜 / 揭榜 (docs/matchmaking.md, "The challenge board"): organizers feature a posting on
the public challenge board; other organisations take it up with a proposal; the poster
reviews, shortlists and chooses. Imported from matchmaking/models.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class Challenge(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UNDER_REVIEW = "under_review", _("Under review")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    posting = models.OneToOneField("matchmaking.Posting", on_delete=models.CASCADE, related_name="challenge")
    deadline = models.DateTimeField()
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"challenge {self.pk} of posting {self.posting_id} ({self.status})"


class Proposal(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        CHOSEN = "chosen", _("Chosen")
        DECLINED = "declined", _("Declined")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="proposals")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    team = models.TextField(blank=True)
    timeline = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    conversation = models.ForeignKey(
        "matchmaking.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "organisation"], name="one_proposal_per_organisation")
        ]

    def __str__(self) -> str:
        return f"proposal {self.pk} by org {self.organisation_id} ({self.status})"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="matchmaking/proposals/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.name} of proposal {self.proposal_id}"
