"""Every registered server frame type and every ack model is emitted by some test.

The validating test clients (tests/conftest.py's Client, tests/system/conftest.py's WsClient)
record each frame they receive. When the whole `tests/` directory runs (browser tests may be
left out: they do not record) and everything passed, the session fails if a frame type of
live.protocol.SERVER_FRAMES or an ack model of a registered command was never seen: a frame
nobody tests is a frame whose shape nobody checks. A partial run (some paths, `-k`,
`--deselect`) checks nothing, since it cannot know what the other tests emit.

`make test` runs the suite in passes none of which is the whole (scripts/test-passes.sh): with
PAVILION_FRAMES_SEEN set, a session only appends what it saw to that file, and
`python -m tests.frame_coverage FILE` checks the sum once every pass is done.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent
# Between processes only (on the message bus): no client ever receives them.
NEVER_SENT_TO_CLIENTS = frozenset({"access.recheck"})

seen_types: set[str] = set()
seen_acks: set[str] = set()


def record(frame: dict[str, Any], reply_to: str | None) -> None:
    """A frame a test client received (and validated)."""
    from live.registry import COMMANDS

    seen_types.add(frame.get("type", ""))
    if frame.get("type") != "ack":
        return
    command = COMMANDS.get(reply_to) if reply_to is not None else None
    if command is not None:
        seen_acks.add(command.ack.__name__)


def missing(types: set[str], acks: set[str]) -> tuple[list[str], list[str]]:
    """The registered frame types and ack models not in what was seen."""
    from live.protocol import SERVER_FRAMES
    from live.registry import COMMANDS

    frames = sorted(set(SERVER_FRAMES) - types - NEVER_SENT_TO_CLIENTS)
    ack_models = sorted({command.ack.__name__ for command in COMMANDS.values()} - acks)
    return frames, ack_models


def enforced(args: list[str], keyword: str, deselect: list[str] | None, markexpr: str) -> bool:
    """Only a run of the whole suite can tell that nothing emits a frame."""
    paths = [Path(arg.split("::")[0]).resolve() for arg in args] or [TESTS_DIR]
    whole = all(path == TESTS_DIR or TESTS_DIR.is_relative_to(path) for path in paths)
    return whole and not keyword and not deselect and markexpr in ("", "not e2e")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    log = os.environ.get("PAVILION_FRAMES_SEEN")
    if log:  # to add up partial runs: one line per type or ack model seen
        with open(log, "a", encoding="utf-8") as out:
            out.writelines(f"{name}\n" for name in sorted(seen_types | seen_acks))
        return  # checked over the sum (check_log)
    if exitstatus != 0 or not enforced(
        list(config.args), config.option.keyword, config.getoption("deselect"), config.option.markexpr
    ):
        return
    frames, acks = missing(seen_types, seen_acks)
    if frames or acks:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        message = (
            "Registered server frames no test received (tests/frame_coverage.py): "
            f"frame types {frames}, ack models {acks}"
        )
        if reporter is not None:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def check_log(path: str) -> str | None:
    """What no pass received, over the names the passes appended to `path` (None: nothing)."""
    seen = set(Path(path).read_text(encoding="utf-8").split()) if Path(path).exists() else set()
    frames, acks = missing(seen, seen)
    if frames or acks:
        return (
            "Registered server frames no test received (tests/frame_coverage.py): "
            f"frame types {frames}, ack models {acks}"
        )
    return None


def main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    problem = check_log(argv[0])
    print(problem or f"every registered server frame type and ack model was received ({argv[0]})")
    return 1 if problem else 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
