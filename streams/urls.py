# Included by config/urls.py at the root, without a namespace. The read API (streams/api.py)
# is a router of the site API, config/api.py.
from django.urls import path

from streams import hls_views

urlpatterns = [
    path("streams/hls/<str:room_slug>/<str:run_id>/<str:name>", hls_views.hls_file, name="hls-file"),
    # A rendition of a quality ladder (streams.hls_ladder): <run>/720p/index.m3u8 …
    path(
        "streams/hls/<str:room_slug>/<str:run_id>/<str:variant>/<str:name>",
        hls_views.hls_file,
        name="hls-variant-file",
    ),
]
