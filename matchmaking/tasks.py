"""Celery tasks of matchmaking (config/celery.py): running an import of the 征集表, and the
activation e-mails of the contact accounts it made (after its commit, once each)."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

BATCH = 200


@shared_task(acks_late=True)
def run_import(job_id: int) -> str:
    from matchmaking.imports import runner

    job = runner.run(job_id)
    return job.status if job is not None else "not-queued"


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_activation_emails(job_id: int) -> int:
    """Each account made by the job gets its link once: claimed row by row (emailed_at)."""
    from accounts.activation import send_activation_email
    from matchmaking.models.imports import ImportedAccount

    sent = 0
    while True:
        pending = list(
            ImportedAccount.objects.filter(job_id=job_id, emailed_at__isnull=True).values_list("pk", flat=True)[:BATCH]
        )
        if not pending:
            return sent
        for pk in pending:
            with transaction.atomic():
                if not ImportedAccount.objects.filter(pk=pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
                    continue
                account = ImportedAccount.objects.select_related("user", "organisation").get(pk=pk)
                if account.user.is_active:
                    continue
                org = account.organisation
                send_activation_email(account.user, organisation_name=org.name if org else "")
                sent += 1
