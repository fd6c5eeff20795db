"""The activities app's rows of the authorization table (merged into tests/authz/table.py; the
columns and shorthands are there). One file per app, so that apps built side by side do not
edit the same lines."""

from __future__ import annotations

ROUTES: dict[tuple[str, str], str] = {}

# socket commands: name -> answers per role (as SOCKET_TABLE)
SOCKET: dict[str, str] = {}
