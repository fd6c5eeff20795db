"""Organizers' pages of the 征集表 import: upload (/organizer/matchmaking/imports/), one
import with its live progress bar, problems and report, and the non-public queue with the
manual matches (/organizer/matchmaking/queue/). The start button and the progress bar are
matchmaking-import.js (the API and the `import.progress` frame); the forms work without it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.i18n import english_active
from accounts.models import Organisation
from matchmaking import board_selectors as sel
from matchmaking.imports import queue
from matchmaking.imports import services as imports
from matchmaking.imports.columns import SHEETS
from matchmaking.models import ImportJob


def _organizer(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        imports.require_organizer(request.user)
    except PermissionDenied:
        raise PermissionDenied from None


def _login_first(view):
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={request.path}")
        _organizer(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)


@require_http_methods(["GET", "POST"])
@_login_first
def import_list(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        try:
            job = imports.upload(
                request.user,
                request.FILES.get("file"),
                mode=request.POST.get("mode") or ImportJob.Mode.ALL,
                kind=request.POST.get("kind", ""),
            )
        except ValidationError as error:
            errors = _messages(error)
        else:
            return redirect("frontend:mm-import", pk=job.pk)
    kinds = [(s.kind, s.en if english_active() else s.zh) for s in SHEETS]
    context = {"jobs": ImportJob.objects.all()[:50], "errors": errors, "kinds": kinds}
    return render(request, "matchmaking/imports.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
@_login_first
def import_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None:
        raise Http404
    if request.method == "POST":  # without the script: start and come back
        try:
            imports.start(request.user, job, mode=request.POST.get("mode") or None)
        except ValidationError as error:
            for text in _messages(error):
                messages.error(request, text)
        return redirect("frontend:mm-import", pk=job.pk)
    detail = sel.import_detail(job)
    english = english_active()
    problems = [dict(p, text=p["message_en"] if english else p["message"]) for p in detail["problems"]]
    percent = int(100 * job.processed_rows / job.total_rows) if job.total_rows else (100 if job.finished else 0)
    context = {"job": job, "detail": detail, "problems": problems, "percent": min(100, percent)}
    return render(request, "matchmaking/import.html", context)


@require_http_methods(["GET", "POST"])
@_login_first
def queue_page(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        posting = queue.queue().filter(pk=_int(request.POST.get("posting"))).first()
        if posting is None:
            raise Http404
        try:
            queue.record_match(
                request.user,
                posting,
                counterpart_id=_int(request.POST.get("counterpart")) or None,
                counterpart_text=request.POST.get("counterpart_text", ""),
                note=request.POST.get("note", ""),
            )
        except ValidationError as error:
            errors = _messages(error)
        else:
            messages.success(request, _("The match is recorded."))
            return redirect("frontend:mm-queue")
    context = {
        "postings": queue.queue()[:200],
        "organisations": Organisation.objects.order_by("name")[:500],
        "errors": errors,
    }
    return render(request, "matchmaking/queue.html", context, status=400 if errors else 200)


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
