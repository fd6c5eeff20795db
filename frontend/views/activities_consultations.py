"""The expert consultation pages (考察指导): a submitter's form for a technical problem, "my
cases" with their states and history, the case page (documents to participants and organizers
only, the meeting link once scheduled, the summary, the ratings form for both sides) and the
organizers' queue, whose rows lead to the case page's organizer forms (match, schedule, hold,
close with the summary). The writes are activities.consultations'."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Interest, Organisation
from activities import consultations, rights
from activities.models import Case, SubVenueStaff
from live.errors import LiveError
from live.protocol import ErrorCode
from networking import directory

FIELD_MESSAGE = re.compile(r"^field '(\w+)': (.*)$", re.S)
LANGUAGE_NAMES = {"zh": "中文", "en": "English", "de": "Deutsch", "fr": "Français", "ja": "日本語",
                  "ko": "한국어", "ru": "Русский", "es": "Español"}  # fmt: skip


SHOWN = frozenset({"organisation", "field", "title", "description", "languages", "confidentiality", "documents",
                   "document", "file", "score", "comment", "expert_ids", "start", "minutes", "summary"})  # fmt: skip


def _field_errors(error: LiveError) -> dict[str, str]:
    """{field: message} for the error next to its field; {"form": message} for the rest."""
    found = FIELD_MESSAGE.match(error.message)
    if found and found.group(1) in SHOWN:
        return {found.group(1): found.group(2)}
    return {"form": error.message}


def state_label(state: str) -> str:
    """The state's name (its own context: other catalogues translate "Submitted" otherwise)."""
    labels = {
        "submitted": pgettext("consultation state", "Submitted"),
        "matched": pgettext("consultation state", "Experts matched"),
        "scheduled": pgettext("consultation state", "Consultation scheduled"),
        "held": pgettext("consultation state", "Consultation held"),
        "closed": pgettext("consultation state", "Closed"),
    }
    return labels.get(state, state)


def _history(case: Case) -> list[dict]:
    return [{"to": t.to_state, "label": state_label(t.to_state), "at": t.at} for t in case.transitions.all()]


