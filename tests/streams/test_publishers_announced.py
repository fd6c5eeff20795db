"""`rtc.publishers` names the whole stage, not only the announcing process's publishers: the
stage client replaces its list with each one, so a speaker here and the video (or another
speaker) held by another process must come in one list (issue 16). The other process is its
entry in the cluster's directory (streams.sfu_cluster: `sfu:room:<id>`, `sfu:node:<node>`),
written here as that process would; a dead process's entry is left out."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.core.cache import cache

from streams.models import Session
from tests.streams.test_interpretation import (  # noqa: F401 (fixtures)
    ORIGINAL_HZ,
    Tone,
    joined,
    peers,
    publish,
    stage,
)
from tests.system.rtc import ColourBars

pytestmark = pytest.mark.django_db(transaction=True)

VIDEO_ELSEWHERE = {
    "publisher_id": "video-on-node-b",
    "user": {"id": 0, "name": "Pre-recorded video · 预录视频"},
    "kinds": ["audio", "video"],
    "language": None,
    "language_name": "",
}
GONE_ELSEWHERE = {**VIDEO_ELSEWHERE, "publisher_id": "speaker-on-dead-node"}


async def listing(client, count: int) -> list[dict]:
    frame = await client.expect("rtc.publishers", timeout=10)
    while len(frame["publishers"]) < count:
        frame = await client.expect("rtc.publishers", timeout=10)
    return frame["publishers"]


async def test_the_announcement_lists_other_processes_publishers(connect, stage, peers):  # noqa: F811
    room = stage["room"]
    room_id = await database_sync_to_async(lambda: Session.objects.get(pk=stage["session_id"]).room_id)()
    await cache.aset(f"sfu:room:{room_id}", {"node-b": [VIDEO_ELSEWHERE], "node-dead": [GONE_ELSEWHERE]}, 60)
    await cache.aset("sfu:node:node-b", 1, 60)  # node-b is alive; node-dead's key expired
    try:
        viewer = await joined(connect, room, stage["moderator"])
        speaker = await joined(connect, room, stage["speaker"])
        laura = await publish(speaker, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)])
        assert "publisher_id" in laura, laura

        listed = await listing(viewer, 2)
        assert [p["publisher_id"] for p in listed] == [laura["publisher_id"], VIDEO_ELSEWHERE["publisher_id"]]
        # This process's entry went into the directory before the announcement.
        directory = await cache.aget(f"sfu:room:{room_id}")
        assert len(directory) == 3 and VIDEO_ELSEWHERE in directory["node-b"], directory

        await speaker.ok("rtc.unpublish", room=room, publisher_id=laura["publisher_id"])
        after = await viewer.expect("rtc.publishers", timeout=10)
        while any(p["publisher_id"] == laura["publisher_id"] for p in after["publishers"]):
            after = await viewer.expect("rtc.publishers", timeout=10)
        assert after["publishers"] == [VIDEO_ELSEWHERE]  # the video stays listed
    finally:
        await cache.adelete(f"sfu:room:{room_id}")
        await cache.adelete("sfu:node:node-b")
