"""The quality ladder (streams.hls_ladder, issue 16): one run in several renditions with a
master playlist (video renditions + an audio group), each rendition playable, served by
any process from the shared directory or from object storage (moto's S3 server)."""

from __future__ import annotations

import re
import threading

import av

from streams import hls_storage
from streams.hls import PLAYLIST, HlsEncoder
from streams.hls_ladder import AudioTrack, renditions_for, variant_map
from streams.hls_storage import LIVE_PLAYLIST, RunUploader
from tests.streams.test_hls_encoder import FPS, audio_frame, catch_up, finish, video_frame
from tests.system.fixtures_storage import s3_bucket, s3_server  # noqa: F401 (fixtures)

RUN = "fedcba9876543210fedcba9876543210"
HEIGHTS = [360, 180]


def encode_ladder(directory, seconds: int = 5, uploader: RunUploader | None = None) -> HlsEncoder:
    ready = threading.Event()
    on_ready = ready.set
    if uploader is not None:
        uploader.on_ready, on_ready = ready.set, lambda: None
    encoder = HlsEncoder(directory, True, on_ready, uploader=uploader, heights=HEIGHTS)
    encoder.start()
    audio_index = 0
    for index in range(seconds * FPS):
        encoder.put(("video", video_frame(index, 640, 360), index / FPS))
        while audio_index * 0.02 < (index + 1) / FPS:
            encoder.put(("audio", audio_frame(audio_index), audio_index * 0.02))
            audio_index += 1
        catch_up(encoder)
    finish(encoder)
    assert ready.is_set()
    return encoder


def test_the_ladder_is_sized_from_the_source_without_upscaling():
    ladder = renditions_for(1280, 720, [1080, 720, 360])
    assert [(r.name, r.width, r.height) for r in ladder] == [("1080p", 1280, 720), ("360p", 640, 360)]
    assert [r.height for r in renditions_for(1920, 1080, [360, 1080, 720])] == [1080, 720, 360]
    # Alternate audio (an interpreter's language) is one more entry of the same audio group.
    tracks = [AudioTrack("audio"), AudioTrack("audio-en", "en", default=False)]
    assert variant_map(renditions_for(640, 360, HEIGHTS), tracks) == (
        "v:0,agroup:aud,name:360p v:1,agroup:aud,name:180p "
        "a:0,agroup:aud,name:audio,language:und,default:yes a:1,agroup:aud,name:audio-en,language:en"
    )


def test_a_master_playlist_lists_renditions_that_each_play(tmp_path, settings, client):
    settings.STREAMS = {**settings.STREAMS, "HLS_ROOT": tmp_path}
    run = tmp_path / "main-forum" / RUN
    encode_ladder(run)
    master = (run / PLAYLIST).read_text()
    variants = re.findall(r"#EXT-X-STREAM-INF:.*RESOLUTION=(\d+x\d+).*AUDIO=\"(\w+)\"\n(\S+)", master)
    assert [(size, uri) for size, _, uri in variants] == [
        ("640x360", "360p/index.m3u8"),
        ("320x180", "180p/index.m3u8"),
    ]
    (group,) = {audio for _, audio, _ in variants}
    assert re.search(rf'#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="{group}",.*DEFAULT=YES.*URI="audio/index.m3u8"', master)
    for folder, size in (("360p", (640, 360)), ("180p", (320, 180))):
        text = (run / folder / PLAYLIST).read_text()
        assert text.rstrip().endswith("#EXT-X-ENDLIST") and text.count("#EXTINF") == 3
        with av.open(str(run / folder / PLAYLIST)) as container:
            frames = list(container.decode(video=0))
        assert len(frames) == 5 * FPS and {(f.width, f.height) for f in frames} == {size}
    with av.open(str(run / "audio" / PLAYLIST)) as container:
        assert sum(1 for _ in container.decode(audio=0)) >= 4 * 47

    # Served: the master, a live master pointing at each rendition's rolling playlist, and
    # the renditions' playlists and segments.
    base = f"/streams/hls/main-forum/{RUN}/"
    assert client.get(base + PLAYLIST).content.decode() == master
    live = client.get(base + LIVE_PLAYLIST).content.decode()
    assert "360p/live.m3u8" in live and "audio/live.m3u8" in live and "index.m3u8" not in live
    rolling = client.get(base + "360p/" + LIVE_PLAYLIST)
    assert rolling.status_code == 200 and "#EXT-X-MEDIA-SEQUENCE:0" in rolling.content.decode()
    segment = client.get(base + "180p/seg00001.ts")
    assert segment.status_code == 200 and segment["Cache-Control"].endswith("immutable")
    assert b"".join(segment.streaming_content) == (run / "180p" / "seg00001.ts").read_bytes()
    assert client.get(base + "../seg00001.ts").status_code == 404
    assert client.get(base + "NOPE/index.m3u8").status_code == 404


def test_a_ladder_is_uploaded_rendition_by_rendition(tmp_path, settings, s3_bucket):  # noqa: F811
    settings.STORAGES = {**settings.STORAGES, "hls": s3_bucket.storage_setting()}
    run = tmp_path / "spool" / "main-forum" / RUN
    encode_ladder(run, seconds=3, uploader=RunUploader(run))
    assert not run.exists()
    stored = s3_bucket.objects()
    prefix = f"streams/hls/main-forum/{RUN}/"
    for folder in ("360p", "180p", "audio"):
        assert {prefix + f"{folder}/{PLAYLIST}", prefix + f"{folder}/{LIVE_PLAYLIST}"} <= set(stored)
        assert sum(key.startswith(prefix + folder + "/seg") for key in stored) == 2
        assert s3_bucket.body(prefix + f"{folder}/{PLAYLIST}").decode().rstrip().endswith("#EXT-X-ENDLIST")
    master = s3_bucket.body(prefix + PLAYLIST).decode()
    assert hls_storage.variant_folders(master) == ["360p", "180p", "audio"]
    assert s3_bucket.body(prefix + LIVE_PLAYLIST).decode() == hls_storage.live_master(master)
