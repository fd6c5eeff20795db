"""The activities pages (in the `frontend` namespace, included by frontend/urls.py before the
exhibition's catch-all). Views in frontend/views/activities*.py, templates in
frontend/templates/activities/."""

from django.urls import path

from frontend.views import activities

pages: list = [
    path("subvenues/", activities.subvenue_list, name="subvenues"),
    path("subvenues/<slug:slug>/", activities.subvenue_page, name="subvenue"),
]
