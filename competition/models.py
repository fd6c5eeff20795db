"""The competition app's models (docs/competition.md).

A Competition has Tracks (the seven fields of the plan) and Rounds: preliminaries per
overseas site (their own schedule, judges and time zone), then the final in Shenzhen. A
team's Application belongs to one round and one track; the teams that advance get a new
Application in the next round (`advanced_from`). Judges are assigned per round and track
(JudgeAssignment), declare conflicts (Conflict), fill one ScoreSheet per team with a Score
per Criterion; every change of a value or a comment leaves a ScoreAudit row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.i18n import localized


class Field(models.TextChoices):
    """The seven fields of the 6th international round (附件5)."""

    ELECTRONIC_INFORMATION = "electronic_information", _("New-generation electronic information")
    DIGITAL_FASHION = "digital_fashion", _("Digital economy and fashion")
    ADVANCED_EQUIPMENT = "advanced_equipment", _("High-end equipment manufacturing")
    GREEN_LOW_CARBON = "green_low_carbon", _("Green and low-carbon")
    NEW_MATERIALS = "new_materials", _("New materials")
    BIOMEDICINE = "biomedicine", _("Biomedicine and health")
    MARINE_ECONOMY = "marine_economy", _("Marine economy")


FIELD_NAMES_ZH = {
    Field.ELECTRONIC_INFORMATION: "新一代电子信息",
    Field.DIGITAL_FASHION: "数字与时尚",
    Field.ADVANCED_EQUIPMENT: "高端装备制造",
    Field.GREEN_LOW_CARBON: "绿色低碳",
    Field.NEW_MATERIALS: "新材料",
    Field.BIOMEDICINE: "生物医药与健康",
    Field.MARINE_ECONOMY: "海洋经济",
}


class CompanyStage(models.TextChoices):
    IDEA = "idea", _("Idea (no company yet)")
    PROTOTYPE = "prototype", _("Prototype")
    STARTUP = "startup", _("Start-up (first customers)")
    GROWTH = "growth", _("Growth (scaling)")


class Competition(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def name_shown(self) -> str:
        return localized(self.name, self.name_en)

    @property
    def description_shown(self) -> str:
        return localized(self.description, self.description_en)


class Track(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="tracks")
    field = models.CharField(max_length=30, choices=Field.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "field"], name="one_track_per_field")]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def name_zh(self) -> str:
        return FIELD_NAMES_ZH.get(self.field, self.field)

    @property
    def name_en(self) -> str:
        with translation.override("en"):
            return str(Field(self.field).label)

    @property
    def name_shown(self) -> str:
        return localized(self.name_zh, self.name_en)


class Round(models.Model):
    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary round")
        FINAL = "final", _("Final")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PRELIMINARY)
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    site = models.CharField(max_length=120, blank=True, help_text="The overseas site (city), or Shenzhen.")
    site_en = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 of the site")
    timezone = models.CharField(max_length=64, default="Asia/Shanghai")
    position = models.PositiveSmallIntegerField(default=0)
    # Applications: a final takes none (its teams advance from the preliminaries).
    applications_open_at = models.DateTimeField(null=True, blank=True)
    applications_close_at = models.DateTimeField(null=True, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True, help_text="The round's pitches / judging day.")
    scoring_deadline = models.DateTimeField()
    next_round = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="feeders")
    advance_count = models.PositiveSmallIntegerField(default=3, help_text="Teams per track that advance.")
    # Eligibility rules (checked on applying; docs/competition.md).
    eligible_countries = models.JSONField(default=list, blank=True, help_text="ISO codes; empty: any country")
    eligible_stages = models.JSONField(default=list, blank=True, help_text="CompanyStage values; empty: any")
    max_company_age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    min_members = models.PositiveSmallIntegerField(default=1)
    max_members = models.PositiveSmallIntegerField(default=10)
    video_required = models.BooleanField(default=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    # The final's livestreamed stage (a programme session with its stage room).
    session = models.OneToOneField(
        "streams.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="competition_round"
    )
    pitch_minutes = models.PositiveSmallIntegerField(default=8)
    current_pitch = models.ForeignKey("Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    current_pitch_started_at = models.DateTimeField(null=True, blank=True)
    live_scores_released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name_shown(self) -> str:
        return localized(self.name, self.name_en)

    @property
    def site_shown(self) -> str:
        return localized(self.site, self.site_en)

    @property
    def is_final(self) -> bool:
        return self.kind == self.Kind.FINAL


class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120, blank=True)
    weight = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(100)])
    max_score = models.PositiveSmallIntegerField(default=10, validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"

    @property
    def name_shown(self) -> str:
        return localized(self.name, self.name_en)


def deck_path(instance: Application, filename: str) -> str:
    return f"competition/decks/{instance.round_id}/{filename}"


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="applications")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project_name = models.CharField(max_length=200)
    project_name_en = models.CharField(max_length=200, blank=True)
    summary = models.TextField()
    country = models.CharField(max_length=2)
    company_stage = models.CharField(max_length=12, choices=CompanyStage.choices)
    founded_year = models.PositiveSmallIntegerField(null=True, blank=True)
    pitch_deck = models.FileField(upload_to=deck_path, max_length=200)
    deck_pages = models.PositiveSmallIntegerField(default=0)
    video_url = models.URLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    advanced_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="advanced_to"
    )
    pitch_position = models.PositiveSmallIntegerField(null=True, blank=True)  # the final's order
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "applicant", "project_name"], name="one_application_per_project")
        ]

    def __str__(self) -> str:
        return self.project_name

    @property
    def project_shown(self) -> str:
        return localized(self.project_name, self.project_name_en)


class TeamMember(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class JudgeAssignment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judges")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="judges")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["round", "track", "judge"], name="one_assignment_per_track")]

    def __str__(self) -> str:
        return f"{self.judge_id} judges {self.track_id} in {self.round_id}"


class Conflict(models.Model):
    """A conflict of interest a judge declared with a team: they never see or score it."""

    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "application"], name="one_conflict_per_team")]

    def __str__(self) -> str:
        return f"{self.judge_id} conflicts with {self.application_id}"


class ScoreSheet(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sheets")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["application", "judge"], name="one_sheet_per_judge")]

    def __str__(self) -> str:
        return f"{self.judge_id} on {self.application_id}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class ScoreAudit(models.Model):
    """Every change of a score or a sheet's comment: who, when, the old and the new value
    (`old` empty on the first entry). Never updated, never deleted with the score."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="score_audit")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    field = models.CharField(max_length=20)  # "score" or "comment"
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.field} {self.old} -> {self.new}"
