"""The 征集表 import's speed and memory (docs/performance.md, "Imports").

    .venv/bin/python -m bench.imports                      # 1,000 and 10,000 rows, XLSX
    .venv/bin/python -m bench.imports --sizes 10000 --format csv

For each size: a file of that many rows (three postings per organisation, so N/3
organisations and contact accounts) is generated, then imported twice into a fresh SQLite
database (a temp directory, migrated), as new rows, timed (rows/s of the whole job:
counting, checking, writing, the report), while a thread samples the process's resident set
every 20 ms: "peak MB" is the highest RSS during the job minus the RSS before it. It should
not grow with the file: rows are streamed and written in batches. A re-import of the same
file (everything "skipped") is timed too. `--tracemalloc` adds the tracemalloc peak of a
third import (slow: tracemalloc costs several times the run).
`--timeout` (seconds, default 900) bounds the whole run.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(tmp: str) -> None:
    os.environ["DEBUG"] = "1"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(Path(tmp) / "media")
    call_command("migrate", verbosity=0, interactive=False)
    # As a production worker runs: no query log (DEBUG would keep the last 9,000 queries).
    settings.DEBUG = False


def make_file(tmp: str, size: int, start: int, fmt: str) -> str:
    from matchmaking.imports.samples import many, write_csv, write_xlsx

    path = str(Path(tmp) / f"rows-{start}-{size}.{fmt}")
    if fmt == "csv":
        write_csv(path, many(size, start), with_kind="项目合作")
    else:
        write_xlsx(path, {"project_cooperation": many(size, start)})
    return path


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class RssPeak:
    def __enter__(self) -> RssPeak:
        import threading

        self.before = self.peak = rss()
        self.stop = threading.Event()

        def sample() -> None:
            while not self.stop.wait(0.02):
                self.peak = max(self.peak, rss())

        self.thread = threading.Thread(target=sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        self.peak = max(self.peak, rss())

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.before) / 1e6


def run_file(path: str, organizer) -> tuple[float, object]:
    from django.core.files import File

    from matchmaking.imports import runner, services
    from matchmaking.models import ImportJob

    with open(path, "rb") as handle:
        job = services.upload(organizer, File(handle, name=os.path.basename(path)), mode="valid_rows")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    began = time.perf_counter()
    job = runner.run(job.pk)
    return time.perf_counter() - began, job


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, lambda *_: sys.exit(f"bench.imports: stopped after {args.timeout} s (--timeout)"))
    signal.alarm(args.timeout)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from accounts.models import User

        organizer = User.objects.create_user("bench-organizer", password="x", is_staff=True)
        print(f"format {args.format}; SQLite; rows/s of the whole job; peak = RSS growth during the job")
        print(
            f"{'rows':>7} {'file MB':>8} {'import s':>9} {'rows/s':>8} {'re-import rows/s':>17} {'peak MB':>8}", end=""
        )
        print(f" {'tracemalloc MB':>15}" if args.tracemalloc else "")
        start = 0
        for size in sizes:
            path = make_file(tmp, size, start, args.format)
            megabytes = os.path.getsize(path) / 1e6
            with RssPeak() as memory:
                seconds, job = run_file(path, organizer)
            assert job.status == "done" and job.created_count == size, (job.status, job.created_count, job.message)
            again, job2 = run_file(path, organizer)
            assert job2.skipped_count == size, (job2.skipped_count, job2.error_rows)
            start += size
            line = f"{size:>7} {megabytes:>8.2f} {seconds:>9.1f} {size / seconds:>8.0f} {size / again:>17.0f}"
            line += f" {memory.growth_mb:>8.1f}"
            if args.tracemalloc:
                path = make_file(tmp, size, start, args.format)
                tracemalloc.start()
                run_file(path, organizer)
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                start += size
                line += f" {peak / 1e6:>15.1f}"
            print(line, flush=True)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process peak RSS over the whole run: {rss:.0f} MB")


if __name__ == "__main__":
    main()
