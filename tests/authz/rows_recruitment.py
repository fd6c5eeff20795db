"""The recruitment app's rows of the authorization table (merged into tests/authz/table.py; the
columns and shorthands are there). One file per app, so that apps built side by side do not
edit the same lines."""

from __future__ import annotations

from tests.authz.table import MODERATORS_PAST_THE_RIGHT

ROUTES: dict[tuple[str, str], str] = {}

# socket commands: name -> answers per role (as SOCKET_TABLE). The table's stage is no
# recruitment livestream: its moderators get past the right to invalid_state.
SOCKET: dict[str, str] = {
    "stage.pin_job": MODERATORS_PAST_THE_RIGHT,
    "stage.unpin_job": MODERATORS_PAST_THE_RIGHT,
}
