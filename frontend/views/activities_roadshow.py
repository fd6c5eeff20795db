"""The roadshow pages: the live page of a roadshow (the pitch on the stage with its timer, the
pitch list, questions to the pitch, "request a meeting" with the presenter; the moderator's
buttons to move the stage) and the report per pitch for organizers and presenters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import pitch_media, roadshows
from live.errors import LiveError
from live.protocol import ErrorCode
from streams.permissions import stage_roles


def _roadshow(session_id: int):
    try:
        return roadshows.get_roadshow(session_id)
    except LiveError as error:
        raise Http404(error.message) from error


def roadshow_page(request: HttpRequest, session_id: int, *, media_error: dict | None = None) -> HttpResponse:
    roadshow = _roadshow(session_id)
    session = roadshow.session
    user = request.user
    runs = bool(user.is_authenticated and (user.is_staff or "moderator" in stage_roles(session.room, user)))
    detail = roadshows.roadshow_out(roadshow)
    config = {
        "room": session.room.slug,
        "session_id": session.pk,
        "logged_in": user.is_authenticated,
        "user_id": user.pk if user.is_authenticated else None,
        "runs_stage": runs,
        "login_url": f"/accounts/login/?next=/roadshows/{session.pk}/",
        "t": {
            "none": _("No pitch is on the stage yet."),
            "over": _("Time is up"),
            "asked": _("Your question is in, tagged with this pitch."),
            "requested": _("Meeting request sent to the presenter."),
            "on_stage": _("On the stage"),
            "put_on_stage": _("Put on the stage"),
            "pitch_of": _("Pitch %(n)s of %(count)s"),
        },
    }
    editable = {p.pk for p in roadshows.pitches_of(roadshow) if pitch_media.may_edit(user, p)}
    for pitch in detail["pitches"]:
        pitch["editable"] = pitch["id"] in editable
    context = {
        "roadshow": roadshow,
        "session": session,
        "detail": detail,
        "config": config,
        "runs": runs,
        "media_error": media_error or {},
        # The report is the organizers' and each presenter's (their own pitches).
        "sees_report": runs or any(p["presenter_id"] == user.pk for p in detail["pitches"]),
    }
    return render(request, "activities/roadshow.html", context, status=400 if media_error else 200)


@require_POST
@login_required
def pitch_media_page(request: HttpRequest, session_id: int, pitch_id: int) -> HttpResponse:
    """The presenter's and organizers' form: upload slides (PDF) and/or a video, or remove them."""
    roadshow = _roadshow(session_id)
    if not roadshow.pitches.filter(pk=pitch_id).exists():
        raise Http404
    try:
        pitch_media.set_media(
            by=request.user,
            pitch_id=pitch_id,
            slides=request.FILES.get("slides"),
            video=request.FILES.get("video"),
            remove_slides=bool(request.POST.get("remove_slides")),
            remove_video=bool(request.POST.get("remove_video")),
        )
    except LiveError as error:
        if error.code == ErrorCode.FORBIDDEN:
            raise PermissionDenied(error.message) from error
        if error.code == ErrorCode.NOT_FOUND:
            raise Http404(error.message) from error
        return roadshow_page(request, session_id, media_error={"pitch": pitch_id, "message": error.message})
    messages.success(request, _("The pitch's slides and video are saved."))
    return redirect("frontend:roadshow", session_id=session_id)


@login_required
def report_page(request: HttpRequest, session_id: int) -> HttpResponse:
    _roadshow(session_id)
    try:
        report = roadshows.report(by=request.user, session_id=session_id)
    except LiveError as error:
        raise PermissionDenied(error.message) from error
    return render(request, "activities/roadshow_report.html", {"report": report})
