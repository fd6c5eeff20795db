"""The exhibitor's endpoints under /exhibition/api/: applications and their confirmation
documents, leads and their exports, call requests, booth statistics. Thin: parse, call a
selector or service (which check the person's rights), reply."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from accounts.i18n import bilingual
from accounts.models import Organisation
from halls import selectors, services
from halls.api.common import as_id, body, file_answer, form_body, optional_id
from halls.leads import export
from halls.leads import selectors as lead_selectors
from halls.leads import services as lead_services
from halls.models import Board, Zone
from live.http_api import ApiError, errors, session_auth

router = Router(auth=session_auth, tags=["exhibitor"])

READ_ERRORS = errors(401, 403, 404)
WRITE_ERRORS = errors(400, 401, 403, 404, 429)
BOOTH_HELP = "Only this booth's (an id of one of the organisation's booths)."
APPLICATION_FIELDS = {
    "organisation": "integer",
    "zone": "integer",
    "board": "integer",
    "booth_type": "string",
    "template": "string",
    "booth_name": "string",
    "booth_name_en": "string",
    "contact_name": "string",
    "contact_phone": "string",
    "contact_email": "string",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/applications/", url_name="applications", response={200: list[dict], **errors(401)})
def applications(request: HttpRequest):
    """The applications of the organisations this person is staff of."""
    return [selectors.application_out(a) for a in selectors.applications_for_exhibitor(user=request.user)]


@router.post(
    "/applications/",
    response={201: dict, **WRITE_ERRORS},
    openapi_extra=form_body(APPLICATION_FIELDS, required=("organisation", "zone")),
)
def apply(request: HttpRequest):
    """Apply for a booth in a zone (on one of its boards, if it has any)."""
    data = body(request)
    organisation = Organisation.objects.filter(pk=as_id(data.get("organisation"), "organisation")).first()
    if organisation is None:
        raise PermissionDenied(bilingual(_("You are not staff of this organisation.")))
    zone = get_object_or_404(Zone, pk=as_id(data.get("zone"), "zone"))
    board = get_object_or_404(Board, pk=as_id(data["board"], "board")) if data.get("board") else None
    application = services.apply_for_booth(
        user=request.user,
        organisation=organisation,
        zone=zone,
        board=board,
        booth_type=data.get("booth_type") or "online_hall",
        template=data.get("template") or "standard",
        **{name: data.get(name, "") for name in APPLICATION_FIELDS if name.startswith(("booth_name", "contact_"))},
    )
    return Status(201, selectors.application_out(application, with_history=True))


@router.get("/applications/{int:pk}/", url_name="application", response={200: dict, **READ_ERRORS})
def application_detail(request: HttpRequest, pk: int):
    application = selectors.application_for_user(user=request.user, application_id=pk)
    return selectors.application_out(application, with_history=True)


@router.get(
    "/applications/{int:pk}/confirmation/",
    url_name="confirmation",
    response=READ_ERRORS,
    openapi_extra=file_answer("text/html"),
)
def confirmation_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation document to sign (an HTML file, as an attachment)."""
    application = selectors.application_for_user(user=request.user, application_id=pk)
    if not application.confirmation_document:
        raise ApiError(404, "not_found", bilingual(_("No confirmation document yet.")))
    return FileResponse(
        application.confirmation_document.open("rb"),
        as_attachment=True,
        filename=f"booth-confirmation-{application.pk}.html",
        content_type="text/html; charset=utf-8",
    )


@router.post(
    "/applications/{int:pk}/signed-confirmation/",
    url_name="signed-confirmation",
    response={200: dict, **WRITE_ERRORS},
    openapi_extra=form_body({}, files=("file",)),
)
def signed_confirmation(request: HttpRequest, pk: int):
    """Upload the signed scan (`file`: PDF, PNG or JPEG)."""
    application = selectors.application_for_user(user=request.user, application_id=pk)
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": bilingual(_("Attach the signed scan as `file`."))}, code="file_required")
    application = services.upload_signed_confirmation(application=application, user=request.user, upload=upload)
    return selectors.application_out(application, with_history=True)


