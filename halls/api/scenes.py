"""3D scene descriptors under /exhibition/scenes/ (docs/scenes.md): three.js JSON documents
for a hall and a live booth, public, with ETag and Last-Modified so that a revalidation
costs a few small queries and no build."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from ninja import Router

from halls.models import Booth, Hall
from live.http_api import errors

if TYPE_CHECKING:
    from halls.scenes.service import Descriptor

router = Router(tags=["scenes"])

SCENE_ANSWER = {
    "responses": {
        200: {"description": "A three.js JSON object (ObjectLoader).", "content": {"application/json": {}}},
        304: {"description": "Not modified (If-None-Match / If-Modified-Since)."},
    }
}


def _scene_response(request: HttpRequest, descriptor: Descriptor) -> HttpResponse:
    response = get_conditional_response(request, etag=descriptor.etag, last_modified=descriptor.last_modified)
    if response is None:
        response = HttpResponse(b"" if request.method == "HEAD" else descriptor.body(), content_type="application/json")
    response["ETag"] = descriptor.etag
    response["Last-Modified"] = http_date(descriptor.last_modified)
    # Public, and revalidated on every use: a 304 costs a few small queries, no build.
    response["Cache-Control"] = "public, no-cache"
    return response


@router.api_operation(
    ["GET", "HEAD"], "/hall/{slug:slug}.json", url_name="scene-hall", response=errors(404), openapi_extra=SCENE_ANSWER
)
def scene_hall(request: HttpRequest, slug: str) -> HttpResponse:
    from halls.scenes import service as scenes  # pythreejs: imported on first use, not at startup

    hall = get_object_or_404(Hall, slug=slug)
    return _scene_response(request, scenes.hall_descriptor(hall))


@router.api_operation(
    ["GET", "HEAD"], "/booth/{int:pk}.json", url_name="scene-booth", response=errors(404), openapi_extra=SCENE_ANSWER
)
def scene_booth(request: HttpRequest, pk: int) -> HttpResponse:
    from halls.scenes import service as scenes

    booth = get_object_or_404(Booth, pk=pk, status=Booth.Status.LIVE)
    return _scene_response(request, scenes.booth_descriptor(booth))