@login_required
def submit_page(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(memberships__user=request.user).order_by("name")
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            organisation_id = int(request.POST.get("organisation") or 0)
        except ValueError:
            organisation_id = 0
        try:
            with transaction.atomic():
                case = consultations.submit(
                    by=request.user,
                    organisation_id=organisation_id,
                    field=request.POST.get("field", ""),
                    title=request.POST.get("title", ""),
                    description=request.POST.get("description", ""),
                    languages=request.POST.getlist("languages"),
                    confidentiality=request.POST.get("confidentiality", ""),
                )
                for upload in request.FILES.getlist("documents")[:5]:
                    try:
                        consultations.add_document(by=request.user, case_id=case.pk, upload=upload)
                    except LiveError as error:
                        raise LiveError(
                            error.code, f"field 'documents': {_field_errors(error).popitem()[1]}"
                        ) from error
        except LiveError as error:
            errors = _field_errors(error)
            if error.code == ErrorCode.FORBIDDEN:
                errors = {"organisation": _("Submit for an organisation you belong to.")}
            status = 400
        else:
            messages.success(request, _("Your problem is submitted. The organizers will match experts."))
            return redirect("frontend:consultation", case_id=case.pk)
    context = {
        "organisations": organisations,
        "fields": Interest.objects.order_by("name"),
        "languages": sorted(LANGUAGE_NAMES.items()),
        "confidentialities": Case.Confidentiality.choices,
        "form": request.POST if status == 400 else {},
        "chosen_languages": request.POST.getlist("languages") if status == 400 else [],
        "errors": errors,
    }
    return render(request, "activities/consultation_submit.html", context, status=status)


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    user = request.user
    cases = (
        Case.objects.filter(Q(submitter=user) | Q(experts__user=user))
        .distinct()
        .select_related("field")
        .prefetch_related("transitions")
        .order_by("-created_at")
    )
    rows = [
        {"case": c, "state": state_label(c.state), "history": _history(c), "mine": c.submitter_id == user.pk}
        for c in cases
    ]
    return render(request, "activities/consultations_mine.html", {"rows": rows})


@login_required
def queue_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if rights.is_site_organizer(user):
        cases = Case.objects.all()
    else:
        venues = SubVenueStaff.objects.filter(user=user, role=SubVenueStaff.Role.ORGANIZER).values("subvenue_id")
        if not venues.exists():
            raise PermissionDenied(_("Only the organizers see the consultation queue."))
        cases = Case.objects.filter(subvenue_id__in=venues)
    cases = cases.select_related("field", "submitter", "subvenue").order_by("state", "created_at")
    rows = [{"case": c, "state": state_label(c.state)} for c in cases]
    return render(request, "activities/consultations_queue.html", {"rows": rows})


def _candidates(request: HttpRequest, case: Case) -> list[dict]:
    """The networking directory's opt-in people, filtered by the case's field (or by ?expert_q)."""
    q = request.GET.get("expert_q", "").strip()[:100]
    interest = "" if request.GET.get("any_field") else case.field.slug
    rows = directory.filtered(request.user, q=q, interest=interest).select_related("user")[:30]
    return [directory.person_entry(p.user, request.user) for p in rows if p.user_id != case.submitter_id]


def _slot(request: HttpRequest) -> list[dict]:
    try:
        start = datetime.fromisoformat(request.POST.get("start", ""))
        minutes = int(request.POST.get("minutes") or 60)
    except ValueError as error:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'start': a day and a time.") from error
    if timezone.is_naive(start):
        start = timezone.make_aware(start)
    if not 15 <= minutes <= 240:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'minutes': 15 to 240 minutes.")
    return [{"start": start, "end": start + timedelta(minutes=minutes)}]


def _act(request: HttpRequest, case: Case) -> str:
    """One POST of the case page; the message to show. Raises LiveError on refusal."""
    user, action = request.user, request.POST.get("action", "")
    if action == "rate":
        try:
            score = int(request.POST.get("score") or 0)
        except ValueError:
            score = 0
        consultations.rate(by=user, case_id=case.pk, score=score, comment=request.POST.get("comment", ""))
        return _("Thank you for your rating.")
    if action == "document":
        upload = request.FILES.get("document")
        if upload is None:
            raise LiveError(ErrorCode.INVALID_FIELDS, "field 'document': choose a file.")
        consultations.add_document(by=user, case_id=case.pk, upload=upload)
        return _("The document is added to the case.")
    if action not in ("match", "schedule", "hold", "close"):
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'action': unknown action.")
    rights.require_organizer(user, case.subvenue_id)
    if action == "match":
        ids = [int(i) for i in request.POST.getlist("expert_ids") if i.isdigit()]
        consultations.match_experts(by=user, case_id=case.pk, expert_ids=ids)
        return _("The experts are matched.")
    if action == "schedule":
        consultations.schedule(by=user, case_id=case.pk, slots=_slot(request))
        return _("The consultation is scheduled; the participants are invited.")
    if action == "hold":
        consultations.mark_held(by=user, case_id=case.pk)
        return _("The consultation is marked as held.")
    consultations.close(by=user, case_id=case.pk, summary=request.POST.get("summary", ""))
    return _("The case is closed with its summary.")


@login_required
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        case = consultations.case_for(request.user, case_id)
    except LiveError as error:
        raise Http404(error.message) from error
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            done = _act(request, case)
        except LiveError as error:
            if error.code == ErrorCode.FORBIDDEN:
                raise PermissionDenied(error.message) from error
            errors = _field_errors(error)
            status = 400
        else:
            messages.success(request, done)
            return redirect("frontend:consultation", case_id=case.pk)
        case.refresh_from_db()
    user = request.user
    organizes = rights.can_organize(user, case.subvenue_id)
    rated = case.ratings.filter(by=user).exists()
    context = {
        "case": case,
        "state": state_label(case.state),
        "history": _history(case),
        "languages": [LANGUAGE_NAMES.get(c, c) for c in case.languages.split(",")],
        "experts": [e.user for e in case.experts.select_related("user")],
        "documents": case.documents.order_by("pk"),
        "organizes": organizes,
        "can_add_document": case.state != Case.State.CLOSED and (organizes or case.submitter_id == user.pk),
        "can_rate": consultations.is_participant(user, case) and case.state in ("held", "closed") and not rated,
        "rated": rated,
        "candidates": _candidates(request, case) if organizes and case.state in ("submitted", "matched") else [],
        "form": request.POST if status == 400 else {},
        "errors": errors,
        "action": request.POST.get("action", "") if status == 400 else "",
    }
    return render(request, "activities/consultation.html", context, status=status)


@login_required
def document_download(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    from django.http import FileResponse

    try:
        case = consultations.case_for(request.user, case_id)
    except LiveError as error:
        raise Http404(error.message) from error
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(document.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
