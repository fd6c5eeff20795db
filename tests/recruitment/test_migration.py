"""streams' job postings and pins become recruitment's, with their primary keys, and the id
sequences move past them (PostgreSQL: a new job after the copy must not collide)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("streams", "0005_recording_room_slug_length"), ("recruitment", None)]
AFTER = [("recruitment", "0002_copy_streams_jobs"), ("streams", "0006_jobs_moved_to_recruitment")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets).apps


def test_postings_and_pins_keep_their_ids(event):
    from streams import services
    from streams.models import Session
    from tests.programme import UTC_0526_0100

    session = services.create_session(
        event=event,
        kind=Session.Kind.RECRUITMENT_LIVESTREAM,
        title="云聘会",
        slug="fair",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100.replace(hour=2),
    )
    try:
        old = migrate(BEFORE)
        Organisation = old.get_model("accounts", "Organisation")
        JobPosting = old.get_model("streams", "JobPosting")
        OldPin = old.get_model("streams", "PinnedJob")
        employer = Organisation.objects.create(name="华为", name_en="Huawei")
        JobPosting.objects.create(pk=41, organisation=employer, title="算法工程师", title_en="Algorithm engineer")
        posting = JobPosting.objects.create(
            pk=57,
            organisation=employer,
            title="",
            title_en="Chip designer",
            location="深圳",
            salary="30–50万/年",
            description="芯片",
            url="https://example.com/jobs/57",
        )
        OldPin.objects.create(pk=9, session_id=session.pk, job=posting)

        new = migrate(AFTER)
        Job = new.get_model("recruitment", "Job")
        PinnedJob = new.get_model("recruitment", "PinnedJob")
        assert sorted(Job.objects.values_list("pk", flat=True)) == [41, 57]
        copied = Job.objects.get(pk=57)
        assert (copied.title, copied.title_en, copied.city, copied.salary_text) == (
            "Chip designer",
            "Chip designer",
            "深圳",
            "30–50万/年",
        )
        assert copied.external_url == "https://example.com/jobs/57" and copied.status == "published"
        assert copied.published_at == copied.created_at and copied.organisation_id == employer.pk
        pin = PinnedJob.objects.get()
        assert (pin.pk, pin.job_id, pin.session_id) == (9, 57, session.pk)
        # The sequence is past the copied ids.
        assert Job.objects.create(organisation_id=employer.pk, title="新职位").pk > 57
        assert "jobposting" not in {m._meta.model_name for m in new.get_app_config("streams").get_models()}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
