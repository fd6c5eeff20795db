"""Translating a page of user texts: a conversation page of N messages, cold (nothing cached)
one text at a time vs. `for_reader_many` (batched, concurrent chunks), and warm (all cached).
The backend is the LibreTranslate double of the tests on a real socket, each answer delayed
by --latency seconds (what a real engine costs per request). docs/performance.md, "Translation".

    .venv/bin/python -m bench.translation --messages 50 --latency 0.2
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(tmp: str, url: str) -> None:
    os.environ.setdefault("DEBUG", "1")
    os.environ["SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["TRANSLATION_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "translation", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()

    from tests.translation.libretranslate_double import LibreTranslateDouble

    server = LibreTranslateDouble().start()
    server.latency = args.latency
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp, server.url)
        from django.core.cache import cache

        from translation.models import CachedTranslation
        from translation.selectors import Text, for_reader, for_reader_many

        def page(prefix: str) -> list[str]:
            return [f"{prefix}第{n}条消息：我们希望在人工智能芯片方面合作。" for n in range(args.messages)]

        def timed(fn) -> tuple[float, int]:
            asked = len(server.requests)
            start = time.perf_counter()
            fn()
            return time.perf_counter() - start, len(server.requests) - asked

        cache.set("translation:codes:" + server.url, ["zh-Hans", "en"])  # leave /languages out
        one_by_one = timed(lambda: [for_reader(text, reader_lang="en") for text in page("甲")])
        batched = timed(lambda: for_reader_many([Text(text) for text in page("乙")], reader_lang="en"))
        warm = timed(lambda: for_reader_many([Text(text) for text in page("乙")], reader_lang="en"))
        print(f"{args.messages} messages, backend latency {args.latency * 1000:.0f} ms per request")
        for name, (seconds, requests) in (
            ("cold, one text at a time", one_by_one),
            ("cold, for_reader_many", batched),
            ("warm (cached), for_reader_many", warm),
        ):
            print(f"  {name:32} {seconds * 1000:8.1f} ms  {requests:3} requests")
        print(f"  cached rows: {CachedTranslation.objects.count()}")
    server.stop()


if __name__ == "__main__":
    main()
