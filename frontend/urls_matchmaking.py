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

# Postings, conversations, organisation pages, showcase areas (mm-core): docs/matchmaking.md
from frontend.views import matchmaking, matchmaking_orgs, matchmaking_talks  # noqa: E402

pages += [
    path("matchmaking/", matchmaking.board, name="mm-postings"),
    path("matchmaking/mine/", matchmaking.mine, name="mm-mine"),
    path("matchmaking/postings/new/", matchmaking.new_posting, name="mm-posting-new"),
    path("matchmaking/postings/<int:pk>/", matchmaking.posting_page, name="mm-posting"),
    path("matchmaking/postings/<int:pk>/edit/", matchmaking.edit_posting, name="mm-posting-edit"),
    path("matchmaking/conversations/", matchmaking_talks.conversations_page, name="mm-conversations"),
    path("matchmaking/conversations/<int:pk>/", matchmaking_talks.conversation_page, name="mm-conversation"),
    path("matchmaking/organisations/<int:org_id>/", matchmaking_orgs.organisation_page, name="mm-organisation"),
    path(
        "matchmaking/organisations/<int:org_id>/manage/",
        matchmaking_orgs.organisation_manage,
        name="mm-organisation-manage",
    ),
    path("matchmaking/showcase/", matchmaking_orgs.showcase, name="mm-showcase"),
    path("matchmaking/showcase/<slug:slug>/", matchmaking_orgs.area_page, name="mm-area"),
    path("organizer/matchmaking/showcase/", matchmaking_orgs.showcase_admin, name="mm-showcase-admin"),
    path("organizer/matchmaking/organisations/", matchmaking_orgs.all_organisations, name="mm-organisations-all"),
]
