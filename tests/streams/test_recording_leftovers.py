"""Media leftovers (streams.leftovers): a packaging process killed mid-run leaves a playlist
without ENDLIST; the next process finishes it and lists it as a recording (at its first
stage start), never touching a run whose writer still lives. Old recordings are pruned with
their files by `manage.py prune_recordings`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import av
import pytest
from aiortc import RTCPeerConnection
from channels.db import database_sync_to_async
from django.core.management import CommandError, call_command
from django.utils import timezone

from streams import leftovers, packaging, recordings, services
from streams.hls import PLAYLIST, WRITER_LOCK
from streams.media import media
from streams.models import Recording, Session
from tests.programme import UTC_0526_0100
from tests.system.rtc import ColourBars

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]
WRITER_TIMEOUT = 60


@pytest.fixture(autouse=True)
def hls_in_tmp(settings, tmp_path):
    settings.STREAMS = {**settings.STREAMS, "HLS_ROOT": tmp_path / "hls"}
    return tmp_path / "hls"


@pytest.fixture
def stage(transactional_db, event):
    session = services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="主论坛",
        title_en="Main forum",
        slug="main-forum",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=2),
    )
    return session


class Writer:
    """streams.hls's encoder in another process, writing one run until killed."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "tests/streams/hls_writer.py"), str(directory)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_for_segments(self) -> None:
        line = self.process.stdout.readline()  # blocks until the writer says so (or dies)
        assert line.strip() == b"segments", f"the writer exited: {self.process.poll()}"

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(WRITER_TIMEOUT)
        self.process.stdout.close()


@pytest.fixture
def writer():
    started: list[Writer] = []

    def start(directory: Path) -> Writer:
        w = Writer(directory)
        started.append(w)
        w.wait_for_segments()
        return w

    yield start
    for w in started:
        if w.process.poll() is None:
            w.kill()


def test_a_killed_writers_run_is_finished_and_listed(stage, writer, hls_in_tmp):
    run = hls_in_tmp / stage.room.slug / ("a" * 32)
    recordings.start_recording(
        room_id=stage.room_id, room_slug=stage.room.slug, run_id=run.name, started_at=timezone.now()
    )
    alive = writer(run)
    # While the writer lives its run is left alone.
    assert leftovers.recover_leftovers().listed == []
    assert "#EXT-X-ENDLIST" not in (run / PLAYLIST).read_text()
    assert recordings.recordings_of(stage.room_id) == []

    alive.kill()  # SIGKILL: no cleanup, the lock file stays but nobody holds it
    assert (run / WRITER_LOCK).exists() and "#EXT-X-ENDLIST" not in (run / PLAYLIST).read_text()
    assert leftovers.recover_leftovers().listed == [run.name]
    text = (run / PLAYLIST).read_text()
    assert text.rstrip().endswith("#EXT-X-ENDLIST") and not list(run.glob("*.tmp"))
    (listed,) = recordings.recordings_of(stage.room_id)
    assert listed["url"].endswith(f"/{stage.room.slug}/{run.name}/index.m3u8")
    assert listed["duration_seconds"] >= 2 and listed["ended_at"]
    with av.open(str(run / PLAYLIST)) as container:  # a VOD playlist that plays
        assert sum(1 for _ in container.decode(video=0)) >= 30
    # Once is enough: a second pass changes nothing.
    assert leftovers.recover_leftovers().listed == []
    assert text == (run / PLAYLIST).read_text()


def test_a_leftover_without_a_row_is_listed_and_an_empty_one_removed(stage, writer, hls_in_tmp):
    run = hls_in_tmp / stage.room.slug / ("b" * 32)
    writer(run).kill()
    empty = hls_in_tmp / stage.room.slug / ("c" * 32)
    empty.mkdir(parents=True)
    (empty / PLAYLIST).write_text("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:2\n")
    (empty / WRITER_LOCK).write_bytes(b"")
    Recording.objects.create(session=stage, room_slug=stage.room.slug, run_id=empty.name)
    stranger = hls_in_tmp / "no-such-stage" / ("d" * 32)
    writer(stranger).kill()

    done = leftovers.recover_leftovers()
    assert done.listed == [run.name] and done.removed == [empty.name]
    assert not empty.exists() and not Recording.objects.filter(run_id=empty.name).exists()
    row = Recording.objects.get(run_id=run.name)
    assert row.session_id == stage.pk and row.ended_at and row.duration_seconds >= 2
    # A run of no stage is left as it is (nothing to list it under).
    assert "#EXT-X-ENDLIST" not in (stranger / PLAYLIST).read_text()


