"""Booth content endpoints under /exhibition/api/booths/<id>/content/ (docs/exhibition.md):
the visitors' read, and create / update / reorder / delete for the booth's staff and the
organizers. Thin: parsing here, decisions in halls/content/services.py and selectors.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.i18n import language
from halls import rules
from halls.content import selectors, services
from halls.models import Booth
from halls.views import api, body, error, ok

OUT = {
    "videos": selectors.video_out,
    "posters": selectors.poster_out,
    "documents": selectors.document_out,
    "ads": lambda ad: selectors.ad_out(ad, timezone.now()),
    "commentary": selectors.stop_out,
}


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


@require_GET
def public_content(request: HttpRequest, pk: int) -> JsonResponse:
    """Anyone, logged in or not: a live booth's content."""
    try:
        booth = selectors.booth_for_visitor(request.user, pk)
    except Http404:
        return error(404, "not_found", "No such booth, or it is not open yet. 展位不存在或尚未开放。")
    return ok(selectors.public_content(booth, request_language(request)))


def _files(request: HttpRequest) -> dict[str, Any]:
    return {name: request.FILES[name] for name in request.FILES}


def _data(request: HttpRequest) -> dict[str, Any]:
    if request.method in ("PATCH", "PUT", "DELETE") and request.content_type != "application/json":
        if request.body:
            raise ValidationError("Send PATCH bodies as JSON; uploads go by POST. 请以 JSON 发送。", code="bad_json")
        return {}
    return body(request)


@api
@require_GET
def editable_content(request: HttpRequest, pk: int) -> JsonResponse:
    booth = get_object_or_404(Booth, pk=pk)
    return ok(selectors.editable_content(request.user, booth))


@api
@require_POST
def create(request: HttpRequest, pk: int, kind: str) -> JsonResponse:
    booth = get_object_or_404(Booth, pk=pk)
    item = services.create_item(booth=booth, user=request.user, kind=kind, data=_data(request), files=_files(request))
    return ok(_out(kind, item), status=201)


@api
@require_POST
def reorder(request: HttpRequest, pk: int, kind: str) -> JsonResponse:
    booth = get_object_or_404(Booth, pk=pk)
    data = _data(request)
    ids = data.get("ids")
    if isinstance(ids, str):
        ids = [i for i in ids.replace(" ", "").split(",") if i]
    if not isinstance(ids, list):
        raise ValidationError(
            {"ids": ValidationError("ids must be a list of ids. ids 必须是编号列表。", code="bad_order")}
        )
    items = services.reorder_items(booth=booth, user=request.user, kind=kind, ids=ids)
    return ok([_out(kind, i) for i in items])


@api
def item(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    """GET one item; POST (multipart, may carry files) or PATCH (JSON) to change it; DELETE."""
    booth = get_object_or_404(Booth, pk=pk)
    # Permission before lookup: outsiders must not learn which item ids exist (404 vs 403).
    rules.require_booth_staff_or_organizer(request.user, booth)
    found = services.item_for_booth(booth, kind, item_id)
    if request.method == "GET":
        return ok(_out(kind, found))
    if request.method in ("POST", "PATCH"):
        changed = services.update_item(item=found, user=request.user, data=_data(request), files=_files(request))
        return ok(_out(kind, changed))
    if request.method == "DELETE":
        services.delete_item(item=found, user=request.user)
        return ok({"deleted": True, "id": item_id})
    return error(405, "method_not_allowed", "GET, POST, PATCH or DELETE.")


@api
@require_POST
def delete(request: HttpRequest, pk: int, kind: str, item_id: int) -> JsonResponse:
    """The same as DELETE, for HTML forms."""
    booth = get_object_or_404(Booth, pk=pk)
    rules.require_booth_staff_or_organizer(request.user, booth)
    services.delete_item(item=services.item_for_booth(booth, kind, item_id), user=request.user)
    return ok({"deleted": True, "id": item_id})
