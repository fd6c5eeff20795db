# The exhibition's JSON endpoints are routers of the site API (halls/api/, config/api.py).
# Booth media stay a plain view: files streamed with range requests (docs/api.md).
from django.urls import path

from halls.content import media

app_name = "halls"

urlpatterns = [
    path("exhibition/media/<path:name>", media.serve_media, name="media"),
]
