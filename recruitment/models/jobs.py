"""Jobs posted by employers (organisations), their pins on recruitment livestreams, and the
views counted per day. `Job` took over `streams.JobPosting`'s rows and primary keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import Localized


class Education(models.TextChoices):
    """The lowest degree a job asks for, in ascending order (RANK)."""

    ANY = "any", _("Any education")
    VOCATIONAL = "vocational", _("Vocational college (大专)")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


EDUCATION_RANK = {value: rank for rank, value in enumerate(Education.values)}


class Job(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="jobs")
    # Which fair it is shown in (the employer must be admitted there); none: the board only.
    zone = models.ForeignKey(
        "recruitment.JobFairZone", null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    title = models.CharField(max_length=200, blank=True)
    title_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    field = models.ForeignKey(
        "accounts.Interest", null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs_in_field"
    )
    skills = models.ManyToManyField("accounts.Interest", blank=True, related_name="jobs_with_skill")
    city = models.CharField(max_length=120, blank=True)
    city_en = models.CharField(max_length=120, blank=True)
    # CNY per month; either bound may be missing ("面议": both).
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    # As advertised, e.g. "20–35万/年" or "面议".
    salary_text = models.CharField(max_length=80, blank=True)
    education = models.CharField(max_length=12, choices=Education.choices, default=Education.ANY)
    experience_years_min = models.PositiveSmallIntegerField(default=0)
    # Language codes of accounts.countries.LANGUAGES.
    languages = models.JSONField(default=list, blank=True)
    headcount = models.PositiveIntegerField(default=1)
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # An employer's own page for the job (postings moved from streams kept theirs).
    external_url = models.URLField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_max__gte=models.F("salary_min")),
                name="job_salary_range_ordered",
            ),
            models.CheckConstraint(condition=~models.Q(title="", title_en=""), name="job_has_a_title"),
        ]
        indexes = [models.Index(fields=["status", "deadline"]), models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.title or self.title_en

    display_title = Localized("title")
    display_description = Localized("description")
    display_city = Localized("city")

    @property
    def employer_name(self) -> str:
        from accounts.i18n import localized

        return localized(self.organisation.name, self.organisation.name_en)


class PinnedJob(models.Model):
    """A job pinned next to the video of a recruitment livestream (was streams.PinnedJob)."""

    session = models.ForeignKey("streams.Session", on_delete=models.CASCADE, related_name="pinned_jobs")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="pins")
    pinned_at = models.DateTimeField(default=timezone.now)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pinned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "job"], name="one_job_pin_per_session")]

    def __str__(self) -> str:
        return f"{self.job} pinned on {self.session_id}"


class JobViewDay(models.Model):
    """How many times a job's page (or API detail) was opened on a day (UTC)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["job", "day"]
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="one_view_count_per_job_and_day")]

    def __str__(self) -> str:
        return f"{self.job_id} {self.day}: {self.views}"
