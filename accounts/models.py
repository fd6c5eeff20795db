"""People, organisations and API tokens.

Roles: every user is an attendee; staff of an organisation (exhibitor) through
OrganisationMembership; moderators per event or per room (streams / live own those);
organizers are Django staff (`is_staff`), who also get the admin.
"""

from __future__ import annotations

import re
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.i18n import Localized, bilingual
from accounts.text import clean_text

DELETED_NAME = _("Deleted user")


class User(AbstractUser):
    display_name = models.CharField(max_length=80, blank=True)
    # IANA zone the viewer prefers for the programme; empty = the conference's zone.
    timezone = models.CharField(max_length=64, blank=True)
    # Set when the person deleted their account: the row stays (their chat messages point at
    # it) but holds nothing personal any more (accounts.services.delete_account).
    deleted_at = models.DateTimeField(null=True, blank=True)

    def clean(self) -> None:
        super().clean()
        self.display_name = clean_text(self.display_name, multiline=False)

    @property
    def public_name(self) -> str:
        if self.deleted_at is not None:
            return bilingual(DELETED_NAME)
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_organizer(self) -> bool:
        return self.is_staff


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government body")
        UNIVERSITY = "university", _("University or research institute")
        ENTERPRISE = "enterprise", _("Enterprise")
        FOREIGN = "foreign", _("Foreign organisation")
        HR = "hr", _("HR service firm")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(max_length=200, unique=True)
    name_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    website = models.URLField(blank=True)
    members = models.ManyToManyField(User, through="OrganisationMembership", related_name="organisations")
    created_at = models.DateTimeField(auto_now_add=True)
    # 我要参展 (docs/organisations.md): identity, contact and the organizers' verification.
    # An organisation an organizer creates (admin, demo loaders) is verified; one registered
    # by its own people (accounts.organisations.register_organisation) starts pending.
    country = models.CharField(max_length=2, default="CN", help_text="ISO 3166-1 alpha-2 (CN, HK, US, …)")
    credit_code = models.CharField(max_length=18, blank=True, help_text="统一社会信用代码 (mainland China)")
    registration_number = models.CharField(max_length=64, blank=True, help_text="outside mainland China")
    contact_name = models.CharField(max_length=80, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VERIFIED)
    rejection_reason = models.TextField(blank=True)
    verified_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~models.Q(credit_code=""), name="one_org_per_credit_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    def clean(self) -> None:
        # The admin's forms call this: names reach other people's pages and exports.
        self.name = clean_text(self.name, multiline=False)
        self.name_en = clean_text(self.name_en, multiline=False)


class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", _("Staff")
        ADMIN = "admin", _("Administrator")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class OrganisationInvitation(models.Model):
    """An organisation admin's invitation by e-mail: a one-time link (only the token's SHA-256
    is stored) that expires, for the person whose verified address it was sent to."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=OrganisationMembership.Role.choices, default="staff")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class ApiToken(models.Model):
    """A bearer token for scripts, bots and the benchmark; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class Visibility(models.TextChoices):
    """Who may see one field of a profile: anyone (also guests and the public directory),
    any logged-in attendee, or nobody but its owner."""

    PUBLIC = "public", _("Everyone")
    ATTENDEES = "attendees", _("Attendees")
    NOBODY = "nobody", _("Only me")


class Interest(models.Model):
    """The shared taxonomy of fields (专业领域): profiles, the attendee directory, recruitment
    and matchmaking all tag with these. Two levels in the seed (a field and its subfields);
    `parent` allows more."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveIntegerField(default=0)
    # Other names of the field in either language (缩写, English abbreviations, skill words),
    # one per line or comma-separated: search.textmatch maps each to this field, so a Chinese
    # résumé and an English job about the same field meet (docs/matching.md).
    synonyms = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    display_name = Localized("name")

    def synonym_list(self) -> list[str]:
        return [s.strip() for s in re.split(r"[\n,，;；、]+", self.synonyms or "") if s.strip()]


def profile_photo_path(instance: Profile, filename: str) -> str:
    return f"profiles/{instance.user_id}/{uuid.uuid4().hex}.jpg"


class Profile(models.Model):
    """What a person tells others about themselves. Created on demand
    (`accounts.services.profile_for`); each field's audience in `visibility`."""

    # Fields whose audience the owner chooses; the display name is always public (it is how
    # chat, questions and meetings name the person).
    VISIBLE_FIELDS = ("photo", "organisation", "title", "country", "languages", "interests", "bio")
    DEFAULT_VISIBILITY = {
        "photo": Visibility.ATTENDEES,
        "organisation": Visibility.PUBLIC,
        "title": Visibility.PUBLIC,
        "country": Visibility.ATTENDEES,
        "languages": Visibility.ATTENDEES,
        "interests": Visibility.ATTENDEES,
        "bio": Visibility.ATTENDEES,
    }

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=80, blank=True)
    display_name_en = models.CharField(max_length=80, blank=True)
    photo = models.ImageField(upload_to=profile_photo_path, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    organisation_en = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=120, blank=True)
    title_en = models.CharField(max_length=120, blank=True)
    # ISO 3166-1 alpha-2 (CN, HK, MO, TW, US, ...): "country/region" as the conference says.
    country = models.CharField(max_length=2, blank=True)
    # BCP 47 primary tags the person speaks: ["zh", "en"].
    languages = models.JSONField(default=list, blank=True)
    interests = models.ManyToManyField(Interest, blank=True, related_name="profiles")
    bio = models.TextField(max_length=2000, blank=True)
    bio_en = models.TextField(max_length=2000, blank=True)
    visibility = models.JSONField(default=dict, blank=True)
    # Opt-in to the attendee directory (networking): nobody is listed unless they say so.
    listed_in_directory = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"

    def visibility_of(self, field: str) -> str:
        value = (self.visibility or {}).get(field)
        if value in Visibility.values:
            return value
        return self.DEFAULT_VISIBILITY[field]

    def visibilities(self) -> dict[str, str]:
        return {field: self.visibility_of(field) for field in self.VISIBLE_FIELDS}


class Consent(models.Model):
    """One consent given or withdrawn (PIPL/GDPR proof): the privacy terms at sign-up, a
    contact shared with an exhibitor, a business card exchanged. Append-only: the current
    state of a purpose is its newest row (`accounts.selectors.has_consent`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=64)
    granted = models.BooleanField()
    text_version = models.CharField(max_length=32)
    # What the consent was about, e.g. {"kind": "lead", "booth": 12}.
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "purpose", "-created_at"], name="consent_latest")]

    def __str__(self) -> str:
        return f"{self.user} {self.purpose} {'granted' if self.granted else 'withdrawn'}"
