"""Exhibitor pages (/exhibitor/: apply for a booth, follow the application, live visitor
requests, leads, statistics; the booth content editor is frontend/views/exhibitor_content.py).

Server-rendered from the exhibition's selectors; the forms and buttons act through the JSON
endpoints under /exhibition/api/ (docs/exhibition.md), so the rules live in one place.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontend import console_selectors
from halls import rules, selectors, staffroom
from halls.leads import selectors as lead_selectors
from halls.models import BoothApplication, BoothTemplate, Hall, LeadCategory, LeadSource


def hall_from_query(request: HttpRequest) -> Hall | None:
    """The hall named by `?hall=`, else the first one."""
    halls = Hall.objects.order_by("created_at", "pk")
    slug = request.GET.get("hall")
    return (halls.filter(slug=slug).first() if slug else None) or halls.first()


def _content_editor_url(booth_id: int) -> str:
    return reverse("frontend:content-editor", args=[booth_id])


def page_strings() -> dict[str, str]:
    """Words the exhibitor and organizer scripts write into the page."""
    return {
        "saved": _("Saved."),
        "approve": _("Approve"),
        "reject": _("Reject"),
        "go_live": _("Go live"),
        "reason_required": _("Write the reason the exhibitor will see."),
        "accept": _("Accept"),
        "decline": _("Decline"),
        "done": _("Done"),
        "new_request": _("New visitor request"),
        "visits": _("Visits"),
        "unique_visitors": _("Unique visitors"),
        "chat_messages": _("Chat messages"),
        "leads": _("Leads"),
        "booths": _("Booths"),
        "no_data": _("No data yet."),
        "connected": _("connected"),
        "reconnecting": _("reconnecting…"),
        "connecting": _("connecting…"),
        "disconnected": _("disconnected"),
        "live_unavailable": _("Live requests are not available:"),
        "uploaded": _("Signed confirmation uploaded."),
        "call_pending": _("waiting for an answer"),
        "call_accepted": _("accepted"),
        "call_declined": _("declined"),
        "call_done": _("done"),
    }


@require_GET
@login_required
def exhibitor_home(request: HttpRequest) -> HttpResponse:
    organisations = list(console_selectors.exhibitor_organisations(request.user))
    if not organisations:
        raise PermissionDenied(_("You are not staff of an exhibiting organisation."))
    hall = hall_from_query(request)
    zones = list(hall.zones.prefetch_related("boards").order_by("order", "pk")) if hall else []
    applications = [
        selectors.application_out(a)
        for a in selectors.applications_for_exhibitor(user=request.user).select_related("booth__room").order_by("-pk")
    ]
    return render(
        request,
        "frontend/exhibitor/home.html",
        {
            "organisations": organisations,
            "hall": hall,
            "zones": zones,
            "templates": BoothTemplate.choices,
            "booth_types": BoothApplication.BoothType.choices,
            "applications": applications,
            "config": {"strings": page_strings()},
        },
    )


@require_GET
@login_required
def exhibitor_application(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        application = selectors.application_for_user(user=request.user, application_id=pk)
    except BoothApplication.DoesNotExist as exc:
        raise Http404(_("No such application.")) from exc
    out = selectors.application_out(application, with_history=True)
    return render(
        request,
        "frontend/exhibitor/application.html",
        {
            "application": out,
            "is_staff_of_it": rules.is_exhibitor_staff(request.user, application.organisation_id),
            "content_editor_url": _content_editor_url(application.booth_id) if application.booth_id else None,
            "config": {"application": out["id"], "strings": page_strings()},
        },
    )


@require_GET
@login_required
def exhibitor_organisation(request: HttpRequest, org_id: int) -> HttpResponse:
    """Live visitor requests, leads and statistics of one organisation's booths."""
    rules.require_exhibitor_staff(request.user, org_id)
    organisation = console_selectors.exhibitor_organisations(request.user).get(pk=org_id)
    # Made before the page joins it; its seq read before the leads are, so the page resumes
    # from there (`since_seq`) and a request that lands in between is not missed.
    staff_room = staffroom.staff_room(organisation)
    booths = [
        {"id": b.pk, "number": b.number, "name": b.name, "editor": _content_editor_url(b.pk)}
        for b in organisation.booths.order_by("number")
    ]
    leads = [
        lead_selectors.lead_out(lead)
        for lead in lead_selectors.leads_for_organisation(user=request.user, organisation_id=org_id)
    ]
    calls = [
        lead_selectors.call_request_out(c)
        for c in lead_selectors.pending_call_requests(user=request.user, organisation_id=org_id)
    ]
    config: dict[str, Any] = {
        "organisation": org_id,
        "staff_room": staff_room.slug,
        "staff_room_seq": staff_room.last_seq,
        "ws_path": "/ws/",
        "booths": booths,
        "call_requests": calls,
        "categories": LeadCategory.choices,
        "sources": dict(LeadSource.choices),
        "strings": page_strings(),
    }
    return render(
        request,
        "frontend/exhibitor/organisation.html",
        {
            "organisation": organisation,
            "booths": booths,
            "leads": leads,
            "categories": LeadCategory.choices,
            "config": config,
        },
    )
