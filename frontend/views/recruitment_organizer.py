"""Organizers' page for the fairs (/jobs/organizer/): the zones with their requests to join,
admit or refuse; the zones themselves are edited in the admin and over the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recruitment import fairs, rules, selectors
from recruitment.models import JobFairZone, ZoneEmployer


def _organizer(request: HttpRequest) -> None:
    if not rules.is_organizer(request.user):
        raise PermissionDenied("organizers only")


@login_required
def organizer_page(request: HttpRequest) -> HttpResponse:
    _organizer(request)
    zones = [(zone, list(selectors.admission_queue(zone))) for zone in JobFairZone.objects.all()]
    return render(request, "recruitment/organizer.html", {"zones": zones})


@login_required
@require_POST
def decide(request: HttpRequest, place_id: int, decision: str) -> HttpResponse:
    _organizer(request)
    if decision not in ("admit", "refuse") or not ZoneEmployer.objects.filter(pk=place_id).exists():
        raise Http404("no such request")
    try:
        if decision == "admit":
            fairs.admit_employer(by=request.user, place_id=place_id)
        else:
            fairs.refuse_employer(by=request.user, place_id=place_id, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Admitted.") if decision == "admit" else _("Refused."))
    return redirect("frontend:recruitment-organizer")
