"""The competition's public page (tracks, rounds in their own time zones, published results)
and the team's application form (docs/competition.md). The form posts to this view, which
calls the same service as the API (competition.applications.apply)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Organisation
from competition import applications, selectors
from competition.errors import Refused
from competition.models import CompanyStage, Competition, Round


@require_GET
def competition_index(request: HttpRequest) -> HttpResponse:
    items = list(selectors.competitions())
    if len(items) == 1:
        return redirect("frontend:competition", slug=items[0].slug)
    return render(request, "competition/index.html", {"competitions": items})


@require_GET
def competition_page(request: HttpRequest, slug: str) -> HttpResponse:
    comp = get_object_or_404(Competition, slug=slug)
    rounds = [
        {
            "round": r,
            "opens": selectors.local_time(r, r.applications_open_at),
            "closes": selectors.local_time(r, r.applications_close_at),
            "deadline": selectors.local_time(r, r.scoring_deadline),
            "starts": selectors.local_time(r, r.starts_at),
            "open": applications.applications_open(r),
            "results": selectors.published_ranking(r),
            "judge": selectors.is_judge(request.user, r),
        }
        for r in selectors.rounds(comp)
    ]
    mine = list(selectors.my_applications(request.user)) if request.user.is_authenticated else []
    context = {"competition": comp, "tracks": comp.tracks.all(), "rounds": rounds, "mine": mine}
    return render(request, "competition/competition.html", context)


@require_http_methods(["GET", "POST"])
def apply_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    round_ = get_object_or_404(Round.objects.select_related("competition"), pk=pk)
    error = None
    if request.method == "POST":
        try:
            app = applications.apply(
                round_=round_, user=request.user, data=request.POST, pitch_deck=request.FILES.get("pitch_deck")
            )
        except Refused as refusal:
            error = refusal
        else:
            return redirect(f"{reverse('frontend:competition', args=[round_.competition.slug])}?applied={app.pk}")
    context = {
        "round": round_,
        "open": applications.applications_open(round_),
        "tracks": round_.competition.tracks.all(),
        "stages": CompanyStage.choices,
        "organisations": Organisation.objects.filter(memberships__user=request.user),
        "error": error,
        "fields": error.fields or {} if error else {},
        "values": request.POST,
    }
    return render(request, "competition/apply.html", context, status=400 if error else 200)
