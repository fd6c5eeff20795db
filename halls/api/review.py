"""The organizers' endpoints under /exhibition/api/: reviewing booth applications (approve,
reject, go live, the signed confirmation) and a hall's statistics."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from halls import rules, selectors, services
from halls.api.common import body, file_answer, form_body
from halls.models import BoothApplication, Hall
from live.http_api import ApiError, errors, session_auth

router = Router(auth=session_auth, tags=["organizers"])

READ_ERRORS = errors(401, 403, 404)
WRITE_ERRORS = errors(400, 401, 403, 404)


@router.get("/review/applications/", url_name="review", response={200: list[dict], **READ_ERRORS})
def review_list(request: HttpRequest, status: str | None = Query(None, description="Only applications in this state.")):
    applications = selectors.applications_for_review(user=request.user, status=status)
    return [selectors.application_out(a) for a in applications]


def _for_review(request: HttpRequest, pk: int) -> BoothApplication:
    rules.require_organizer(request.user)
    return selectors.application_for_user(user=request.user, application_id=pk)


@router.post(
    "/review/applications/{int:pk}/approve/",
    url_name="approve",
    response={200: dict, **WRITE_ERRORS},
    openapi_extra=form_body({"note": "string"}),
)
def review_approve(request: HttpRequest, pk: int):
    application = services.approve_application(
        application=_for_review(request, pk), user=request.user, note=str(body(request).get("note", ""))
    )
    return selectors.application_out(application, with_history=True)


@router.post(
    "/review/applications/{int:pk}/reject/",
    url_name="reject",
    response={200: dict, **WRITE_ERRORS},
    openapi_extra=form_body({"reason": "string"}, required=("reason",)),
)
def review_reject(request: HttpRequest, pk: int):
    application = services.reject_application(
        application=_for_review(request, pk), user=request.user, reason=str(body(request).get("reason", ""))
    )
    return selectors.application_out(application, with_history=True)


@router.post("/review/applications/{int:pk}/go-live/", url_name="go-live", response={200: dict, **WRITE_ERRORS})
def review_go_live(request: HttpRequest, pk: int):
    application = _for_review(request, pk)
    services.go_live(application=application, user=request.user)
    application.refresh_from_db()
    return selectors.application_out(application, with_history=True)


@router.get(
    "/review/applications/{int:pk}/signed-confirmation/",
    url_name="review-signed-confirmation",
    response=READ_ERRORS,
    openapi_extra=file_answer("application/pdf", "image/png", "image/jpeg"),
)
def review_signed_confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    """The exhibitor's signed scan, as uploaded."""
    application = _for_review(request, pk)
    if not application.signed_confirmation:
        raise ApiError(404, "not_found", "No signed confirmation uploaded yet.")
    return FileResponse(
        application.signed_confirmation.open("rb"), content_type=application.signed_content_type or None
    )


@router.get("/halls/{slug:slug}/overview/", url_name="overview", response={200: dict, **READ_ERRORS})
def overview(request: HttpRequest, slug: str):
    """A hall's statistics by zone and board."""
    hall = get_object_or_404(Hall, slug=slug)
    return selectors.organizer_overview(user=request.user, hall=hall)
