"""The visitors' endpoints under /exhibition/api/: a hall's structure (anyone), leaving a
contact and asking for a video call at a live booth (logged in)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from halls import selectors
from halls.api.common import body, form_body, truthy
from halls.leads import selectors as lead_selectors
from halls.leads import services as lead_services
from halls.models import Booth, Hall
from live.http_api import errors, session_auth

router = Router(auth=session_auth, tags=["visitors"])

CONTACT_FIELDS = ("message", *lead_services.CONTACT_FIELDS)
CONTACT_BODY = dict.fromkeys(CONTACT_FIELDS, "string") | {"consent": "boolean"}
WRITE_ERRORS = errors(400, 401, 403, 404, 429)


@router.get("/halls/{slug:slug}/", auth=None, url_name="hall", response={200: dict, **errors(404)})
def hall_detail(request: HttpRequest, slug: str):
    """Zones, boards and live booths in street order."""
    return selectors.hall_structure(get_object_or_404(Hall, slug=slug))


def _live_booth(pk: int) -> Booth:
    return get_object_or_404(Booth, pk=pk, status=Booth.Status.LIVE)


def _contact_fields(data: dict[str, Any]) -> dict[str, str]:
    return {name: str(data.get(name, "")) for name in CONTACT_FIELDS}


@router.post(
    "/booths/{int:pk}/contact/",
    url_name="booth-contact",
    response={201: dict, **WRITE_ERRORS},
    openapi_extra=form_body(CONTACT_BODY, required=("consent",)),
)
def booth_contact(request: HttpRequest, pk: int):
    """Leave one's contact with a live booth (with consent to share the details)."""
    data = body(request)
    lead = lead_services.leave_contact(
        booth=_live_booth(pk), visitor=request.user, consent=truthy(data.get("consent")), **_contact_fields(data)
    )
    return Status(201, {"id": lead.pk, "received": True})


@router.post(
    "/booths/{int:pk}/call-request/",
    url_name="booth-call-request",
    response={201: dict, **WRITE_ERRORS},
    openapi_extra=form_body(CONTACT_BODY | {"preferred_time": "string"}, required=("consent",)),
)
def booth_call_request(request: HttpRequest, pk: int):
    """Ask a live booth's staff for a video call."""
    data = body(request)
    call = lead_services.request_video_call(
        booth=_live_booth(pk),
        visitor=request.user,
        consent=truthy(data.get("consent")),
        preferred_time=str(data.get("preferred_time", "")),
        **_contact_fields(data),
    )
    return Status(201, lead_selectors.call_request_ref(call))
