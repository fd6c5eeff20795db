"""What an organisation tells the public about itself (introduction, policy releases, news:
its public page) and the organizers' showcase areas (专区展示) grouping postings and
organisations by region, field or partner country."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.i18n import Localized

INTRO_MAX = 10000


class OrganisationProfile(models.Model):
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="matchmaking_profile"
    )
    introduction = models.TextField(max_length=INTRO_MAX, blank=True)
    introduction_en = models.TextField(max_length=INTRO_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of organisation {self.organisation_id}"

    display_introduction = Localized("introduction")


class OrganisationPost(models.Model):
    """A policy release (政策发布) or a news post of an organisation."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy release")
        NEWS = "news", _("News")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="matchmaking_posts"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    body = models.TextField(max_length=INTRO_MAX, blank=True)
    body_en = models.TextField(max_length=INTRO_MAX, blank=True)
    published_at = models.DateTimeField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    display_title = Localized("title")
    display_body = Localized("body")


class ShowcaseArea(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        FIELD = "field", _("Field")
        COUNTRY = "country", _("Partner country")

    slug = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.TextField(max_length=INTRO_MAX, blank=True)
    description_en = models.TextField(max_length=INTRO_MAX, blank=True)
    postings = models.ManyToManyField("matchmaking.Posting", blank=True, related_name="showcase_areas")
    organisations = models.ManyToManyField("accounts.Organisation", blank=True, related_name="showcase_areas")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title

    display_title = Localized("title")
    display_description = Localized("description")
