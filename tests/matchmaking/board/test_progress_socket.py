"""The import's progress over a real consumer: organizers in the import's room get
`import.progress` while it runs and its final state; nobody else may join the room."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile

from matchmaking.imports import progress, runner, services
from matchmaking.imports.samples import many, write_xlsx
from matchmaking.models import ImportJob

pytestmark = pytest.mark.django_db(transaction=True)


def make_job(user, tmp_path, rows: int):
    path = tmp_path / "big.xlsx"
    write_xlsx(str(path), {"talent_demand": [dict(r, subkind="") for r in many(rows)]})
    job = services.upload(user, SimpleUploadedFile("big.xlsx", path.read_bytes()))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    return job


async def test_organizers_watch_the_progress(make_user, connect, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    organizer = await make_user("org", is_staff=True)
    attendee = await make_user("alice")
    job = await database_sync_to_async(make_job)(organizer, tmp_path, runner.BATCH + 50)
    slug = progress.room_slug(job.pk)
    for who in (attendee, None):
        answer = await (await connect(who)).request("room.join", room=slug)
        assert answer["type"] == "error" and answer["code"] in ("forbidden", "auth_required"), answer
    tab = await connect(organizer)
    await tab.ok("room.join", room=slug)
    await database_sync_to_async(runner.run)(job.pk)
    first = await tab.expect("import.progress")
    assert (first["import_id"], first["status"], first["total"]) == (job.pk, "running", runner.BATCH + 50)
    middle = await tab.expect("import.progress")
    assert middle["processed"] == runner.BATCH and middle["created"] == runner.BATCH
    last = await tab.expect("import.progress")
    assert (last["status"], last["processed"], last["created"], last["errors"]) == (
        "done",
        runner.BATCH + 50,
        runner.BATCH + 50,
        0,
    )
