"""The programme: events, their sessions (each with a stage room), speakers, moderators.

Times are stored in UTC (USE_TZ); each event names the zone it is shown in by default.
"""

from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import Localized


def validate_timezone_name(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(f"{value!r} is not an IANA time zone.") from error


class Event(models.Model):
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="Asia/Shanghai", validators=[validate_timezone_name])

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "An event cannot end before it starts."})

    display_name = Localized("name")
    display_description = Localized("description")


class SpeakerDisplay:
    """A speaker's texts in the reader's language: on the model and on the programme's
    `streams.selectors.SpeakerItem`, which carry the same fields."""

    display_name = Localized("name")
    display_title = Localized("title")
    display_affiliation = Localized("affiliation")


class SessionDisplay:
    """A session's texts in the reader's language (the model and `SessionItem`)."""

    display_title = Localized("title")
    display_description = Localized("description")


class Speaker(SpeakerDisplay, models.Model):
    name = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120, blank=True)
    # Job title and affiliation as printed in the programme, e.g. "教授，深圳大学".
    title = models.CharField(max_length=200, blank=True)
    title_en = models.CharField(max_length=200, blank=True)
    affiliation = models.CharField(max_length=200, blank=True)
    affiliation_en = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)
    bio_en = models.TextField(blank=True)
    # A speaker who has an account gets the "speaker" role in their sessions' stage rooms.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="speaker_profile"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Session(SessionDisplay, models.Model):
    class Kind(models.TextChoices):
        OPENING_CEREMONY = "opening_ceremony", _("Opening ceremony")
        MAIN_FORUM = "main_forum", _("Main forum")
        SUB_FORUM = "sub_forum", _("Sub-forum")
        THEME_ACTIVITY = "theme_activity", _("Theme activity")
        RECRUITMENT_LIVESTREAM = "recruitment_livestream", _("Recruitment livestream")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    slug = models.SlugField(max_length=60, help_text="Unique within the event; part of the stage room's slug.")
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # Sub-forums belong to the main forum.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    # Created by streams.services.create_session; never shared between sessions.
    room = models.OneToOneField("live.Room", null=True, blank=True, on_delete=models.SET_NULL, related_name="session")
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions")

    class StreamState(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    # The stage's stream; changed only through streams.stage.set_stream_state (a room event).
    # Not editable in forms (the admin): a change must reach the room as an event.
    stream_state = models.CharField(
        max_length=12, choices=StreamState.choices, default=StreamState.SCHEDULED, editable=False
    )
    stream_state_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Simulive (streams.simulive_services): a pre-recorded video played as the stage's live
    # stream from its start. Attached through streams.simulive_files (checked, not the admin).
    class Source(models.TextChoices):
        VIDEO = "video", _("Pre-recorded video")
        SPEAKER = "speaker", _("Live speaker")

    prerecorded_video = models.FileField(upload_to="simulive/", blank=True, editable=False)
    prerecorded_seconds = models.FloatField(null=True, blank=True, editable=False)
    # When position 0 of the video was on air (a late viewer joins at now − this).
    simulive_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the stage shows while live: the video, or a speaker (a moderator switches).
    stage_source = models.CharField(max_length=10, choices=Source.choices, default=Source.VIDEO, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="unique_session_slug_per_event"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["event", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "A session cannot end before it starts."})
        if self.parent_id is not None:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": "A session cannot be its own parent."})
            parent = self.parent
            if parent.event_id != self.event_id:
                raise ValidationError({"parent": "The parent session belongs to another event."})
            if self.kind == self.Kind.SUB_FORUM and parent.kind != self.Kind.MAIN_FORUM:
                raise ValidationError({"parent": "A sub-forum belongs to a main forum."})


class EventModerator(models.Model):
    """Moderates every stage room of the event (Q&A queue, chat, polls)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="moderators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderated_events")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_moderator_entry_per_event")]

    def __str__(self) -> str:
        return f"{self.user} moderates {self.event}"


class Call(models.Model):
    """A peer-to-peer call (booth video call, interview, negotiation): up to four people.

    Media flows between the browsers; the server only relays the signalling (streams.calls).
    Kept after it ends for history and statistics. `context` says where it started, e.g.
    {"booth": 12} or {"room": "hall-a"} (a booth's CallRequest may link to it later).
    """

    class State(models.TextChoices):
        RINGING = "ringing", _("Ringing")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calls_made")
    state = models.CharField(max_length=12, choices=State.choices, default=State.RINGING)
    context = models.JSONField(default=dict, blank=True)
    # Why it ended: cancelled, declined, busy, missed, hung_up.
    end_reason = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"call {self.pk} ({self.state})"


class CallParticipant(models.Model):
    class Status(models.TextChoices):
        RINGING = "ringing", _("Ringing")
        JOINED = "joined", _("Joined")
        DECLINED = "declined", _("Declined")
        BUSY = "busy", _("Busy")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")
        LEFT = "left", _("Left")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_participations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RINGING)
    invited_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    # When the participation ended (declined, missed, cancelled, left).
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="one_participation_per_call")]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.call_id} ({self.status})"


class Recording(models.Model):
    """One live stretch of a stage (from when packaging started to when it stopped), kept as
    the HLS VOD playlist and its segments under STREAMS["HLS_ROOT"] (streams.hls)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="recordings")
    # The packaging run's directory name: HLS_ROOT/<room slug>/<run_id>/.
    run_id = models.CharField(max_length=32, unique=True)
    room_slug = models.CharField(max_length=120)  # as live.Room.slug
    started_at = models.DateTimeField(default=timezone.now)
    # Null while packaging runs (or if the process died before it closed the playlist).
    ended_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    # The process (streams.sfu_cluster.NODE) whose encoder writes the run: while its row is
    # unfinished, a sweeper that finds that process gone finishes the run (streams.abandoned_runs).
    writer = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"recording {self.run_id} of {self.session_id}"


class Interpreter(models.Model):
    """Someone who interprets a stage into one language (issue 16): organizers assign them
    (admin, or the session's interpreters API); they publish an audio track for that language
    with `rtc.publish {language}` and viewers choose it (docs/streams.md)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="interpreters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interpretations")
    language = models.CharField(max_length=16, help_text="A language code from streams.interpretation.LANGUAGES.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user", "language"], name="one_interpreter_entry_per_language")
        ]
        ordering = ["session", "language", "pk"]

    def __str__(self) -> str:
        return f"{self.user} interprets {self.session} into {self.language}"

    def clean(self) -> None:
        from streams.interpretation import LANGUAGES

        if self.language not in LANGUAGES:
            raise ValidationError({"language": f"Not one of {', '.join(LANGUAGES)}."})
