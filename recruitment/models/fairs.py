"""The five job-fair zones of the plan (附件4), the employers admitted to each, and the city
cards (a city's talent policy, contacts, a video) shown on a zone's page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import Localized


class JobFairZone(models.Model):
    """One 云聘会 zone (外籍人才云聘会, 海归人才云聘会, 精英天下, 智汇全球, 百校千企)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120, blank=True)
    audience = models.CharField(max_length=300, blank=True, help_text="Who the zone is for (Chinese).")
    audience_en = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    # As the plan words it ("5月26日—11月30日，每月一场"), beside the dates it spans.
    schedule = models.CharField(max_length=300, blank=True)
    schedule_en = models.CharField(max_length=300, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # 智汇全球 has boards (展板) of its own: short named sections, zh/en, in order.
    boards = models.JSONField(default=list, blank=True, help_text='[{"title", "title_en", "text", "text_en"}]')
    position = models.PositiveIntegerField(default=0)
    # Policy talks (政策宣讲): programme sessions of the zone, livestreamed on their stages.
    policy_talks = models.ManyToManyField("streams.Session", blank=True, related_name="job_fair_zones")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="zone_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    display_name = Localized("name")
    display_audience = Localized("audience")
    display_description = Localized("description")
    display_schedule = Localized("schedule")


class ZoneEmployer(models.Model):
    """An organisation's place in a zone: it asks to join (applied), an organizer admits or
    refuses it. Only admitted employers are shown and may feature their jobs in the zone."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ADMITTED = "admitted", _("Admitted")
        REFUSED = "refused", _("Refused")

    zone = models.ForeignKey(JobFairZone, on_delete=models.CASCADE, related_name="employers")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="fair_zones")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    note = models.CharField(max_length=500, blank=True, help_text="The employer's words with its request.")
    reason = models.CharField(max_length=500, blank=True, help_text="The organizer's reason for a refusal.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["zone", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["zone", "organisation"], name="one_place_per_zone")]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.zone_id} ({self.status})"


def city_video_path(instance: CityCard, filename: str) -> str:
    import uuid

    return f"recruitment/cities/{instance.zone_id}/{uuid.uuid4().hex}.mp4"


class CityCard(models.Model):
    """城市名片: a city's talent policy, whom to contact, and a video (a URL or an upload)."""

    zone = models.ForeignKey(JobFairZone, on_delete=models.CASCADE, related_name="city_cards")
    city = models.CharField(max_length=80)
    city_en = models.CharField(max_length=80, blank=True)
    policy = models.TextField(blank=True, help_text="The city's talent policy (Chinese).")
    policy_en = models.TextField(blank=True)
    contacts = models.CharField(max_length=500, blank=True, help_text="Office, phone, e-mail, as published.")
    contacts_en = models.CharField(max_length=500, blank=True)
    video_url = models.URLField(blank=True)
    video = models.FileField(upload_to=city_video_path, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["zone", "position", "pk"]

    def __str__(self) -> str:
        return self.city

    display_city = Localized("city")
    display_policy = Localized("policy")
    display_contacts = Localized("contacts")
