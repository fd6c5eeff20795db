# Included by config/urls.py at the root, without a namespace (ninja reverses "api:…").
from django.urls import path

from streams import hls_views
from streams.api import api

urlpatterns = [
    path("api/", api.urls),
    path("streams/hls/<str:room_slug>/<str:run_id>/<str:name>", hls_views.hls_file, name="hls-file"),
]
