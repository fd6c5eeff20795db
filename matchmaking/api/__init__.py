"""Matchmaking's JSON API under /api/matchmaking/ (config/api.py; docs/matchmaking.md, "API"):
postings, attachments, conversations and messages, favourites, ratings, organisation pages,
showcase areas, recommendations. Reads are open where the page is (guests read the public
board); writes need the browser session (CSRF-checked). Refusals in the site's one error
shape (live/http_api.py). Other helpers' routers (the challenge board, imports) are added
below theirs."""

from __future__ import annotations

from ninja import Router

from matchmaking.api import conversations, organisations, postings

router = Router(tags=["matchmaking"])
router.add_router("", postings.router)
router.add_router("", conversations.router)
router.add_router("", organisations.router)

# 张榜/揭榜 and the 征集表 import (mm-board): their own router, under the same prefix.
from matchmaking.board_api import router as board_router  # noqa: E402

router.add_router("", board_router)
