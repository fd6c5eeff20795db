"""py-spy on a server process during the sending phase, and a summary of where it spent time.

`py-spy record --format raw` writes collapsed stacks ("frame;frame;… count", the input of
flamegraph.pl; speedscope.app opens it too). From them: the share of samples per thread,
the functions at the top of the stack (self time) and the functions anywhere on it
(inclusive time). py-spy samples only threads that are running (not idle), so the shares
are shares of the CPU the server used.
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bench.common import die_with_parent

LOCATION = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def py_spy() -> str:
    found = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(found).exists():
        raise RuntimeError("py-spy not found: pip install -r bench/requirements.txt")
    return found


def start(pid: int, seconds: float, output: Path, rate: int = 100) -> subprocess.Popen:
    argv = [py_spy(), "record", "--pid", str(pid), "--duration", str(max(1, int(seconds)))]
    argv += ["--rate", str(rate), "--format", "raw", "--threads", "--nonblocking", "--output", str(output)]
    log = open(output.with_suffix(".log"), "wb")
    try:
        return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
    finally:
        log.close()


def stop(process: subprocess.Popen, timeout: float) -> None:
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def _short(frame: str) -> str:
    match = LOCATION.match(frame)
    if not match:
        return frame
    path = match["file"]
    for marker in ("site-packages/", "lib/python3.11/", "/work/main/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{match['func']} ({path})"


def summarize(collapsed: Path, top: int = 25) -> dict:
    threads: collections.Counter[str] = collections.Counter()
    self_time: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in collapsed.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        # With --threads the first frames are "process …" and "thread (0x…)".
        thread = next((f for f in frames[:2] if f.startswith("thread ")), "thread ?")
        code = [_short(f) for f in frames if not f.startswith(("process ", "thread "))]
        if not code:
            continue
        total += count
        threads[thread] += count
        self_time[code[-1]] += count
        for name in set(code):
            inclusive[name] += count

    def share(counter: collections.Counter[str]) -> list[tuple[str, float]]:
        return [(name, round(100 * n / total, 1)) for name, n in counter.most_common(top)]

    return {"samples": total, "threads": share(threads), "self": share(self_time), "inclusive": share(inclusive)}


def print_summary(summary: dict, title: str) -> None:
    print(f"\nProfile of {title}: {summary['samples']} samples (threads running Python)")
    for heading, key, limit in (("by thread", "threads", 6), ("self", "self", 20), ("inclusive", "inclusive", 25)):
        print(f"  {heading}:")
        for name, pct in summary[key][:limit]:
            print(f"    {pct:5.1f}%  {name}")
