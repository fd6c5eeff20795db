"""Hall scene benchmark (issue 17): the 3D hall page of a 1,000-booth hall against the
62-booth demo hall, in headless Chromium (SwiftShader WebGL), in the same run.

    .venv/bin/python -m bench.scenes [--booths 1000] [--runs 3]

Builds a throw-away SQLite database (migrate, `load_demo_exhibition`: the 62-booth demo
hall; a second hall with the same zones and boards filled to `--booths` live booths), starts
Daphne on 127.0.0.1 and a free port, and opens each hall's page `--runs` times, alternating.
Per hall it reads, through the page's renderer hook (window.pavilionHall.info, as the
browser tests do): the overview's draw calls and triangles; the first frame time (from the
descriptor's fetch to the first frame drawn and finished: fetch, parse, level-of-detail
set-up, shader compilation, upload); the mean time of 20 more renders of the overview; and
the hall descriptor's size as served (gzip) and raw. Ratios: 1,000-booth / 62-booth, and
1,000-booth / the 62-booth hall with every booth in full (`?lod=full`: every zone's detail
fetched before the first frame, every booth drawn in full, as before issue 17).
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import free_port, wait_port

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
PAGE_TIMEOUT = 180_000  # ms


def prepare(booths: int) -> tuple[str, str]:
    import django

    django.setup()
    from django.core.management import call_command

    from halls.demo_booths import fill_hall
    from halls.models import Board, Hall, Zone

    call_command("migrate", verbosity=0)
    call_command("load_demo_exhibition", not_production=True, verbosity=0)
    demo = Hall.objects.get()
    big = Hall.objects.create(slug="bench-big", name="千展位演示展厅", name_en="Thousand-booth demo hall")
    for zone in Zone.objects.filter(hall=demo).order_by("order"):
        copy = Zone.objects.create(
            hall=big, slug=zone.slug, code=zone.code, name=zone.name, name_en=zone.name_en, order=zone.order
        )
        for board in Board.objects.filter(zone=zone).order_by("order"):
            Board.objects.create(
                zone=copy, slug=board.slug, code=board.code, name=board.name, name_en=board.name_en, order=board.order
            )
    started = time.monotonic()
    fill_hall(big, booths)
    print(f"prepared: {booths} booths in {time.monotonic() - started:.0f} s", flush=True)
    return demo.slug, big.slug


def descriptor_sizes(base: str, slug: str) -> dict[str, int]:
    url = f"{base}/exhibition/scenes/hall/{slug}.json"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}), timeout=120) as r:
        packed = r.read()
        assert r.headers.get("Content-Encoding") == "gzip", r.headers
    return {"gzip": len(packed), "raw": len(gzip.decompress(packed))}


def measure(browser, base: str, slug: str, query: str = "") -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(f"{base}/exhibition/{slug}/{query}", timeout=PAGE_TIMEOUT)
        page.wait_for_function("document.querySelector('#hall').dataset.ready === 'true'", timeout=PAGE_TIMEOUT)
        page.wait_for_timeout(300)  # the animation frames after the first have run
        return page.evaluate(
            """() => {
              const h = window.pavilionHall;
              const info = h.info();
              return {calls: info.calls, triangles: info.triangles, booths: h.booths,
                      firstFrameMs: h.timings.firstFrameMs, loadMs: h.timings.loadMs,
                      renderMs: h.timeRenders(20)};
            }"""
        )
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--booths", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    runs = max(1, min(options.runs, 10))

    work = Path(tempfile.mkdtemp(prefix="pavilion-bench-scenes-"))
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(work / "media"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONUNBUFFERED": "1",
        }
    )
    os.environ.update(env)
    for name in ("REDIS_URL",):
        os.environ.pop(name, None)
    server = log = None
    try:
        small, big = prepare(options.booths)
        port = free_port()
        log = (work / "daphne.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_port(port, 60, alive=lambda: server.poll() is None)
        base = f"http://127.0.0.1:{port}"
        sizes = {slug: descriptor_sizes(base, slug) for slug in (small, big)}  # also builds both once

        from playwright.sync_api import sync_playwright

        # "full": the 62-booth hall with every booth drawn in full (?lod=full), as the hall
        # was drawn before issue 17: the baseline the goal names ("today's 62-booth hall").
        results: dict[str, list[dict[str, float]]] = {small: [], big: [], "full": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                measure(browser, base, small)  # warm-up: Daphne's first requests, Chromium's caches
                for _ in range(runs):
                    results["full"].append(measure(browser, base, small, "?lod=full"))
                    for slug in (small, big):
                        results[slug].append(measure(browser, base, slug))
            finally:
                browser.close()

        def median(slug: str, key: str) -> float:
            return statistics.median(r[key] for r in results[slug])

        print(f"\n{'hall':<12}{'booths':>7}{'draw calls':>12}{'triangles':>11}"
              f"{'gzip KB':>9}{'raw KB':>8}{'1st frame ms':>14}{'render ms':>11}")  # fmt: skip
        sizes["full"] = sizes[small]
        for label, slug in (("62, full", "full"), ("62-booth", small), (f"{options.booths}-booth", big)):
            r = results[slug][-1]
            print(
                f"{label:<12}{r['booths']:>7}{r['calls']:>12}{r['triangles']:>11}"
                f"{sizes[slug]['gzip'] / 1024:>9.0f}{sizes[slug]['raw'] / 1024:>8.0f}"
                f"{median(slug, 'firstFrameMs'):>14.0f}{median(slug, 'renderMs'):>11.1f}"
            )
        print(
            f"\nratios ({options.booths} / 62, medians of {runs} runs): "
            f"first frame {median(big, 'firstFrameMs') / median(small, 'firstFrameMs'):.2f}, "
            f"render {median(big, 'renderMs') / median(small, 'renderMs'):.2f}, "
            f"draw calls {results[big][-1]['calls'] / results[small][-1]['calls']:.2f}, "
            f"descriptor (gzip) {sizes[big]['gzip'] / sizes[small]['gzip']:.2f}"
        )
        print(
            f"against the 62-booth hall all in full (before issue 17): "
            f"first frame {median(big, 'firstFrameMs') / median('full', 'firstFrameMs'):.2f}, "
            f"render {median(big, 'renderMs') / median('full', 'renderMs'):.2f}, "
            f"draw calls {results[big][-1]['calls'] / results['full'][-1]['calls']:.2f}"
        )
        goals = {
            "draw calls <= 150": results[big][-1]["calls"] <= 150,
            "descriptor <= 1 MB gzip": sizes[big]["gzip"] <= 1_000_000,
            "first frame no slower than the 62-booth hall in full": median(big, "firstFrameMs")
            <= median("full", "firstFrameMs"),
        }
        print("goals: " + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in goals.items()))
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, 9)
            server.wait(timeout=10)
        if log is not None:
            log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
