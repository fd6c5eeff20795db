"""Prepare a fresh Pavilion database for the room benchmark (run in its own process).

Migrates the database named by the environment (SQLITE_PATH / DATABASE_URL), creates the
room "bench" open to guests and `--senders` users with API tokens, and `--members` more users
each with an API token and a logged-in Django session (what a browser's cookie names), and
prints the tokens and session keys as JSON on stdout. Refuses to touch a database that already has a "bench" room.

For a running cluster (`python -m bench.rooms --url`), point it at the cluster's database and
give each run a room of its own: `DATABASE_URL=… python -m bench.prepare --senders 3 --room
opening-1 > var/bench-tokens.json` (usernames carry the room, so runs do not collide).
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--senders", type=int, required=True)
    parser.add_argument("--members", type=int, default=0, help="receiving users: a token and a session each")
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
        user = User.objects.create_user(username=f"bench-{args.room}-sender-{index}", display_name=f"Sender {index}")
        tokens.append(create_api_token(user=user, name="bench"))
    member_tokens, sessions = make_members(args.members, f"bench-{args.room}-member-")
    print(json.dumps({"room": args.room, "tokens": tokens, "member_tokens": member_tokens, "sessions": sessions}))


def make_members(count: int, prefix: str = "bench-member-") -> tuple[list[str], list[str]]:
    """`count` users in bulk (no password: nobody logs in by form), each with an API token and
    a session as django.contrib.auth.login stores it; returns the tokens and session keys."""
    import datetime
    import secrets

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from accounts.models import ApiToken, User
    from accounts.services import hash_token

    if count <= 0:
        return [], []
    unusable = make_password(None)
    users = [User(username=f"{prefix}{i}", display_name=f"Member {i}", password=unusable) for i in range(count)]
    User.objects.bulk_create(users, batch_size=500)
    users = list(User.objects.filter(username__startswith=prefix).order_by("pk"))
    tokens = ["pv_" + secrets.token_urlsafe(32) for _ in users]
    ApiToken.objects.bulk_create(
        [
            ApiToken(user=u, name="bench", key_hash=hash_token(t), prefix=t[:8])
            for u, t in zip(users, tokens, strict=True)
        ],
        batch_size=500,
    )
    # The backend a login by form records: the first one that can find a user again.
    backend = next(path for path in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(path), "get_user"))
    store = SessionStore()
    expires = timezone.now() + datetime.timedelta(days=1)
    keys = [secrets.token_hex(16) for _ in users]
    rows = []
    for user, key in zip(users, keys, strict=True):
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: user.get_session_auth_hash()}
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
    Session.objects.bulk_create(rows, batch_size=500)
    return tokens, keys


if __name__ == "__main__":
    main()
