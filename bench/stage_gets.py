"""A stage page's `stage.get` storm: the reads of N askers of one stage at once.

    python -m bench.stage_gets [--askers 1000] [--rounds 3]

Everyone who opens a stage page sends `stage.get` after joining. Baseline (the same run):
each asker reads the stage on its own (`read_async(_stored)` per call, what `stage.get` did
before); now: the askers of the same moment share reads (`streams.packaging.stored_reads`,
live.batching). Both on the same read threads, SQLite in a temp directory, DEBUG off; the
stage has two recordings and a live run. Prints the wall time for all answers, the reads
made, and the ratio. Bounded: `--askers` calls per round, `--rounds` rounds each.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import timedelta

from bench.join_reads import setup_django


async def storm(ask, room_id: int, askers: int) -> float:
    started = time.perf_counter()
    answers = await asyncio.gather(*(ask(room_id) for _ in range(askers)))
    assert all(answer["state"] == "live" for answer in answers)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--askers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-stage-gets-") as directory:
        setup_django(directory)
        from django.utils import timezone

        from live.dbread import read_async
        from streams import packaging, recordings, services
        from streams.models import Session

        now = timezone.now()
        event = services.create_event(name="大会", slug="bench", starts_at=now, ends_at=now + timedelta(days=1))
        session = services.create_session(
            event=event, kind=Session.Kind.OPENING_CEREMONY, title="开幕式", slug="opening", starts_at=now,
            ends_at=now + timedelta(hours=1),
        )  # fmt: skip
        Session.objects.filter(pk=session.pk).update(stream_state=Session.StreamState.LIVE)
        room_id, slug = session.room_id, session.room.slug
        for n in range(3):  # two finished recordings and the live run
            recordings.start_recording(room_id=room_id, room_slug=slug, run_id=f"{n:032d}", started_at=now)
            if n < 2:
                recordings.finish_recording(run_id=f"{n:032d}", duration_seconds=60.0)

        async def alone(room: int) -> dict:
            return await read_async(packaging._stored)(room)

        async def shared(room: int) -> dict:
            return await packaging.stored_reads.load(room)

        async def measure() -> None:
            print(f"stage.get storm: {args.askers} askers of one stage, best of {args.rounds}, SQLite, DEBUG off")
            best = {}
            for name, ask in (("each reads alone (before)", alone), ("shared reads (now)", shared)):
                reads = packaging.stored_reads.reads
                best[name] = min([await storm(ask, room_id, args.askers) for _ in range(args.rounds)])
                made = packaging.stored_reads.reads - reads if ask is shared else args.askers * args.rounds
                print(
                    f"  {name:<27} {best[name] * 1000:8.1f} ms for all answers, "
                    f"{made / args.rounds:7.1f} reads per storm"
                )
            before, now_ = best.values()
            print(f"  ratio (now / before): {now_ / before:.3f}")

        asyncio.run(measure())


if __name__ == "__main__":
    main()
