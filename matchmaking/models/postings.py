"""Postings (项目需求 / 人才需求 / 人力资源服务): what an organisation offers or looks for.

A posting is written in Chinese and/or English: `title` / `body` hold the text in the
posting's first language (Chinese when both exist), `title_en` / `body_en` the English one,
which may be empty (an English-only posting puts its English text in `title` too, and
`languages == ["en"]` says so). Only `published` + `public` postings reach the public board
and the search; `organizers` visibility is the organizer-only queue of imported rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.i18n import Localized

TITLE_MAX = 200
BODY_MAX = 10000
TERMS_MAX = 2000


class Posting(models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project_cooperation", _("Project cooperation")
        TALENT = "talent_demand", _("Talent demand")
        HR = "hr_services", _("HR services")

    class Subkind(models.TextChoices):
        # Only for project cooperation (services check it).
        NEED = "technology_need", _("Technology need")
        OFFER = "technology_offer", _("Technology offer")
        RESEARCH = "research_cooperation", _("Research cooperation")
        TRANSFER = "technology_transfer", _("Technology transfer")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        ORGANIZERS = "organizers", _("Organizers only")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="postings")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="postings"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    subkind = models.CharField(max_length=24, choices=Subkind.choices, blank=True)
    title = models.CharField(max_length=TITLE_MAX)
    title_en = models.CharField(max_length=TITLE_MAX, blank=True)
    body = models.TextField(max_length=BODY_MAX, blank=True)
    body_en = models.TextField(max_length=BODY_MAX, blank=True)
    fields = models.ManyToManyField("accounts.Interest", blank=True, related_name="postings")
    # ISO 3166-1 alpha-2 ("country/region" as the conference says), then free text below it.
    country = models.CharField(max_length=2, blank=True)
    province = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=100, blank=True)
    budget = models.CharField(max_length=200, blank=True)
    terms = models.TextField(max_length=TERMS_MAX, blank=True)
    terms_en = models.TextField(max_length=TERMS_MAX, blank=True)
    # BCP 47 primary tags the posting can be negotiated in: ["zh", "en"].
    languages = models.JSONField(default=list, blank=True)
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC)
    # The natural key of an imported posting within its organisation (re-imports update it).
    reference = models.CharField(max_length=64, blank=True)
    featured = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], condition=~Q(reference=""), name="one_posting_per_reference"
            ),
            models.CheckConstraint(
                condition=Q(subkind="") | Q(kind="project_cooperation"), name="subkind_only_for_projects"
            ),
        ]
        indexes = [models.Index(fields=["status", "visibility", "kind"], name="posting_board")]

    def __str__(self) -> str:
        return f"{self.title} ({self.kind}, {self.status})"

    display_title = Localized("title")
    display_body = Localized("body")
    display_terms = Localized("terms")

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.visibility == self.Visibility.PUBLIC


class PostingAttachment(models.Model):
    """A file of a posting (a brochure, a specification): sniffed like booth uploads
    (halls/uploads.py), stored under a random name with the extension of what it is."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="matchmaking/postings/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} of posting {self.posting_id}"