async def test_the_first_stage_start_recovers(connect, make_user, stage, writer, hls_in_tmp):
    """Not at import or app start: at the process's first packaging run."""
    room = await database_sync_to_async(lambda: stage.room.slug)()
    run = hls_in_tmp / room / ("e" * 32)
    writer(run).kill()
    packaging.recovery.done = False
    laura = await make_user("laura")
    await database_sync_to_async(lambda: stage.speakers.add(services.create_speaker(name="Laura", user=laura)))()
    assert await database_sync_to_async(recordings.recordings_of)(stage.room_id) == []
    speaker = await connect(laura)
    await speaker.ok("room.join", room=room)
    await speaker.ok("stage.set_state", room=room, state="live")
    assert await database_sync_to_async(recordings.recordings_of)(stage.room_id) == []  # no run yet
    pc = RTCPeerConnection()
    try:
        pc.addTransceiver(ColourBars(), direction="sendonly")
        await pc.setLocalDescription(await pc.createOffer())
        await speaker.ok("rtc.publish", room=room, sdp=pc.localDescription.sdp)  # the first run starts
        listed = await database_sync_to_async(recordings.recordings_of)(stage.room_id)
        assert [r["url"].split("/")[-2] for r in listed] == [run.name]
    finally:
        await media.close_all()
        for active in list(packaging.packagers.runs.values()):
            await packaging.packagers._stop(active)
        packaging.packagers.live_rooms.clear()
        await pc.close()


def make_recording(stage, hls_root: Path, run_id: str, ended_days_ago: float | None) -> Path:
    now = timezone.now()
    directory = hls_root / stage.room.slug / run_id
    directory.mkdir(parents=True)
    (directory / PLAYLIST).write_text("#EXTM3U\n#EXTINF:2.0,\nseg00000.ts\n#EXT-X-ENDLIST\n")
    (directory / "seg00000.ts").write_bytes(b"\0" * 1000)
    started = now - timedelta(days=(ended_days_ago or 0) + 0.1)
    ended = None if ended_days_ago is None else now - timedelta(days=ended_days_ago)
    Recording.objects.create(
        session=stage, room_slug=stage.room.slug, run_id=run_id, started_at=started, ended_at=ended, duration_seconds=2
    )
    return directory


def test_prune_deletes_old_recordings_and_their_files(stage, hls_in_tmp, settings):
    old = make_recording(stage, hls_in_tmp, "1" * 32, ended_days_ago=40)
    recent = make_recording(stage, hls_in_tmp, "2" * 32, ended_days_ago=5)
    unfinished_old = make_recording(stage, hls_in_tmp, "3" * 32, ended_days_ago=None)
    Recording.objects.filter(run_id="3" * 32).update(started_at=timezone.now() - timedelta(days=50))

    out = StringIO()
    call_command("prune_recordings", "--days", "30", "--dry-run", stdout=out)
    assert "Would delete 2 recording(s)" in out.getvalue() and old.exists() and Recording.objects.count() == 3

    settings.STREAMS = {**settings.STREAMS, "RECORDING_RETENTION_DAYS": 30}
    out = StringIO()
    call_command("prune_recordings", stdout=out)
    assert "Deleted 2 recording(s) older than 30 days" in out.getvalue()
    assert not old.exists() and not unfinished_old.exists() and recent.exists()
    assert list(Recording.objects.values_list("run_id", flat=True)) == ["2" * 32]


def test_prune_without_retention_keeps_everything_and_refuses_bad_days(stage, hls_in_tmp):
    kept = make_recording(stage, hls_in_tmp, "4" * 32, ended_days_ago=400)
    out = StringIO()
    call_command("prune_recordings", stdout=out)
    assert "every recording is kept" in out.getvalue() and kept.exists()
    for bad in ("0", "-3"):
        with pytest.raises(CommandError, match="at least 1"):
            call_command("prune_recordings", "--days", bad)
    assert Recording.objects.count() == 1


def test_prune_never_leaves_the_hls_root(stage, hls_in_tmp, tmp_path):
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    Recording.objects.create(
        session=stage,
        room_slug="..",
        run_id="precious",
        started_at=timezone.now() - timedelta(days=60),
        ended_at=timezone.now() - timedelta(days=59),
    )
    call_command("prune_recordings", "--days", "30", stdout=StringIO())
    assert (outside / "keep.txt").exists() and not Recording.objects.exists()
