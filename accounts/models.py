"""People, organisations and API tokens.

Roles: every user is an attendee; staff of an organisation (exhibitor) through
OrganisationMembership; moderators per event or per room (streams / live own those);
organizers are Django staff (`is_staff`), who also get the admin.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models

from accounts.text import clean_text


class User(AbstractUser):
    display_name = models.CharField(max_length=80, blank=True)
    # IANA zone the viewer prefers for the programme; empty = the conference's zone.
    timezone = models.CharField(max_length=64, blank=True)

    def clean(self) -> None:
        super().clean()
        self.display_name = clean_text(self.display_name, multiline=False)

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_organizer(self) -> bool:
        return self.is_staff


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government body"
        UNIVERSITY = "university", "University or research institute"
        ENTERPRISE = "enterprise", "Enterprise"
        FOREIGN = "foreign", "Foreign organisation"
        HR = "hr", "HR service firm"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    name_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    website = models.URLField(blank=True)
    members = models.ManyToManyField(User, through="OrganisationMembership", related_name="organisations")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The admin's forms call this: names reach other people's pages and exports.
        self.name = clean_text(self.name, multiline=False)
        self.name_en = clean_text(self.name_en, multiline=False)


class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", "Staff"
        ADMIN = "admin", "Administrator"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


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
