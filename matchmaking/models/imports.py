"""Models of the 征集表 bulk import (matchmaking/imports/): the import jobs with their
progress and report, the contact accounts an import made (so that their activation e-mails
go out after the commit, in batches), the per-row errors shown on the page, and the manual
matches organizers record for the non-public queue. Imported from matchmaking/models.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class ImportJob(models.Model):
    class Mode(models.TextChoices):
        ALL = "all", _("All rows or nothing")
        VALID_ROWS = "valid_rows", _("Import the valid rows")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        REJECTED = "rejected", _("Nothing imported: errors")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to="matchmaking/imports/")
    filename = models.CharField(max_length=200)
    file_format = models.CharField(max_length=4)  # xlsx | csv
    default_kind = models.CharField(max_length=30, blank=True)  # a CSV without a kind column
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.ALL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    report = models.FileField(upload_to="matchmaking/import-reports/", blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"import {self.pk} of {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REJECTED, self.Status.FAILED)


class ImportRowError(models.Model):
    """One problem of one cell (or of a whole row: column ""), as shown on the page; the
    first ERRORS_KEPT of a job (the report file has them all)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="errors")
    sheet = models.CharField(max_length=40)
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=40, blank=True)
    code = models.CharField(max_length=40)
    message = models.CharField(max_length=500)
    message_en = models.CharField(max_length=500)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row} {self.column}: {self.code}"


class ImportedAccount(models.Model):
    """A contact account an import created (inactive): its activation e-mail is sent once."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="accounts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    emailed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"account {self.user_id} made by import {self.job_id}"


class ManualMatch(models.Model):
    """The organizers matched a non-public posting by hand: with whom, and what came of it."""

    posting = models.ForeignKey("matchmaking.Posting", on_delete=models.CASCADE, related_name="manual_matches")
    counterpart = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    counterpart_text = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"match of posting {self.posting_id} by {self.by_id}"
