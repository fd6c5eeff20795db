"""3D scene descriptors under /exhibition/scenes/ (docs/scenes.md): three.js JSON documents
for a hall and a live booth, public, with ETag and Last-Modified so that a revalidation
costs a few small queries and no build."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse
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


def _accepts_gzip(request: HttpRequest) -> bool:
    accepted = request.headers.get("Accept-Encoding", "")
    return any(
        part.split(";")[0].strip() == "gzip" and "q=0" not in part.replace(" ", "") for part in accepted.split(",")
    )


def _scene_response(request: HttpRequest, descriptor: Descriptor) -> HttpResponse:
    # Served gzip-compressed to those who accept it (a 1,000-booth hall: ~8x smaller), with
    # its own ETag: a representation's validator is its own.
    gzipped = _accepts_gzip(request)
    etag = descriptor.etag[:-1] + '-gzip"' if gzipped else descriptor.etag
    response = get_conditional_response(request, etag=etag, last_modified=descriptor.last_modified)
    if response is None:
        if request.method == "HEAD":
            body = b""
        else:
            body = descriptor.gzipped() if gzipped else descriptor.body()
        response = HttpResponse(body, content_type="application/json")
        if gzipped:
            response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["ETag"] = etag
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
    ["GET", "HEAD"],
    "/hall/{slug:slug}/zone/{int:zone_id}.json",
    url_name="scene-zone",
    response=errors(404),
    openapi_extra=SCENE_ANSWER,
)
def scene_zone(request: HttpRequest, slug: str, zone_id: int) -> HttpResponse:
    """One zone's booths in full (the hall's level of detail near the visitor)."""
    from halls.scenes import service as scenes

    hall = get_object_or_404(Hall, slug=slug)
    descriptor = scenes.zone_descriptor(hall, zone_id)
    if descriptor is None:
        raise Http404("No such zone in this hall.")
    return _scene_response(request, descriptor)


@router.api_operation(
    ["GET", "HEAD"], "/booth/{int:pk}.json", url_name="scene-booth", response=errors(404), openapi_extra=SCENE_ANSWER
)
def scene_booth(request: HttpRequest, pk: int) -> HttpResponse:
    from halls.scenes import service as scenes

    booth = get_object_or_404(Booth, pk=pk, status=Booth.Status.LIVE)
    return _scene_response(request, scenes.booth_descriptor(booth))
