"""Prepare a fresh Pavilion database for the room benchmark (run in its own process).

Migrates the database named by the environment (SQLITE_PATH / DATABASE_URL), creates the
room "bench" open to guests and `--senders` users with API tokens, and prints the tokens
as JSON on stdout. Refuses to touch a database that already has a "bench" room.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--senders", type=int, required=True)
    parser.add_argument("--room", default="bench")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")  # a measurement on a development machine
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import User
    from accounts.services import create_api_token
    from live.models import Room

    call_command("migrate", verbosity=0, interactive=False)
    if Room.objects.filter(slug=args.room).exists():
        sys.exit(f"room {args.room!r} exists already: the benchmark wants a fresh database")
    Room.objects.create(slug=args.room, name="Benchmark", allow_guests=True)
    tokens = []
    for index in range(args.senders):
        user = User.objects.create_user(username=f"bench-sender-{index}", display_name=f"Sender {index}")
        tokens.append(create_api_token(user=user, name="bench"))
    print(json.dumps({"room": args.room, "tokens": tokens}))


if __name__ == "__main__":
    main()
