"""The roadshow pages: the live page of a roadshow (the pitch on the stage with its timer, the
pitch list, questions to the pitch, "request a meeting" with the presenter; the moderator's
buttons to move the stage) and the report per pitch for organizers and presenters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from activities import roadshows
from live.errors import LiveError
from streams.permissions import stage_roles


def _roadshow(session_id: int):
    try:
        return roadshows.get_roadshow(session_id)
    except LiveError as error:
        raise Http404(error.message) from error


def roadshow_page(request: HttpRequest, session_id: int) -> HttpResponse:
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
    context = {"roadshow": roadshow, "session": session, "detail": detail, "config": config, "runs": runs}
    return render(request, "activities/roadshow.html", context)


@login_required
def report_page(request: HttpRequest, session_id: int) -> HttpResponse:
    _roadshow(session_id)
    try:
        report = roadshows.report(by=request.user, session_id=session_id)
    except LiveError as error:
        raise PermissionDenied(error.message) from error
    return render(request, "activities/roadshow_report.html", {"report": report})
