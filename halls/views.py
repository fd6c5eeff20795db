"""JSON endpoints of the exhibition under /exhibition/api/: thin, every decision is in a
service or a selector. Refusals come back as {"code": code, "message": ..., "fields": ...}
with 400 (ValidationError), 401 (not logged in), 403 (PermissionDenied) or 404."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST, require_safe

from accounts.models import Organisation
from halls import rules, selectors, services
from halls.leads import export
from halls.leads import selectors as lead_selectors
from halls.leads import services as lead_services
from halls.models import Board, Booth, CallRequest, Hall, Zone


def error(status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def validation_code(exc: ValidationError) -> str:
    errors = [e for errs in exc.error_dict.values() for e in errs] if hasattr(exc, "error_dict") else exc.error_list
    return next((e.code for e in errors if e.code), "invalid")


def ok(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def api(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in required; exceptions of services and selectors become JSON answers."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return error(401, "auth_required", "Please log in. 请先登录。")
        try:
            return view(request, *args, **kwargs)
        except ValidationError as exc:
            fields = exc.message_dict if hasattr(exc, "error_dict") else None
            return error(400, validation_code(exc), " ".join(exc.messages), fields)
        except PermissionDenied as exc:
            return error(403, "forbidden", str(exc) or "Not allowed.")
        except (ObjectDoesNotExist, Http404):
            return error(404, "not_found", "Not found. 未找到。")

    return wrapper


def body(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError as exc:
            raise ValidationError("The body is not valid JSON.", code="bad_json") from exc
        if not isinstance(data, dict):
            raise ValidationError("The body must be a JSON object.", code="bad_json")
        return data
    return request.POST.dict()


def truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in {"1", "true", "yes", "on"})


def as_id(value: Any, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({what: f"{what} must be an id."}, code="bad_id") from exc


# ---------------------------------------------------------------- public structure


@require_GET
def hall_detail(request: HttpRequest, slug: str) -> JsonResponse:
    hall = get_object_or_404(Hall, slug=slug)
    return ok(selectors.hall_structure(hall))


# ---------------------------------------------------------------- exhibitor


@api
def applications(request: HttpRequest) -> JsonResponse:
    if request.method == "GET":
        return ok([selectors.application_out(a) for a in selectors.applications_for_exhibitor(user=request.user)])
    if request.method != "POST":
        return error(405, "method_not_allowed", "GET or POST.")
    data = body(request)
    organisation = Organisation.objects.filter(pk=as_id(data.get("organisation"), "organisation")).first()
    if organisation is None:
        raise PermissionDenied("You are not staff of this organisation. 您不是该参展单位的工作人员。")
    zone = get_object_or_404(Zone, pk=as_id(data.get("zone"), "zone"))
    board = None
    if data.get("board"):
        board = get_object_or_404(Board, pk=as_id(data["board"], "board"))
    application = services.apply_for_booth(
        user=request.user,
        organisation=organisation,
        zone=zone,
        board=board,
        booth_type=data.get("booth_type") or "online_hall",
        template=data.get("template") or "standard",
        booth_name=data.get("booth_name", ""),
        booth_name_en=data.get("booth_name_en", ""),
        contact_name=data.get("contact_name", ""),
        contact_phone=data.get("contact_phone", ""),
        contact_email=data.get("contact_email", ""),
    )
    return ok(selectors.application_out(application, with_history=True), status=201)


@api
@require_GET
def application_detail(request: HttpRequest, pk: int) -> JsonResponse:
    application = selectors.application_for_user(user=request.user, application_id=pk)
    return ok(selectors.application_out(application, with_history=True))


@api
@require_GET
def confirmation_document(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_user(user=request.user, application_id=pk)
    if not application.confirmation_document:
        return error(404, "not_found", "No confirmation document yet. 尚未生成确认协议。")
    return FileResponse(
        application.confirmation_document.open("rb"),
        as_attachment=True,
        filename=f"booth-confirmation-{application.pk}.html",
        content_type="text/html; charset=utf-8",
    )


@api
@require_POST
def signed_confirmation(request: HttpRequest, pk: int) -> JsonResponse:
    application = selectors.application_for_user(user=request.user, application_id=pk)
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": "Attach the signed scan as `file`. 请上传签署件。"}, code="file_required")
    application = services.upload_signed_confirmation(application=application, user=request.user, upload=upload)
    return ok(selectors.application_out(application, with_history=True))


@api
@require_GET
def organisation_leads(request: HttpRequest, org_id: int) -> JsonResponse:
    leads = lead_selectors.leads_for_organisation(
        user=request.user, organisation_id=org_id, booth_id=_booth_filter(request)
    )
    return ok([lead_selectors.lead_out(lead) for lead in leads])


def _booth_filter(request: HttpRequest) -> int | None:
    return as_id(request.GET["booth"], "booth") if request.GET.get("booth") else None


@api
@require_GET
def organisation_leads_export(request: HttpRequest, org_id: int, fmt: str) -> HttpResponse:
    leads = lead_selectors.leads_for_organisation(
        user=request.user, organisation_id=org_id, booth_id=_booth_filter(request)
    )
    if fmt == "csv":
        response = HttpResponse(export.leads_csv(leads), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            export.leads_xlsx(leads),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="leads-{org_id}.{fmt}"'
    return response


@api
@require_POST
def lead_category(request: HttpRequest, pk: int) -> JsonResponse:
    lead = lead_selectors.lead_for_staff(user=request.user, lead_id=pk)
    lead = lead_services.correct_lead_category(lead=lead, user=request.user, category=body(request).get("category"))
    return ok(lead_selectors.lead_out(lead))


@api
@require_GET
def organisation_call_requests(request: HttpRequest, org_id: int) -> JsonResponse:
    requests = lead_selectors.pending_call_requests(
        user=request.user, organisation_id=org_id, booth_id=_booth_filter(request)
    )
    return ok([lead_selectors.call_request_out(r) for r in requests])


@api
@require_POST
def call_request_status(request: HttpRequest, pk: int) -> JsonResponse:
    call = CallRequest.objects.select_related("booth").filter(pk=pk).first()
    if call is None or not rules.is_exhibitor_staff(request.user, call.booth.organisation_id):
        raise CallRequest.DoesNotExist
    call = lead_services.set_call_request_status(
        call_request=call, user=request.user, status=body(request).get("status")
    )
    return ok(lead_selectors.call_request_ref(call))


@api
@require_GET
def booth_stats(request: HttpRequest, pk: int) -> JsonResponse:
    booth = selectors.booth_for_staff(user=request.user, booth_id=pk)
    return ok(selectors.booth_statistics(user=request.user, booth=booth))


# ---------------------------------------------------------------- visitors


def _live_booth(pk: int) -> Booth:
    return get_object_or_404(Booth, pk=pk, status=Booth.Status.LIVE)


def _contact_fields(data: dict[str, Any]) -> dict[str, str]:
    fields = ("message", "contact_name", "contact_email", "contact_phone", "contact_organisation", "contact_title")
    return {name: str(data.get(name, "")) for name in fields}


@api
@require_POST
def booth_contact(request: HttpRequest, pk: int) -> JsonResponse:
    data = body(request)
    lead = lead_services.leave_contact(
        booth=_live_booth(pk), visitor=request.user, consent=truthy(data.get("consent")), **_contact_fields(data)
    )
    return ok({"id": lead.pk, "received": True}, status=201)


@api
@require_POST
def booth_call_request(request: HttpRequest, pk: int) -> JsonResponse:
    data = body(request)
    call = lead_services.request_video_call(
        booth=_live_booth(pk),
        visitor=request.user,
        consent=truthy(data.get("consent")),
        preferred_time=str(data.get("preferred_time", "")),
        **_contact_fields(data),
    )
    return ok(lead_selectors.call_request_ref(call), status=201)


# ---------------------------------------------------------------- organizers


@api
@require_GET
def review_list(request: HttpRequest) -> JsonResponse:
    applications = selectors.applications_for_review(user=request.user, status=request.GET.get("status"))
    return ok([selectors.application_out(a) for a in applications])


def _for_review(request: HttpRequest, pk: int):
    rules.require_organizer(request.user)
    return selectors.application_for_user(user=request.user, application_id=pk)


@api
@require_POST
def review_approve(request: HttpRequest, pk: int) -> JsonResponse:
    application = services.approve_application(
        application=_for_review(request, pk), user=request.user, note=str(body(request).get("note", ""))
    )
    return ok(selectors.application_out(application, with_history=True))


@api
@require_POST
def review_reject(request: HttpRequest, pk: int) -> JsonResponse:
    application = services.reject_application(
        application=_for_review(request, pk), user=request.user, reason=str(body(request).get("reason", ""))
    )
    return ok(selectors.application_out(application, with_history=True))


@api
@require_POST
def review_go_live(request: HttpRequest, pk: int) -> JsonResponse:
    application = _for_review(request, pk)
    services.go_live(application=application, user=request.user)
    application.refresh_from_db()
    return ok(selectors.application_out(application, with_history=True))


@api
@require_GET
def review_signed_confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    application = _for_review(request, pk)
    if not application.signed_confirmation:
        return error(404, "not_found", "No signed confirmation uploaded yet.")
    return FileResponse(
        application.signed_confirmation.open("rb"), content_type=application.signed_content_type or None
    )


@api
@require_GET
def overview(request: HttpRequest, slug: str) -> JsonResponse:
    hall = get_object_or_404(Hall, slug=slug)
    return ok(selectors.organizer_overview(user=request.user, hall=hall))


# ---------------------------------------------------------------- 3D scene descriptors (docs/scenes.md)


def _scene_response(request: HttpRequest, descriptor) -> HttpResponse:
    from django.utils.cache import get_conditional_response
    from django.utils.http import http_date

    response = get_conditional_response(request, etag=descriptor.etag, last_modified=descriptor.last_modified)
    if response is None:
        response = HttpResponse(b"" if request.method == "HEAD" else descriptor.body(), content_type="application/json")
    response["ETag"] = descriptor.etag
    response["Last-Modified"] = http_date(descriptor.last_modified)
    # Public, and revalidated on every use: a 304 costs a few small queries, no build.
    response["Cache-Control"] = "public, no-cache"
    return response


@require_safe
def scene_hall(request: HttpRequest, slug: str) -> HttpResponse:
    from halls.scenes import service as scenes

    hall = get_object_or_404(Hall, slug=slug)
    return _scene_response(request, scenes.hall_descriptor(hall))


@require_safe
def scene_booth(request: HttpRequest, pk: int) -> HttpResponse:
    from halls.scenes import service as scenes

    booth = get_object_or_404(Booth, pk=pk, status=Booth.Status.LIVE)
    return _scene_response(request, scenes.booth_descriptor(booth))
