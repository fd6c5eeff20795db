"""An employer's application pages: the applications board of its jobs (filters by job,
status and text; move one or in bulk; open the résumé, logged; schedule an interview as a
meeting; interview notes and score) and the talent pool (invite a candidate to apply).

For staff of an organisation (accounts memberships); everyone else sees an empty board
(nothing of theirs) and no talent pool."""

from __future__ import annotations

import logging
import zoneinfo
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.i18n import localized
from accounts.models import Organisation
from frontend.views.recruitment_candidates import _matching, in_language, reason_texts, report, status_labels
from live.errors import LiveError
from meetings.zones import zone_of
from recruitment import applications, interviews, job_access, talent
from recruitment import candidate_selectors as sel
from recruitment.models.applications import Status

logger = logging.getLogger(__name__)
COMMON_ZONES = ("Asia/Shanghai", "Asia/Tokyo", "Asia/Singapore", "Europe/London", "Europe/Berlin", "America/New_York")


def _my_jobs(user):
    from recruitment.models import Job

    return list(
        Job.objects.filter(organisation_id__in=job_access.employer_org_ids(user))
        .select_related("organisation")
        .order_by("-pk")[:300]
    )


def _board_url(request: HttpRequest) -> str:
    query = request.POST.get("back_query", "")
    return reverse("frontend:recruitment-board") + (f"?{query}" if query and len(query) < 300 else "")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """Applications to my organisations' jobs, by job and status, with their actions."""
    job_id = _int(request.GET.get("job"))
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    q = request.GET.get("q", "").strip()[:100]
    rows = [
        sel.application_out(a, request.user, employer=True)
        for a in sel.employer_applications(request.user, job_id=job_id, status=status or None, q=q)
    ]
    for row in rows:
        current = row["status"]
        row["moves"] = sorted(applications.TRANSITIONS.get(current, ()), key=Status.values.index)
    jobs = _my_jobs(request.user)
    chosen = next((j for j in jobs if j.pk == job_id), None)
    suggestions = _candidate_suggestions(chosen) if chosen is not None else {"available": False, "items": []}
    zone = zone_of(request.user).key
    context = {
        "applications": rows,
        "jobs": [{"id": j.pk, "title": job_access.job_title(j), "status": j.status} for j in jobs],
        "job_id": job_id,
        "chosen": chosen,
        "status": status,
        "q": q,
        "counts": sel.status_counts(request.user, job_id),
        "labels": status_labels(),
        "statuses": [s for s in Status.values if s != Status.WITHDRAWN],
        "zones": sorted({zone, *COMMON_ZONES}),
        "zone": zone,
        "query": request.GET.urlencode()[:300],
        "suggestions": suggestions,
        "is_employer": bool(job_access.employer_org_ids(request.user)),
    }
    return render(request, "recruitment/board.html", context)


def _candidate_suggestions(job) -> dict:
    """Ranked candidates for a job with reasons (recruitment.matching by rec-match), if present."""
    candidates_for = _matching("candidates_for")
    if candidates_for is None:
        return {"available": False, "items": []}
    try:
        matches = list(candidates_for(job, 5))
    except Exception:  # the board works without suggestions
        logger.exception("candidates_for failed for job %s", job.pk)
        return {"available": False, "items": []}
    items = []
    for match in matches:
        profile = getattr(match, "item", None)
        if profile is None:
            continue
        items.append(
            {
                "name": profile.user.public_name,
                "user_id": profile.user_id,
                "headline": profile.headline,
                "score": getattr(match, "score", 0),
                "reasons": reason_texts(match),
            }
        )
    return {"available": True, "items": items}


