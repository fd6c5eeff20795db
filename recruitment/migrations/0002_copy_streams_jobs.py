"""streams.JobPosting and streams.PinnedJob become recruitment.Job and recruitment.PinnedJob,
keeping their primary keys (links to /jobs/<id>/ and pinned ids stay valid). Runs before
streams drops its tables (run_before), so streams never depends on recruitment."""

from django.core.management.color import no_style
from django.db import migrations


def copy(apps, schema_editor):
    JobPosting = apps.get_model("streams", "JobPosting")
    OldPin = apps.get_model("streams", "PinnedJob")
    Job = apps.get_model("recruitment", "Job")
    PinnedJob = apps.get_model("recruitment", "PinnedJob")
    alias = schema_editor.connection.alias
    jobs = [
        Job(
            pk=posting.pk,
            organisation_id=posting.organisation_id,
            title=posting.title or posting.title_en,
            title_en=posting.title_en,
            description=posting.description,
            city=posting.location,
            salary_text=posting.salary,
            external_url=posting.url,
            # Postings were public the moment they were saved.
            status="published",
            created_at=posting.created_at,
            updated_at=posting.created_at,
            published_at=posting.created_at,
        )
        for posting in JobPosting.objects.using(alias).order_by("pk")
    ]
    Job.objects.using(alias).bulk_create(jobs, batch_size=500)
    pins = [
        PinnedJob(
            pk=pin.pk,
            session_id=pin.session_id,
            job_id=pin.job_id,
            pinned_at=pin.pinned_at,
            pinned_by_id=pin.pinned_by_id,
        )
        for pin in OldPin.objects.using(alias).order_by("pk")
    ]
    PinnedJob.objects.using(alias).bulk_create(pins, batch_size=500)
    # Rows inserted with their ids: PostgreSQL's sequences must move past them.
    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), [Job, PinnedJob])
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def copy_back(apps, schema_editor):
    JobPosting = apps.get_model("streams", "JobPosting")
    OldPin = apps.get_model("streams", "PinnedJob")
    Job = apps.get_model("recruitment", "Job")
    PinnedJob = apps.get_model("recruitment", "PinnedJob")
    alias = schema_editor.connection.alias
    JobPosting.objects.using(alias).bulk_create(
        [
            JobPosting(
                pk=job.pk,
                organisation_id=job.organisation_id,
                title=(job.title or job.title_en)[:200],
                title_en=job.title_en,
                location=job.city[:120],
                salary=job.salary_text,
                description=job.description,
                url=job.external_url,
                created_at=job.created_at,
            )
            for job in Job.objects.using(alias).order_by("pk")
        ]
    )
    OldPin.objects.using(alias).bulk_create(
        [
            OldPin(pk=p.pk, session_id=p.session_id, job_id=p.job_id, pinned_at=p.pinned_at, pinned_by_id=p.pinned_by_id)
            for p in PinnedJob.objects.using(alias).order_by("pk")
        ]
    )
    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), [JobPosting, OldPin])
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0001_initial"),
        ("streams", "0005_recording_room_slug_length"),
    ]
    run_before = [("streams", "0006_jobs_moved_to_recruitment")]

    operations = [migrations.RunPython(copy, copy_back)]
