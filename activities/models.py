"""The activities app's models (docs/activities.md): partner sub-venues with their staff and
sessions, project roadshows with their pitches, expert consultation cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import Localized
from activities.storage import private_storage


class SubVenue(models.Model):
    """A sub-venue (分会场) of a conference, run by a partner organisation."""

    event = models.ForeignKey("streams.Event", on_delete=models.CASCADE, related_name="subvenues")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="subvenues")
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    # The province or city it serves, as a short key ("guangdong") with its labels.
    region = models.SlugField(max_length=60)
    region_name = models.CharField(max_length=100)
    region_name_en = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    display_name = Localized("name")
    display_description = Localized("description")
    display_region = Localized("region_name")


class SubVenueStaff(models.Model):
    """A person who runs a sub-venue: organizers edit its programme and staff, moderators (and
    organizers) run its sessions' stages. Nothing beyond the sub-venue."""

    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("Organizer")
        MODERATOR = "moderator", _("Moderator")

    subvenue = models.ForeignKey(SubVenue, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subvenue_roles")
    role = models.CharField(max_length=12, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subvenue", "user"], name="one_role_per_subvenue")]

    def __str__(self) -> str:
        return f"{self.user} {self.role} of {self.subvenue}"


class SubVenueSession(models.Model):
    """A programme session (streams.Session, with its stage) of a sub-venue."""

    subvenue = models.ForeignKey(SubVenue, on_delete=models.CASCADE, related_name="session_links")
    session = models.OneToOneField("streams.Session", on_delete=models.CASCADE, related_name="subvenue_link")

    def __str__(self) -> str:
        return f"{self.session} at {self.subvenue}"


class Roadshow(models.Model):
    """A project roadshow (项目推介会): a session whose stage goes from pitch to pitch."""

    session = models.OneToOneField("streams.Session", on_delete=models.CASCADE, related_name="roadshow")
    current_pitch = models.ForeignKey("Pitch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pitch_started_at = models.DateTimeField(null=True, blank=True)
    finished = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"roadshow of {self.session}"


class Pitch(models.Model):
    """One project presented in a roadshow, in order."""

    roadshow = models.ForeignKey(Roadshow, on_delete=models.CASCADE, related_name="pitches")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    presenter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pitches")
    # What is pitched: a matchmaking posting, else an organisation's project (the title).
    posting = models.ForeignKey(
        "matchmaking.Posting", null=True, blank=True, on_delete=models.SET_NULL, related_name="pitches"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="pitches"
    )
    slides_url = models.CharField(max_length=500, blank=True)
    video_url = models.CharField(max_length=500, blank=True)
    # Uploaded instead of (or as well as) the links: a PDF deck and an MP4/WebM video, checked
    # by their bytes (activities/pitch_media.py); when present they are what the audience gets.
    slides_file = models.FileField(upload_to="activities/pitches/", storage=private_storage, blank=True)
    video_file = models.FileField(upload_to="activities/pitches/", storage=private_storage, blank=True)
    video_type = models.CharField(max_length=40, blank=True)
    # The time slot in the session's programme.
    starts_at = models.DateTimeField()
    minutes = models.PositiveIntegerField(default=10)

    class Meta:
        ordering = ["roadshow", "position"]
        constraints = [models.UniqueConstraint(fields=["roadshow", "position"], name="one_pitch_per_position")]

    def __str__(self) -> str:
        return self.title

    display_title = Localized("title")
    display_summary = Localized("summary")


class PitchViewer(models.Model):
    """A person who watched the pitch while it was on the stage (reported per pitch)."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="viewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pitch", "user"], name="one_view_per_pitch")]

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.pitch_id}"


class PitchQuestion(models.Model):
    """A stage question (live.Question) asked while this pitch was on the stage."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="questions")
    question = models.OneToOneField("live.Question", on_delete=models.CASCADE, related_name="pitch_link")

    def __str__(self) -> str:
        return f"question {self.question_id} of {self.pitch_id}"


class PitchMeetingRequest(models.Model):
    """A meeting with the presenter requested from the pitch (meetings.Meeting)."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="meeting_requests")
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="pitch_link")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"meeting {self.meeting_id} of {self.pitch_id}"


class Case(models.Model):
    """An expert consultation (考察指导): a technical problem, the experts matched to it, one
    video consultation, a written summary, both sides' ratings."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        MATCHED = "matched", _("Experts matched")
        SCHEDULED = "scheduled", _("Consultation scheduled")
        HELD = "held", _("Consultation held")
        CLOSED = "closed", _("Closed")

    class Confidentiality(models.TextChoices):
        OPEN = "open", _("May be shown to all experts of the directory")
        CONFIDENTIAL = "confidential", _("Only the matched experts and the organizers")

    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="cases")
    subvenue = models.ForeignKey(SubVenue, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    field = models.ForeignKey("accounts.Interest", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField()
    languages = models.CharField(max_length=60, help_text="Comma-separated codes: zh,en")
    confidentiality = models.CharField(max_length=14, choices=Confidentiality.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUBMITTED)
    meeting = models.OneToOneField(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="case"
    )
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class CaseExpert(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="experts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_cases")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_match_per_expert")]

    def __str__(self) -> str:
        return f"expert {self.user_id} of {self.case_id}"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    # Private: outside MEDIA_ROOT, downloaded only through the participants' check.
    file = models.FileField(upload_to="activities/cases/", storage=private_storage)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class CaseRating(models.Model):
    class Side(models.TextChoices):
        SUBMITTER = "submitter", _("The submitter rates the experts")
        EXPERT = "expert", _("An expert rates the case")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ratings")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices)
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "by"], name="one_rating_per_person")]

    def __str__(self) -> str:
        return f"{self.side} {self.score} on {self.case_id}"


class CaseTransition(models.Model):
    """The case's history: who moved it from which state to which, when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_state} → {self.to_state}"
