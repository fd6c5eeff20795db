# Included by config/urls.py at the root.
from django.urls import path

from frontend import views

app_name = "frontend"

urlpatterns = [
    path("rooms/<slug:slug>/", views.room, name="room"),
]
