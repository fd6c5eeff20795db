"""The matchmaking app's rows of the authorization table (merged into tests/authz/table.py; the
columns and shorthands are there). One file per app, so that apps built side by side do not
edit the same lines."""

from __future__ import annotations

ROUTES: dict[tuple[str, str], str] = {}

# socket commands: name -> answers per role (as SOCKET_TABLE)
SOCKET: dict[str, str] = {}

# ---- 张榜/揭榜 and the 征集表 import (mm-board). The world's ids name no challenge, proposal,
# import or queued posting: 404 for whoever gets past the role check.
from tests.authz.table import ORGANIZERS, PUBLIC  # noqa: E402

NOTHING = "404 404 404 404 404 404 404 404"
LOGGED_IN_404 = "401 404 404 404 404 404 404 401"
ORGANIZERS_404 = "401 403 403 403 403 404 403 401"
ORGANIZER_PAGE = "302 403 403 403 403 200 403 302"
ORGANIZER_PAGE_404 = "302 403 403 403 403 404 403 302"
ROUTES.update(
    {
        ("GET", "api/matchmaking/challenges"): PUBLIC,
        ("POST", "api/matchmaking/challenges"): "401 422 422 422 422 422 422 401",  # empty body
        ("GET", "api/matchmaking/challenges/<int:pk>"): NOTHING,
        ("POST", "api/matchmaking/challenges/<int:pk>/proposals"): LOGGED_IN_404,
        ("POST", "api/matchmaking/challenges/<int:pk>/close"): LOGGED_IN_404,
        ("POST", "api/matchmaking/proposals/<int:pk>/shortlist"): LOGGED_IN_404,
        ("POST", "api/matchmaking/proposals/<int:pk>/decline"): LOGGED_IN_404,
        ("POST", "api/matchmaking/proposals/<int:pk>/choose"): LOGGED_IN_404,
        ("GET", "api/matchmaking/proposals/<int:pk>/attachments/<int:item_id>"): NOTHING,
        ("GET", "api/matchmaking/imports/template.xlsx"): PUBLIC,
        ("GET", "api/matchmaking/imports"): ORGANIZERS,
        ("POST", "api/matchmaking/imports"): "401 403 403 403 403 400 403 401",  # no file
        ("GET", "api/matchmaking/imports/<int:pk>"): ORGANIZERS_404,
        ("POST", "api/matchmaking/imports/<int:pk>/start"): ORGANIZERS_404,
        ("GET", "api/matchmaking/imports/<int:pk>/report.csv"): ORGANIZERS_404,
        ("GET", "api/matchmaking/queue"): ORGANIZERS,
        ("POST", "api/matchmaking/queue/<int:pk>/matches"): ORGANIZERS_404,
        ("GET", "matchmaking/challenges/"): PUBLIC,
        ("POST", "matchmaking/challenges/"): "403 403 403 403 403 400 403 403",  # organizers feature; empty form
        ("GET", "matchmaking/challenges/<int:pk>/"): NOTHING,
        ("POST", "matchmaking/challenges/<int:pk>/"): NOTHING,
        ("GET", "organizer/matchmaking/imports/"): ORGANIZER_PAGE,
        ("POST", "organizer/matchmaking/imports/"): "302 403 403 403 403 400 403 302",  # no file
        ("GET", "organizer/matchmaking/imports/<int:pk>/"): ORGANIZER_PAGE_404,
        ("POST", "organizer/matchmaking/imports/<int:pk>/"): ORGANIZER_PAGE_404,
        ("GET", "organizer/matchmaking/queue/"): ORGANIZER_PAGE,
        ("POST", "organizer/matchmaking/queue/"): ORGANIZER_PAGE_404,  # no posting named
    }
)
