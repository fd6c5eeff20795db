"""The matchmaking pages (in the `frontend` namespace, included by frontend/urls.py before the
exhibition's catch-all). Views in frontend/views/matchmaking*.py, templates in
frontend/templates/matchmaking/."""

from django.urls import path  # noqa: F401 - used as the pages arrive

pages: list = []
