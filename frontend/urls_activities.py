"""The activities pages (in the `frontend` namespace, included by frontend/urls.py before the
exhibition's catch-all). Views in frontend/views/activities*.py, templates in
frontend/templates/activities/."""

from django.urls import path  # noqa: F401 - the pages' module uses it

pages: list = []
