"""Runs whose writer died for good, finished from object storage (streams.abandoned_runs,
issue 16), against moto's S3 server on a real socket: a run is finished only when its writer
no longer refreshes its key and its stored playlist stopped changing; then every media
playlist (and its rolling one) ends, the row ends with the stored duration, the stage's
`hls_url` goes and the room hears `stage.media`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from streams import abandoned_runs, hls_storage, recordings, tasks
from streams.hls_storage import LIVE_PLAYLIST, PLAYLIST
from streams.models import Recording, Session
from tests.streams.test_hls_storage import in_s3, stage  # noqa: F401 (fixtures)
from tests.system.fixtures_storage import s3_bucket, s3_server  # noqa: F401 (fixtures)

RUN = "b" * 32
WRITER = "deadbeef0001"
HEADER = "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:EVENT\n"


def media_playlist(segments: int, seconds: float = 2.0) -> str:
    return HEADER + "".join(f"#EXTINF:{seconds:.6f},\nseg{n:05d}.ts\n" for n in range(segments))


def store(slug: str, name: str, text: str) -> None:
    hls_storage.put(hls_storage.key(slug, RUN, name), text.encode(), content_type="x", cache_control="x")


@pytest.fixture
def live_run(stage, in_s3):  # noqa: F811
    """A live stage whose run's row is unfinished and whose bucket holds 4 segments' playlist."""
    Session.objects.filter(pk=stage.pk).update(stream_state=Session.StreamState.LIVE)
    recordings.start_recording(
        room_id=stage.room_id,
        room_slug=stage.room.slug,
        run_id=RUN,
        started_at=timezone.now() - timedelta(minutes=10),
        writer=WRITER,
    )
    store(stage.room.slug, PLAYLIST, media_playlist(4))
    assert recordings.live_hls_url(stage.room_id).endswith(f"/{RUN}/{LIVE_PLAYLIST}")
    return stage


@pytest.fixture
def announced(monkeypatch) -> list[tuple[str, dict]]:
    """The `stage.media` frames the sweeper publishes (topic, frame)."""
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        abandoned_runs, "publish_on_commit", lambda topic, frame, **_: sent.append((topic, frame.model_dump()))
    )
    return sent


def later() -> timezone.datetime:
    return timezone.now() + timedelta(minutes=5)


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_writer_is_gone_is_finished_from_the_bucket(live_run, in_s3, announced):  # noqa: F811
    slug = live_run.room.slug
    swept = abandoned_runs.finish_abandoned_runs(now=later())
    assert swept.finished == [RUN] and swept.removed == []
    prefix = f"streams/hls/{slug}/{RUN}/"
    index = in_s3.body(prefix + PLAYLIST).decode()
    assert index == media_playlist(4) + "#EXT-X-ENDLIST\n"
    rolling = in_s3.body(prefix + LIVE_PLAYLIST).decode()
    assert rolling.rstrip().endswith("#EXT-X-ENDLIST") and "seg00003.ts" in rolling
    assert in_s3.objects()[prefix + PLAYLIST]["CacheControl"] == "public, max-age=86400"
    row = Recording.objects.get(run_id=RUN)
    assert row.ended_at is not None and row.duration_seconds == 8.0
    assert recordings.live_hls_url(live_run.room_id) is None
    [listed] = recordings.recordings_of(live_run.room_id)
    assert listed["url"].endswith(f"/{RUN}/{PLAYLIST}") and listed["duration_seconds"] == 8.0
    [(topic, frame)] = announced
    assert topic.endswith(str(live_run.room_id)) and frame["type"] == "stage.media"
    assert frame["hls_url"] is None and frame["recordings"] == [listed] and frame["room"] == slug
    # Again: nothing left to do, nothing announced twice.
    assert abandoned_runs.finish_abandoned_runs(now=later()).finished == []
    assert len(announced) == 1


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_writer_is_alive_or_whose_playlist_still_changes_is_left(live_run, in_s3, announced):  # noqa: F811
    cache.set(f"sfu:node:{WRITER}", 1, 30)  # the writer's heartbeat (streams.sfu_cluster)
    try:
        assert abandoned_runs.finish_abandoned_runs(now=later()).finished == []
    finally:
        cache.delete(f"sfu:node:{WRITER}")
    # The writer's key is gone but its playlist changed a moment ago (a stalled heartbeat, a
    # worker whose cache is not the servers'): still live.
    assert abandoned_runs.finish_abandoned_runs().finished == []
    assert Recording.objects.get(run_id=RUN).ended_at is None
    assert "#EXT-X-ENDLIST" not in in_s3.body(f"streams/hls/{live_run.room.slug}/{RUN}/{PLAYLIST}").decode()
    assert recordings.live_hls_url(live_run.room_id) is not None and announced == []


@pytest.mark.django_db(transaction=True)
def test_every_rendition_and_audio_lane_of_a_ladder_is_finished(live_run, in_s3, announced):  # noqa: F811
    slug = live_run.room.slug
    master = (
        "#EXTM3U\n#EXT-X-VERSION:6\n"
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English",LANGUAGE="en",URI="en/index.m3u8"\n'
        '#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720,AUDIO="audio"\n720p/index.m3u8\n'
        '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,AUDIO="audio"\n360p/index.m3u8\n'
    )
    store(slug, PLAYLIST, master)
    for folder in ("720p", "360p", "en"):
        store(slug, f"{folder}/{PLAYLIST}", media_playlist(3))
    assert abandoned_runs.finish_abandoned_runs(now=later()).finished == [RUN]
    prefix = f"streams/hls/{slug}/{RUN}/"
    for folder in ("720p", "360p", "en"):
        assert in_s3.body(f"{prefix}{folder}/{PLAYLIST}").decode().endswith("#EXT-X-ENDLIST\n")
        assert in_s3.body(f"{prefix}{folder}/{LIVE_PLAYLIST}").decode().rstrip().endswith("#EXT-X-ENDLIST")
    assert in_s3.body(prefix + PLAYLIST).decode() == master  # the master lists, it does not end
    assert "720p/live.m3u8" in in_s3.body(prefix + LIVE_PLAYLIST).decode()
    assert Recording.objects.get(run_id=RUN).duration_seconds == 6.0


@pytest.mark.django_db(transaction=True)
def test_a_row_whose_run_stored_nothing_is_removed_and_a_young_one_kept(stage, in_s3, announced):  # noqa: F811
    for run_id, started in (("c" * 32, timedelta(minutes=10)), ("d" * 32, timedelta(seconds=5))):
        recordings.start_recording(
            room_id=stage.room_id,
            room_slug=stage.room.slug,
            run_id=run_id,
            started_at=timezone.now() - started,
            writer=WRITER,
        )
    swept = abandoned_runs.finish_abandoned_runs(now=timezone.now())
    assert swept.removed == ["c" * 32] and swept.finished == []
    assert list(Recording.objects.values_list("run_id", flat=True)) == ["d" * 32]  # started 5 s ago


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_finishes_them(live_run, in_s3, announced, settings):  # noqa: F811
    settings.STREAMS = {**settings.STREAMS, "ABANDONED_RUN_SECONDS": 0}
    assert "finish-abandoned-runs" in settings.CELERY_BEAT_SCHEDULE
    assert settings.CELERY_BEAT_SCHEDULE["finish-abandoned-runs"]["task"] == "streams.tasks.finish_abandoned_runs"
    result = tasks.finish_abandoned_runs.apply().result  # eager, as the suite runs tasks
    assert result == {"finished": [RUN], "removed": [], "recovered": []}
    assert Recording.objects.get(run_id=RUN).ended_at is not None
