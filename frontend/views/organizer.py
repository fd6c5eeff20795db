"""The organizer page (/organizer/): review booth applications, the exhibition's overview.

Server-rendered from the exhibition's selectors; its buttons act through the JSON endpoints
under /exhibition/api/ (docs/exhibition.md), so the rules live in one place.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.organisations import verification_queue
from frontend.views.exhibitor import hall_from_query, page_strings
from halls import rules, selectors
from halls.models import BoothApplication


@require_GET
@login_required
def organizer_home(request: HttpRequest) -> HttpResponse:
    rules.require_organizer(request.user)
    status = request.GET.get("status") or ""
    applications = [
        selectors.application_out(a)
        for a in selectors.applications_for_review(user=request.user, status=status).select_related("booth__room")
    ]
    hall = hall_from_query(request)
    return render(
        request,
        "frontend/organizer/home.html",
        {
            "applications": applications,
            "pending_organisations": verification_queue().count(),
            "statuses": BoothApplication.Status.choices,
            "status": status,
            "hall": hall,
            "config": {"hall": hall.slug if hall else None, "strings": page_strings()},
        },
    )
