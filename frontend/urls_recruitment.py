"""The recruitment pages (in the `frontend` namespace, included by frontend/urls.py before the
exhibition's catch-all). Views in frontend/views/recruitment*.py, templates in
frontend/templates/recruitment/."""

from django.urls import path  # noqa: F401 - used as the pages arrive

pages: list = []