@router.get("/organisations/{int:org_id}/leads/", url_name="leads", response={200: list[dict], **READ_ERRORS})
def organisation_leads(request: HttpRequest, org_id: int, booth: str | None = Query(None, description=BOOTH_HELP)):
    leads = lead_selectors.leads_for_organisation(
        user=request.user, organisation_id=org_id, booth_id=optional_id(booth, "booth")
    )
    return [lead_selectors.lead_out(lead) for lead in leads]


def _export(request: HttpRequest, org_id: int, booth: str | None, fmt: str) -> HttpResponse:
    leads = lead_selectors.leads_for_organisation(
        user=request.user, organisation_id=org_id, booth_id=optional_id(booth, "booth")
    )
    if fmt == "csv":
        response = HttpResponse(export.leads_csv(leads), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(export.leads_xlsx(leads), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="leads-{org_id}.{fmt}"'
    return response


@router.get(
    "/organisations/{int:org_id}/leads.csv",
    url_name="leads-csv",
    response={**READ_ERRORS, **errors(400)},
    openapi_extra=file_answer("text/csv"),
)
def leads_csv(request: HttpRequest, org_id: int, booth: str | None = Query(None, description=BOOTH_HELP)):
    return _export(request, org_id, booth, "csv")


@router.get(
    "/organisations/{int:org_id}/leads.xlsx",
    url_name="leads-xlsx",
    response={**READ_ERRORS, **errors(400)},
    openapi_extra=file_answer(XLSX),
)
def leads_xlsx(request: HttpRequest, org_id: int, booth: str | None = Query(None, description=BOOTH_HELP)):
    return _export(request, org_id, booth, "xlsx")


@router.get(
    "/organisations/{int:org_id}/call-requests/",
    url_name="call-requests",
    response={200: list[dict], **READ_ERRORS},
)
def organisation_call_requests(
    request: HttpRequest, org_id: int, booth: str | None = Query(None, description=BOOTH_HELP)
):
    """The organisation's pending video call requests, oldest first."""
    requests = lead_selectors.pending_call_requests(
        user=request.user, organisation_id=org_id, booth_id=optional_id(booth, "booth")
    )
    return [lead_selectors.call_request_out(r) for r in requests]


@router.post(
    "/leads/{int:pk}/category/",
    url_name="lead-category",
    response={200: dict, **WRITE_ERRORS},
    openapi_extra=form_body({"category": "string"}, required=("category",)),
)
def lead_category(request: HttpRequest, pk: int):
    """Correct the category the classifier gave a lead."""
    lead = lead_selectors.lead_for_staff(user=request.user, lead_id=pk)
    lead = lead_services.correct_lead_category(lead=lead, user=request.user, category=body(request).get("category"))
    return lead_selectors.lead_out(lead)


@router.post(
    "/call-requests/{int:pk}/status/",
    url_name="call-request-status",
    response={200: dict, **WRITE_ERRORS},
    openapi_extra=form_body({"status": "string"}, required=("status",)),
)
def call_request_status(request: HttpRequest, pk: int):
    """`status`: accepted, declined or done."""
    call = lead_selectors.call_request_for_staff(user=request.user, call_request_id=pk)
    call = lead_services.set_call_request_status(
        call_request=call, user=request.user, status=body(request).get("status")
    )
    return lead_selectors.call_request_ref(call)


@router.get("/booths/{int:pk}/stats/", url_name="booth-stats", response={200: dict, **READ_ERRORS})
def booth_stats(request: HttpRequest, pk: int):
    """Visits, unique visitors, time spent and leads (how visitors are counted: `counting`)."""
    booth = selectors.booth_for_staff(user=request.user, booth_id=pk)
    return selectors.booth_statistics(user=request.user, booth=booth)
