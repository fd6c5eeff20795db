"""The matchmaking pages (in the `frontend` namespace, included by frontend/urls.py before the
exhibition's catch-all). Views in frontend/views/matchmaking*.py, templates in
frontend/templates/matchmaking/."""

from django.urls import path

pages: list = []

# 张榜/揭榜 and the 征集表 import (mm-board): docs/matchmaking.md
from frontend.views import matchmaking_board, matchmaking_imports  # noqa: E402

pages += [
    path("matchmaking/challenges/", matchmaking_board.board, name="mm-board"),
    path("matchmaking/challenges/<int:pk>/", matchmaking_board.challenge_page, name="mm-challenge"),
    path("organizer/matchmaking/imports/", matchmaking_imports.import_list, name="mm-imports"),
    path("organizer/matchmaking/imports/<int:pk>/", matchmaking_imports.import_page, name="mm-import"),
    path("organizer/matchmaking/queue/", matchmaking_imports.queue_page, name="mm-queue"),
]
