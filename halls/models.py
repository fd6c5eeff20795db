"""The virtual exhibition (附件2): halls → zones (专区) → boards (板块) → booths, the
exhibitor flow that leads to a booth, the leads a booth collects, and its visits.

Models hold data and invariants; workflows live in halls/services.py and
halls/leads/services.py, reads in halls/selectors.py and halls/leads/selectors.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import Organisation
from accounts.text import clean_text


class Hall(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    # The plan: 网上大会参展报名截止日期为 2022 年 5 月 10 日. Empty = applications always open.
    applications_close_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Zone(models.Model):
    """专区: one street of the hall."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="zones")
    slug = models.SlugField(max_length=60)
    # Short letter painted on the street sign and used in booth numbers ("B3-05").
    code = models.CharField(max_length=4)
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["hall", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "slug"], name="zone_slug_per_hall"),
            models.UniqueConstraint(fields=["hall", "code"], name="zone_code_per_hall"),
        ]

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    """板块: an optional subdivision of a zone (the regional boards of 区域协调发展展示专区)."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="boards")
    slug = models.SlugField(max_length=60)
    code = models.CharField(max_length=4)
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    # 承办: who hosts the board, as the plan lists them.
    hosts = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["zone", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "slug"], name="board_slug_per_zone"),
            models.UniqueConstraint(fields=["zone", "code"], name="board_code_per_zone"),
        ]

    def __str__(self) -> str:
        return self.name


class BoothTemplate(models.TextChoices):
    """Size and 3D template of a booth; the scene builder picks its geometry from this."""

    STANDARD = "standard", "标准展位 Standard (1 unit)"
    DOUBLE = "double", "双展位 Double (2 units)"
    PAVILION = "pavilion", "特装展馆 Pavilion (4 units)"


class Booth(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        LIVE = "live", "Live"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="booths")
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="booths")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, null=True, blank=True, related_name="booths")
    # Place along the zone's (or board's) street, 1-based; number is what visitors see.
    position = models.PositiveIntegerField()
    number = models.CharField(max_length=20)
    template = models.CharField(max_length=20, choices=BoothTemplate.choices, default=BoothTemplate.STANDARD)
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    logo = models.FileField(upload_to="halls/logos/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The booth's live room (chat with staff, presence); created by halls.services.create_booth.
    room = models.OneToOneField("live.Room", on_delete=models.PROTECT, related_name="booth")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["zone", "board", "position"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="booth_number_per_zone"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.name, self.name_en = clean_text(self.name, multiline=False), clean_text(self.name_en, multiline=False)
        self.description, self.description_en = clean_text(self.description), clean_text(self.description_en)
        if self.board_id is not None and self.board.zone_id != self.zone_id:
            raise ValidationError({"board": "This board belongs to another zone."})


class BoothApplication(models.Model):
    class BoothType(models.TextChoices):
        ONLINE_HALL = "online_hall", "网上展厅 Online hall"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已提交 Submitted"
        APPROVED = "approved", "已通过 Approved"
        REJECTED = "rejected", "未通过 Rejected"
        CONFIRMATION_SENT = "confirmation_sent", "待签署确认 Confirmation sent"
        CONFIRMED = "confirmed", "已确认 Confirmed"
        LIVE = "live", "已上线 Live"

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="booth_applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="booth_applications")
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="applications")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, null=True, blank=True, related_name="applications")
    booth_type = models.CharField(max_length=20, choices=BoothType.choices, default=BoothType.ONLINE_HALL)
    template = models.CharField(max_length=20, choices=BoothTemplate.choices, default=BoothTemplate.STANDARD)
    booth_name = models.CharField(max_length=200)
    booth_name_en = models.CharField(max_length=200, blank=True)
    contact_name = models.CharField(max_length=100)
    contact_phone = models.CharField(max_length=40)
    contact_email = models.EmailField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    rejection_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    confirmation_document = models.FileField(upload_to="halls/confirmations/", blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    signed_confirmation = models.FileField(upload_to="halls/signed/", blank=True)
    signed_content_type = models.CharField(max_length=40, blank=True)
    signed_uploaded_at = models.DateTimeField(null=True, blank=True)
    booth = models.OneToOneField(Booth, on_delete=models.SET_NULL, null=True, blank=True, related_name="application")
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.zone} ({self.status})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.zone_id is not None and self.zone.hall_id != self.hall_id:
            raise ValidationError({"zone": "This zone belongs to another hall."})
        if self.board_id is not None and self.board.zone_id != self.zone_id:
            raise ValidationError({"board": bilingual(_("This board belongs to another zone."))})


class ApplicationStateChange(models.Model):
    """The history of an application: one row per transition, including the first submit."""

    application = models.ForeignKey(BoothApplication, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status or '∅'} → {self.to_status}"


class LeadSource(models.TextChoices):
    CONTACT_FORM = "contact_form", "留言 Contact form"
    CALL_REQUEST = "call_request", "视频通话请求 Call request"
    CHAT = "chat", "聊天 Chat"


class LeadCategory(models.TextChoices):
    PROJECT_COOPERATION = "project_cooperation", "项目合作 Project cooperation"
    JOB_SEEKING = "job_seeking", "求职 Job seeking"
    RECRUITMENT = "recruitment", "招聘 Recruitment"
    INVESTMENT_FINANCE = "investment_finance", "投融资 Investment and finance"
    MEDIA = "media", "媒体 Media"
    OTHER = "other", "其他 Other"


class Lead(models.Model):
    """Important visitor information a booth collected (展示服务 5: 收集归类重要信息)."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="leads")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leads")
    source = models.CharField(max_length=20, choices=LeadSource.choices)
    category = models.CharField(max_length=30, choices=LeadCategory.choices, default=LeadCategory.OTHER)
    # What the rules said, kept when staff correct the category, and the words they matched.
    auto_category = models.CharField(max_length=30, choices=LeadCategory.choices, default=LeadCategory.OTHER)
    matched_keywords = models.CharField(max_length=300, blank=True)
    category_corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    category_corrected_at = models.DateTimeField(null=True, blank=True)
    # Explicit consent to hand the contact fields to the exhibitor; chat leads carry none.
    consent = models.BooleanField(default=False)
    consent_at = models.DateTimeField(null=True, blank=True)
    contact_name = models.CharField(max_length=100, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_organisation = models.CharField(max_length=200, blank=True)
    contact_title = models.CharField(max_length=100, blank=True)
    message = models.TextField(blank=True)
    # The conference-local day, which makes chat leads one per visitor, booth and day.
    day = models.DateField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["booth", "visitor", "day"], condition=Q(source="chat"), name="one_chat_lead_per_day"
            )
        ]
        indexes = [models.Index(fields=["booth", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} lead for {self.booth_id} ({self.category})"


class CallRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        DONE = "done", "Done"

    lead = models.OneToOneField(Lead, on_delete=models.CASCADE, related_name="call_request")
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="call_requests")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    preferred_time = models.CharField(max_length=100, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"call request {self.pk} for booth {self.booth_id} ({self.status})"


class BoothVisit(models.Model):
    """One stay in a booth, by a logged-in visitor or an anonymous session."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="visits")
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="booth_visits"
    )
    session_key = models.CharField(max_length=64, blank=True)
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-entered_at", "-pk"]
        indexes = [models.Index(fields=["booth", "entered_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(visitor__isnull=False) | ~Q(session_key=""), name="visit_has_visitor_or_session"
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("entered_at")),
                name="visit_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"visit to {self.booth_id} at {self.entered_at:%Y-%m-%d %H:%M}"


# Booth content (videos, posters, documents, ads, commentary) lives in its own module.
from halls.content.models import BoothAd, BoothDocument, BoothPoster, BoothVideo, CommentaryStop  # noqa: E402

__all__ = [
    "ApplicationStateChange",
    "Board",
    "Booth",
    "BoothAd",
    "BoothApplication",
    "BoothDocument",
    "BoothPoster",
    "BoothTemplate",
    "BoothVideo",
    "BoothVisit",
    "CallRequest",
    "CommentaryStop",
    "Hall",
    "Lead",
    "LeadCategory",
    "LeadSource",
    "Zone",
]
