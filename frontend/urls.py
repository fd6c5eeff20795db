# Included by config/urls.py at the root.
from django.urls import path

from frontend import views, views_console, views_exhibitor

app_name = "frontend"

urlpatterns = [
    path("rooms/<slug:slug>/", views.room, name="room"),
    # Console (moderators), exhibitor and organizer pages: docs/console.md
    path("console/", views_console.console_index, name="console"),
    path("console/rooms/<slug:slug>/", views_console.console_room, name="console-room"),
    path("exhibitor/", views_exhibitor.exhibitor_home, name="exhibitor"),
    path("exhibitor/applications/<int:pk>/", views_exhibitor.exhibitor_application, name="exhibitor-application"),
    path("exhibitor/organisations/<int:org_id>/", views_exhibitor.exhibitor_organisation, name="exhibitor-org"),
    path("organizer/", views_exhibitor.organizer_home, name="organizer"),
    path("lib/<str:package>/<str:name>", views.node_library, name="node-lib"),
]
