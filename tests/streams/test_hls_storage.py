"""HLS runs in object storage (streams.hls_storage, issue 16), against moto's S3 server on a
real socket: the encoder writes a spool that is uploaded as it grows (segments immutable,
playlists short-lived while live), any process serves the run from the bucket (read through
or redirected), a killed writer's spool is recovered into the bucket, and pruning empties it."""

from __future__ import annotations

import threading
import time
import urllib.request
from datetime import timedelta

import av
import pytest
from django.utils import timezone

from streams import hls_storage, leftovers, recordings, services
from streams.hls import PLAYLIST, QUEUE_DEPTH, HlsEncoder
from streams.hls_storage import LIVE_PLAYLIST, RunUploader
from streams.models import Recording, Session
from tests.programme import UTC_0526_0100
from tests.streams.test_hls_encoder import ENCODER_TIMEOUT, FPS, video_frame
from tests.streams.test_recording_leftovers import writer  # noqa: F401 (a fixture)
from tests.system.fixtures_storage import s3_bucket, s3_server  # noqa: F401 (fixtures)

RUN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def in_s3(settings, s3_bucket, tmp_path):  # noqa: F811
    settings.STORAGES = {**settings.STORAGES, "hls": s3_bucket.storage_setting()}
    settings.STREAMS = {**settings.STREAMS, "HLS_SPOOL": tmp_path / "spool", "HLS_SEGMENT_REDIRECT": False}
    assert hls_storage.is_remote() and hls_storage.work_root() == tmp_path / "spool"
    return s3_bucket


@pytest.fixture
def stage(transactional_db, event):
    return services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="主论坛",
        slug="main-forum",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=2),
    )


def encode_to_storage(directory, seconds: int = 5) -> RunUploader:
    ready = threading.Event()
    uploader = RunUploader(directory, ready.set)
    encoder = HlsEncoder(directory, False, lambda: pytest.fail("ready comes from the uploader"), uploader=uploader)
    encoder.start()
    for index in range(seconds * FPS):
        encoder.put(("video", video_frame(index), index / FPS))
        deadline = time.monotonic() + ENCODER_TIMEOUT  # keep every frame: content is checked
        while encoder.frames.qsize() > QUEUE_DEPTH // 2:
            assert time.monotonic() < deadline and encoder.is_alive(), "the encoder stopped taking frames"
            time.sleep(0.01)
    encoder.put(None)
    encoder.join(ENCODER_TIMEOUT)
    assert not encoder.is_alive() and encoder.failed is None and encoder.dropped == 0
    assert ready.is_set()
    return uploader


@pytest.mark.django_db
def test_a_run_is_uploaded_with_cache_headers_and_its_spool_removed(in_s3, tmp_path):
    directory = hls_storage.work_root() / "main-forum" / RUN
    uploader = encode_to_storage(directory)
    assert uploader.finished and not directory.exists()
    prefix = f"streams/hls/main-forum/{RUN}/"
    stored = in_s3.objects()
    segments = sorted(k for k in stored if k.endswith(".ts"))
    assert len(segments) == 3 and set(stored) == {*segments, prefix + PLAYLIST, prefix + LIVE_PLAYLIST}
    for name in segments:
        assert stored[name]["ContentType"] == "video/mp2t"
        assert stored[name]["CacheControl"] == "public, max-age=31536000, immutable"
    index = in_s3.body(prefix + PLAYLIST).decode()
    assert index.rstrip().endswith("#EXT-X-ENDLIST")
    assert stored[prefix + PLAYLIST]["CacheControl"] == "public, max-age=86400"
    assert stored[prefix + PLAYLIST]["ContentType"] == "application/vnd.apple.mpegurl"
    assert "#EXT-X-MEDIA-SEQUENCE:0" in in_s3.body(prefix + LIVE_PLAYLIST).decode()
    # The recording plays from what the bucket holds.
    local = tmp_path / "downloaded"
    local.mkdir()
    for key in (*segments, prefix + PLAYLIST):
        (local / key.rsplit("/", 1)[1]).write_bytes(in_s3.body(key))
    with av.open(str(local / PLAYLIST)) as container:
        assert sum(1 for _ in container.decode(video=0)) == 5 * FPS


