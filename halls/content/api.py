"""Booth content endpoints under /exhibition/api/booths/<id>/content/ (docs/exhibition.md):
the visitors' read, and create / update / reorder / delete for the booth's staff and the
organizers. Thin: parsing here, decisions in halls/content/services.py and selectors.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from accounts.i18n import bilingual, language
from halls import rules
from halls.api.common import body, form_body
from halls.content import selectors, services
from halls.models import Booth
from live.http_api import ApiError, errors, session_auth

router = Router(auth=session_auth, tags=["booth content"])

OUT = {
    "videos": selectors.video_out,
    "posters": selectors.poster_out,
    "documents": selectors.document_out,
    "ads": lambda ad: selectors.ad_out(ad, timezone.now()),
    "commentary": selectors.stop_out,
}
KIND_HELP = "videos, posters, documents, ads or commentary"
# The fields of every kind together (halls/content/services.py says which kind reads which).
TEXT_FIELDS = ("title", "title_en", "text", "text_en", "link", "target", "starts_at", "ends_at")
ITEM_FIELDS = dict.fromkeys(TEXT_FIELDS, "string")
ITEM_FIELDS |= dict.fromkeys(("order", "slot"), "integer")
ITEM_FIELDS |= dict.fromkeys(("x", "y", "z", "look_at_x", "look_at_y", "look_at_z"), "number")
ITEM_FIELDS |= dict.fromkeys(("remove_poster", "remove_audio"), "boolean")
ITEM_BODY = form_body(ITEM_FIELDS, files=("file", "poster", "image", "audio"))
WRITE_ERRORS = errors(400, 401, 403, 404)


def _out(kind: str, item: Any) -> dict[str, Any]:
    return OUT[kind](item)


def request_language(request: HttpRequest) -> str | None:
    """`?lang=zh|en|both`; by default the visitor's language (LocaleMiddleware)."""
    lang = request.GET.get("lang")
    if lang == "both":
        return None
    if lang in selectors.LANGUAGES:
        return lang
    return language()


@router.get("/booths/{int:pk}/content/", auth=None, url_name="content", response={200: dict, **errors(404)})
def public_content(request: HttpRequest, pk: int, lang: str | None = Query(None, description="zh, en or both")):
    """Anyone, logged in or not: a live booth's content."""
    try:
        booth = selectors.booth_for_visitor(request.user, pk)
    except Http404:
        raise ApiError(404, "not_found", bilingual(_("No such booth, or it is not open yet."))) from None
    return selectors.public_content(booth, request_language(request))


def _files(request: HttpRequest) -> dict[str, Any]:
    return {name: request.FILES[name] for name in request.FILES}


def _data(request: HttpRequest) -> dict[str, Any]:
    if request.method in ("PATCH", "PUT", "DELETE") and request.content_type != "application/json":
        if request.body:
            raise ValidationError(bilingual(_("Send PATCH bodies as JSON; uploads go by POST.")), code="bad_json")
        return {}
    return body(request)


@router.get("/booths/{int:pk}/content/edit/", url_name="content-edit", response={200: dict, **errors(401, 403, 404)})
def editable_content(request: HttpRequest, pk: int):
    """Everything of the booth's content, unpublished items included, for its editors."""
    booth = get_object_or_404(Booth, pk=pk)
    return selectors.editable_content(request.user, booth)


@router.post(
    "/booths/{int:pk}/content/{kind}/",
    url_name="content-create",
    response={201: dict, **WRITE_ERRORS},
    openapi_extra=ITEM_BODY,
    description=f"kind: {KIND_HELP}. Files by multipart POST.",
)
def create(request: HttpRequest, pk: int, kind: str):
    booth = get_object_or_404(Booth, pk=pk)
    item = services.create_item(booth=booth, user=request.user, kind=kind, data=_data(request), files=_files(request))
    return Status(201, _out(kind, item))


@router.post(
    "/booths/{int:pk}/content/{kind}/order/",
    url_name="content-order",
    response={200: list[dict], **WRITE_ERRORS},
    openapi_extra=form_body({"ids": "array"}, required=("ids",)),
)
def reorder(request: HttpRequest, pk: int, kind: str):
    """`ids`: the kind's item ids in their new order (a list, or a comma-separated string)."""
    booth = get_object_or_404(Booth, pk=pk)
    rules.require_booth_staff_or_organizer(request.user, booth)  # before the body tells anything
    data = _data(request)
    ids = data.get("ids")
    if isinstance(ids, str):
        ids = [i for i in ids.replace(" ", "").split(",") if i]
    if not isinstance(ids, list):
        raise ValidationError({"ids": ValidationError(bilingual(_("ids must be a list of ids.")), code="bad_order")})
    items = services.reorder_items(booth=booth, user=request.user, kind=kind, ids=ids)
    return [_out(kind, i) for i in items]


def _staff_item(request: HttpRequest, pk: int, kind: str, item_id: int) -> Any:
    booth = get_object_or_404(Booth, pk=pk)
    # Permission before lookup: outsiders must not learn which item ids exist (404 vs 403).
    rules.require_booth_staff_or_organizer(request.user, booth)
    return services.item_for_booth(booth, kind, item_id)


ITEM_PATH = "/booths/{int:pk}/content/{kind}/{int:item_id}/"


@router.get(ITEM_PATH, url_name="content-item", response={200: dict, **errors(401, 403, 404)})
def item(request: HttpRequest, pk: int, kind: str, item_id: int):
    return _out(kind, _staff_item(request, pk, kind, item_id))


@router.api_operation(["POST", "PATCH"], ITEM_PATH, response={200: dict, **WRITE_ERRORS}, openapi_extra=ITEM_BODY)
def update(request: HttpRequest, pk: int, kind: str, item_id: int):
    """POST (multipart, may carry files) or PATCH (JSON) to change an item."""
    found = _staff_item(request, pk, kind, item_id)
    changed = services.update_item(item=found, user=request.user, data=_data(request), files=_files(request))
    return _out(kind, changed)


@router.delete(ITEM_PATH, response={200: dict, **errors(401, 403, 404)})
def delete_item(request: HttpRequest, pk: int, kind: str, item_id: int):
    services.delete_item(item=_staff_item(request, pk, kind, item_id), user=request.user)
    return {"deleted": True, "id": item_id}


@router.post(ITEM_PATH + "delete/", url_name="content-delete", response={200: dict, **errors(401, 403, 404)})
def delete(request: HttpRequest, pk: int, kind: str, item_id: int):
    """The same as DELETE, for HTML forms."""
    services.delete_item(item=_staff_item(request, pk, kind, item_id), user=request.user)
    return {"deleted": True, "id": item_id}
