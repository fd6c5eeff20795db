"""`stage.get`'s snapshot: the database part in a worker thread, the in-process media state
(publishers, live HLS URL) on the event loop that changes it."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from streams import packaging, services
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


async def test_publishers_and_hls_url_are_read_on_the_event_loop(forum, monkeypatch):
    loop_thread = threading.get_ident()
    read_in: dict[str, int] = {}
    publishers_in, hls_url = packaging.media.publishers_in, packaging.packagers.hls_url

    def spy_publishers(room_id):
        read_in["publishers"] = threading.get_ident()
        return publishers_in(room_id)

    def spy_hls_url(room_id):
        read_in["hls_url"] = threading.get_ident()
        return hls_url(room_id)

    monkeypatch.setattr(packaging.media, "publishers_in", spy_publishers)
    monkeypatch.setattr(packaging.packagers, "hls_url", spy_hls_url)

    snapshot = await packaging.stage_snapshot_async(forum.room_id)

    assert snapshot["state"] == "scheduled"
    assert snapshot["publishers"] == [] and snapshot["hls_url"] is None
    assert snapshot["recordings"] == [] and snapshot["pinned_jobs"] == []
    assert "ice_servers" in snapshot
    assert read_in == {"publishers": loop_thread, "hls_url": loop_thread}
