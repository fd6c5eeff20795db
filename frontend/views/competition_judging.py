"""The judge's scoring page and the organizers' console of a round: assign judges, the
ranking with advancement to confirm, publish, the final's pitches and live scores, exports
(docs/competition.md). Forms post here; the views call the competition's services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from competition import final, judging, results, selectors
from competition.errors import Refused
from competition.models import Application, JudgeAssignment, Round, Track


def _login(request: HttpRequest):
    return redirect(f"{reverse('login')}?next={request.path}")


@require_http_methods(["GET", "POST"])
def judge_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    round_ = get_object_or_404(Round.objects.select_related("competition"), pk=pk)
    if not selectors.is_judge(request.user, round_):
        raise PermissionDenied
    error = None
    failed_id = None
    if request.method == "POST":
        app = get_object_or_404(Application, pk=request.POST.get("application") or 0, round=round_)
        try:
            if request.POST.get("action") == "conflict":
                judging.declare_conflict(judge=request.user, application=app, reason=request.POST.get("reason", ""))
            else:
                scores = {k.removeprefix("score-"): v for k, v in request.POST.items() if k.startswith("score-")}
                judging.submit_scores(
                    judge=request.user, application=app, scores=scores, comment=request.POST.get("comment", "")
                )
        except Refused as refusal:
            error, failed_id = refusal, app.pk
        else:
            messages.success(request, _("Saved."))
            return redirect("frontend:competition-judge", pk=round_.pk)
    context = {
        "round": round_,
        "criteria": list(round_.criteria.all()),
        "queue": selectors.judge_queue(request.user, round_),
        "deadline": selectors.local_time(round_, round_.scoring_deadline),
        "error": error,
        "failed_id": failed_id,
    }
    return render(request, "competition/judge.html", context, status=error.status if error else 200)


def _console_action(request: HttpRequest, round_: Round) -> None:
    action = request.POST.get("action")
    user = request.user
    if action == "assign":
        track = get_object_or_404(Track, pk=request.POST.get("track") or 0, competition_id=round_.competition_id)
        judge_id = request.POST.get("judge") or ""
        if not judge_id.isdigit():
            raise Refused(400, "not_found", _("Choose a person."), {"judge": [_("Choose a person.")]})
        judging.assign_judge(round_=round_, track=track, judge_id=int(judge_id), by=user)
    elif action == "unassign":
        assignment = get_object_or_404(JudgeAssignment, pk=request.POST.get("assignment") or 0, round=round_)
        judging.unassign_judge(assignment=assignment, by=user)
    elif action == "advance":
        ids = [int(i) for i in request.POST.getlist("advance") if i.isdigit()]
        results.confirm_advancement(round_=round_, by=user, application_ids=ids)
    elif action == "publish":
        results.publish_results(round_=round_, by=user)
    elif action == "unpublish":
        results.unpublish_results(round_=round_, by=user)
    elif action in ("release", "hide"):
        final.release_live_scores(round_=round_, by=user, released=action == "release")
    elif action == "pitch":
        value = request.POST.get("application") or ""
        final.set_pitch(round_=round_, by=user, application_id=int(value) if value.isdigit() else None)
    else:
        raise Refused(400, "bad_request", _("Unknown action."))


@require_http_methods(["GET", "POST"])
def console_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    if not request.user.is_organizer:
        raise PermissionDenied
    round_ = get_object_or_404(Round.objects.select_related("competition", "session", "session__room"), pk=pk)
    error = None
    if request.method == "POST":
        try:
            _console_action(request, round_)
        except Refused as refusal:
            error = refusal
        else:
            messages.success(request, _("Done."))
            return redirect("frontend:competition-console", pk=round_.pk)
        round_.refresh_from_db()
    context = {
        "round": round_,
        "tracks": round_.competition.tracks.all(),
        "assignments": selectors.assignments(round_),
        "people": selectors.judge_candidates(),
        "ranking": results.ranking(round_),
        "deadline": selectors.local_time(round_, round_.scoring_deadline),
        "slots": final.slots(round_) if round_.session_id else [],
        "conflicts": selectors.conflicts(round_),
        "error": error,
    }
    return render(request, "competition/console.html", context, status=error.status if error else 200)
