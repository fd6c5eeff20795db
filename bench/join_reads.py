"""The database reads of a logged-in join, per batch (live.batching), on a throwaway database.

    python -m bench.join_reads [--users 400] [--reps 64]

A token client's `auth` frame is checked with `accounts.services.check_tokens` (the token's
row and its user) and the stamp of its last use is written later, for many tokens together
(`live.handlers.session.TokenStamps`); the baseline in the same run is
`authenticate_tokens`, which stamps each batch as it checks it (what the join storm did
before). Both at first use (every token's stamp due, as in an opening minute) and again
(nothing due). Then the person's part of a join (`live.services.rooms.personal_parts`:
roles, ban, mute, own pending questions) per batch size, to show what a batch costs fixed.
DEBUG off (no query log), SQLite in a temp directory; each figure the best of three rounds
of `--reps` calls (bounded).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

BATCHES = (1, 4, 16, 64)


def setup_django(directory: str) -> None:
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-join-reads-" + "x" * 40)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["SQLITE_PATH"] = str(Path(directory) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def per_batch(call, batches: list[list], before=lambda: None, rounds: int = 3) -> float:
    """Milliseconds per call of `call(batch)` over `batches`, the best of `rounds` rounds
    (`before()` runs ahead of each, untimed)."""
    best = float("inf")
    for _ in range(rounds):
        before()
        started = time.perf_counter()
        for batch in batches:
            call(batch)
        best = min(best, (time.perf_counter() - started) * 1000 / len(batches))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--reps", type=int, default=200, help="batches per round (default 200)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-join-reads-") as directory:
        setup_django(directory)
        from accounts.models import ApiToken, User
        from accounts.services import authenticate_tokens, check_tokens, create_api_token
        from live.models import Room
        from live.services.rooms import personal_parts

        users = [User.objects.create_user(username=f"reader{i}", password=None) for i in range(args.users)]
        keys = [create_api_token(user=user, name="bench") for user in users]
        room = Room.objects.create(slug="bench", name="Bench")
        print(f"join reads: {args.users} users, best of 3 rounds of {args.reps} batches, SQLite, DEBUG off")
        heading = f"{'batch':>6}  {'stamping each batch':>20}  {'check, stamp later':>19}  ratio"
        print(f"{heading}   again: {'stamp':>6} {'check':>6}")
        for size in BATCHES:
            batches = [[keys[(i * size + j) % len(keys)] for j in range(size)] for i in range(args.reps)]

            def unstamped() -> None:
                ApiToken.objects.update(last_used_at=None)

            stamping = per_batch(authenticate_tokens, batches, unstamped)
            checking = per_batch(check_tokens, batches, unstamped)
            authenticate_tokens(keys)  # every stamp fresh: nothing due
            again_stamp = per_batch(authenticate_tokens, batches)
            again_check = per_batch(check_tokens, batches)
            print(
                f"{size:>6}  {stamping:>17.2f} ms  {checking:>16.2f} ms  {checking / stamping:>5.2f}"
                f"          {again_stamp:>6.2f} {again_check:>6.2f} ms"
            )
        print("personal part of a join (personal_parts), per batch:")
        for size in BATCHES:
            batches = [[users[(i * size + j) % len(users)] for j in range(size)] for i in range(args.reps)]
            cost = per_batch(lambda batch: personal_parts(room, batch), batches)
            print(f"{size:>6}  {cost:.2f} ms per batch, {cost * 1000 / size:.0f} µs per person")


if __name__ == "__main__":
    main()