def _slots(request: HttpRequest) -> list[tuple[datetime, datetime]]:
    """Slots typed as local date-times in a chosen zone, each with a duration."""
    name = request.POST.get("zone", "")
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Choose a time zone from the list.")) from None
    minutes = _int(request.POST.get("minutes")) or 45
    out = []
    for raw in request.POST.getlist("start"):
        if not raw:
            continue
        try:
            start = datetime.fromisoformat(raw).replace(tzinfo=zone)
        except ValueError:
            raise ValidationError(_("A slot's date and time could not be read.")) from None
        out.append((start, start + timedelta(minutes=min(minutes, 480))))
    if not out:
        raise ValidationError(_("Give at least one slot."))
    return out


@login_required
@require_POST
def act(request: HttpRequest, pk: int) -> HttpResponse:
    """One application's action: move, schedule an interview, notes and score."""
    action = request.POST.get("action", "")
    try:
        if action == "move":
            applications.move(request.user, pk, request.POST.get("status", ""), note=request.POST.get("note", ""))
            messages.success(request, _("Application moved."))
        elif action == "interview":
            interviews.schedule(request.user, pk, slots=_slots(request), topic=request.POST.get("topic", ""))
            messages.success(request, _("Interview proposed: the candidate chooses a slot on the meeting page."))
        elif action == "assess" and _int(request.POST.get("interview")):
            score = _int(request.POST.get("score"))
            interviews.record_assessment(
                request.user, _int(request.POST["interview"]), notes=request.POST.get("notes", ""), score=score
            )
            messages.success(request, _("Notes saved."))
        else:
            messages.error(request, _("Unknown action."))
    except LiveError as error:
        messages.error(request, in_language(error.message))
    except (ValidationError, ObjectDoesNotExist) as error:
        report(request, error)
    return redirect(_board_url(request))


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit() and len(v) < 10]
    try:
        results = applications.move_many(request.user, ids, request.POST.get("status", ""))
    except ValidationError as error:
        report(request, error)
        return redirect(_board_url(request))
    done = sum(r["ok"] for r in results)
    messages.success(request, _("%(done)s of %(all)s applications moved.") % {"done": done, "all": len(results)})
    for r in results:
        if not r["ok"]:
            messages.error(request, f"#{r['id']}: {in_language(r['message'])}")
    return redirect(_board_url(request))


def _organisations(user) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=job_access.employer_org_ids(user)).order_by("name"))


@login_required
@require_GET
def talent_pool(request: HttpRequest) -> HttpResponse:
    """Candidates who applied to us, and (admitted employers) those open to the fairs' employers."""
    organisations = _organisations(request.user)
    org_id = _int(request.GET.get("organisation")) or (organisations[0].pk if organisations else None)
    current = next((o for o in organisations if o.pk == org_id), None)
    q = request.GET.get("q", "").strip()[:100]
    people = sel.pool_out(current.pk, q=q) if current else []
    jobs = [j for j in _my_jobs(request.user) if current and j.organisation_id == current.pk]
    open_jobs = [{"id": j.pk, "title": job_access.job_title(j)} for j in jobs if job_access.job_refusal(j) is None]
    return render(
        request,
        "recruitment/talent.html",
        {
            "organisations": [{"id": o.pk, "name": localized(o.name, o.name_en)} for o in organisations],
            "current": current,
            "people": people,
            "jobs": open_jobs,
            "q": q,
            "admitted": bool(current and job_access.is_admitted_employer(current.pk)),
            "sent": [sel.invitation_out(i, employer=True) for i in sel.sent_invitations(request.user)[:50]],
            "labels": status_labels(),
        },
    )


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    job_id, user_id = _int(request.POST.get("job")), _int(request.POST.get("candidate"))
    try:
        if job_id is None or user_id is None:
            raise ValidationError(_("Choose a job and a candidate."))
        talent.invite(request.user, job_id, user_id, message=request.POST.get("message", ""))
        messages.success(request, _("Invitation sent."))
    except (ValidationError, ObjectDoesNotExist, PermissionDenied) as error:
        report(request, error)
    organisation = _int(request.POST.get("organisation"))
    return redirect(reverse("frontend:recruitment-talent") + (f"?organisation={organisation}" if organisation else ""))