def test_a_live_run_is_served_from_storage_by_any_process(in_s3, client, settings):
    """What another process (without the spool) answers: playlists read from the bucket with a
    one-second cache while live, segments through it or redirected to the bucket's URL."""
    prefix = f"main-forum/{RUN}/"
    live = "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:EVENT\n"
    live += "".join(f"#EXTINF:2.000000,\nseg{n:05d}.ts\n" for n in range(8))
    hls_storage.put(prefix + PLAYLIST, live.encode(), content_type="x", cache_control="x")
    hls_storage.put(prefix + "seg00007.ts", b"\x47segment", content_type="x", cache_control="x")
    base = f"/streams/hls/{prefix}"

    response = client.get(base + LIVE_PLAYLIST)
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=1"
    assert response["Content-Type"] == "application/vnd.apple.mpegurl"
    body = response.content.decode()
    assert "#EXT-X-MEDIA-SEQUENCE:2" in body and "seg00001.ts" not in body and "seg00007.ts" in body
    assert client.get(base + PLAYLIST).content.decode() == live

    segment = client.get(base + "seg00007.ts")
    assert segment.status_code == 200 and segment.content == b"\x47segment"
    assert segment["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(base + "seg00008.ts").status_code == 404
    assert client.get(f"/streams/hls/main-forum/{'f' * 32}/live.m3u8").status_code == 404

    settings.STREAMS = {**settings.STREAMS, "HLS_SEGMENT_REDIRECT": True}
    redirect = client.get(base + "seg00007.ts")
    assert redirect.status_code == 302 and redirect["Cache-Control"] == "public, max-age=300"
    assert redirect["Location"].startswith(in_s3.endpoint_url)
    with urllib.request.urlopen(redirect["Location"], timeout=10) as stored:  # a signed URL of the bucket
        assert stored.read() == b"\x47segment"

    hls_storage.put(prefix + PLAYLIST, (live + "#EXT-X-ENDLIST\n").encode(), content_type="x", cache_control="x")
    assert client.get(base + LIVE_PLAYLIST)["Cache-Control"] == "public, max-age=86400"


def test_a_killed_writers_spool_is_recovered_into_storage(stage, in_s3, writer):  # noqa: F811
    run = hls_storage.work_root() / stage.room.slug / ("a" * 32)
    recordings.start_recording(
        room_id=stage.room_id, room_slug=stage.room.slug, run_id=run.name, started_at=timezone.now()
    )
    writer(run).kill()
    assert in_s3.objects() == {}  # the writer process had no uploader: nothing stored yet
    assert leftovers.recover_leftovers().listed == [run.name]
    assert not run.exists()
    index = in_s3.body(f"streams/hls/{stage.room.slug}/{run.name}/{PLAYLIST}").decode()
    assert index.rstrip().endswith("#EXT-X-ENDLIST")
    assert all(
        f"streams/hls/{stage.room.slug}/{run.name}/{name}" in in_s3.objects()
        for name in hls_storage.segment_names(index)
    )
    (listed,) = recordings.recordings_of(stage.room_id)
    assert listed["duration_seconds"] >= 2


def test_prune_deletes_old_recordings_from_storage(stage, in_s3):
    old = Recording.objects.create(
        session=stage,
        room_slug=stage.room.slug,
        run_id="e" * 32,
        started_at=timezone.now() - timedelta(days=40),
        ended_at=timezone.now() - timedelta(days=40),
        duration_seconds=4,
    )
    kept = hls_storage.key(stage.room.slug, "f" * 32, PLAYLIST)
    for name in (PLAYLIST, "seg00000.ts"):
        hls_storage.put(
            hls_storage.key(stage.room.slug, old.run_id, name), b"1234", content_type="x", cache_control="x"
        )
    hls_storage.put(kept, b"kept", content_type="x", cache_control="x")
    pruned = leftovers.prune_recordings(days=30)
    assert pruned.run_ids == [old.run_id] and pruned.bytes_freed == 8
    assert set(in_s3.objects()) == {f"streams/hls/{kept}"}
    assert not Recording.objects.filter(pk=old.pk).exists()
