"""What the import page and API call: upload a file (a job), start it, read its report."""

from __future__ import annotations

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from halls.uploads import MB
from matchmaking.imports import progress
from matchmaking.imports.columns import KINDS
from matchmaking.imports.reader import FileProblem, detect_format
from matchmaking.models.imports import ImportJob

MAX_IMPORT_BYTES = 20 * MB


def require_organizer(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise PermissionDenied(bilingual(_("Only organizers import the 征集表.")))


def _mode(mode: str) -> str:
    if mode not in ImportJob.Mode.values:
        raise ValidationError({"mode": [bilingual(_("Choose all rows or the valid rows."))]}, code="invalid_mode")
    return mode


@transaction.atomic
def upload(user, upload_file, *, mode: str = ImportJob.Mode.ALL, kind: str = "") -> ImportJob:
    """A new job for an uploaded XLSX or CSV, judged by its bytes (not its name), not run yet."""
    require_organizer(user)
    mode = _mode(mode)
    if kind and kind not in KINDS:
        raise ValidationError({"kind": [bilingual(_("Not a kind of posting."))]}, code="invalid_kind")
    if upload_file is None:
        raise ValidationError({"file": [bilingual(_("Choose a file to import."))]}, code="file_required")
    size = upload_file.size or 0
    if size == 0:
        raise ValidationError({"file": [bilingual(_("The file is empty."))]}, code="empty")
    if size > MAX_IMPORT_BYTES:
        raise ValidationError({"file": [bilingual(_("The file is larger than 20 MB."))]}, code="too_large")
    upload_file.seek(0)
    head = upload_file.read(4096)
    upload_file.seek(0)
    name = os.path.basename(str(upload_file.name or "import"))[-200:]
    try:
        file_format = detect_format(head, name)
    except FileProblem as problem:
        raise ValidationError(
            {"file": [bilingual(_("This file is neither an XLSX workbook nor a CSV text file."))]}, code=problem.code
        ) from None
    job = ImportJob(created_by=user, filename=name, file_format=file_format, mode=mode, default_kind=kind)
    job.file.save(f"import.{file_format}", upload_file, save=False)
    job.save()
    progress.import_room(job.pk)
    return job


def start(user, job: ImportJob, *, mode: str | None = None) -> ImportJob:
    """Queue the job (again after it was rejected: with a corrected file, upload a new one)."""
    require_organizer(user)
    from matchmaking.tasks import run_import

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in (ImportJob.Status.UPLOADED, ImportJob.Status.REJECTED):
            raise ValidationError(bilingual(_("This import has already run or is running.")), code="invalid_state")
        if mode:
            job.mode = _mode(mode)
        job.status = ImportJob.Status.QUEUED
        job.processed_rows = job.created_count = job.updated_count = job.skipped_count = 0
        job.error_count = job.error_rows = 0
        job.save()
        pk = job.pk
        transaction.on_commit(lambda: run_import.delay(pk))
    job.refresh_from_db()
    return job


def job_for(user, job_id: int) -> ImportJob:
    require_organizer(user)
    return ImportJob.objects.get(pk=job_id)
