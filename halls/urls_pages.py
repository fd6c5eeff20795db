"""The exhibition's browser pages (halls/views_pages.py), included by config/urls.py.

Separate from halls/urls.py (the JSON API and scene descriptors) so that the page routes,
whose `exhibition/<hall slug>/` catches any single path segment, come after every API route.
"""

from django.urls import path

from halls import views_pages

app_name = "exhibition"

urlpatterns = [
    path("exhibition/", views_pages.exhibition_index, name="index"),
    path("exhibition/booths/<int:pk>/", views_pages.booth_page, name="booth"),
    path("exhibition/<slug:slug>/", views_pages.hall_page, name="hall"),
    path("exhibition/<slug:slug>/list/", views_pages.hall_list_page, name="hall-list"),
]
