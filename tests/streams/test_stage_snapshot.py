"""`stage.get`'s snapshot: the database part in a worker thread, the in-process media state
(publishers) on the event loop that changes it; the live HLS URL from the database."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from streams import packaging, recordings, services
from streams.models import Session
from tests.programme import UTC_0526_0100

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def forum(transactional_db, event):
    return services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="主论坛",
        slug="forum",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=1),
    )


async def test_publishers_are_read_on_the_event_loop(forum, monkeypatch):
    loop_thread = threading.get_ident()
    read_in: dict[str, int] = {}
    publishers_in = packaging.media.publishers_in

    def spy_publishers(room_id):
        read_in["publishers"] = threading.get_ident()
        return publishers_in(room_id)

    monkeypatch.setattr(packaging.media, "publishers_in", spy_publishers)

    snapshot = await packaging.stage_snapshot_async(forum.room_id)

    assert snapshot["state"] == "scheduled"
    assert snapshot["publishers"] == [] and snapshot["hls_url"] is None
    assert snapshot["recordings"] == [] and snapshot["pinned_jobs"] == []
    assert "ice_servers" in snapshot
    assert read_in == {"publishers": loop_thread}


def test_the_live_hls_url_comes_from_the_database(forum):
    """Whichever process packages the stage, every process reads the same live playlist."""
    room = forum.room
    recordings.start_recording(room_id=room.pk, room_slug=room.slug, run_id="a" * 32, started_at=timezone.now())
    assert packaging.stage_snapshot(room.pk)["hls_url"] is None  # scheduled: not live yet
    Session.objects.filter(pk=forum.pk).update(stream_state=Session.StreamState.LIVE)
    live = f"/streams/hls/{room.slug}/{'a' * 32}/live.m3u8"
    assert packaging.stage_snapshot(room.pk)["hls_url"] == live
    assert recordings.live_stage_slug(room.pk) == room.slug
    recordings.finish_recording(run_id="a" * 32, duration_seconds=4.0)
    snapshot = packaging.stage_snapshot(room.pk)
    assert snapshot["hls_url"] is None
    assert [r["url"] for r in snapshot["recordings"]] == [live.replace("live.m3u8", "index.m3u8")]


def test_a_run_stopped_before_its_row_was_written_is_still_listed(forum):
    room = forum.room
    recordings.finish_recording(
        run_id="b" * 32, duration_seconds=3.0, room_id=room.pk, room_slug=room.slug, started_at=timezone.now()
    )
    [listed] = recordings.recordings_of(room.pk)
    assert listed["duration_seconds"] == 3.0 and listed["url"].endswith(f"{'b' * 32}/index.m3u8")
