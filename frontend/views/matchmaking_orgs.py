"""Organisation pages of matchmaking: the public page (introduction, policy releases, news,
ratings, postings), its admins' page for that content (members and roles stay on the team
page of accounts/organisations.py), showcase areas and the organizers' pages for them and for
every organisation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.i18n import localized
from accounts.models import Organisation
from frontend.views.matchmaking_common import Refused, call, int_param, text_param
from matchmaking import organisation_selectors, rules, selectors
from matchmaking.models import OrganisationPost, Posting, ShowcaseArea
from matchmaking.services import profiles


def organisation_page(request: HttpRequest, org_id: int) -> HttpResponse:
    data = call(organisation_selectors.organisation_page, org_id, request.user)
    return render(request, "matchmaking/organisation.html", {"o": data})


def _organisation(org_id: int) -> Organisation:
    org = Organisation.objects.filter(pk=org_id).first()
    if org is None:
        raise Http404()
    return org


@login_required
@require_http_methods(["GET", "POST"])
def organisation_manage(request: HttpRequest, org_id: int) -> HttpResponse:
    user = request.user
    org = _organisation(org_id)
    if not (rules.is_organizer(user) or rules.is_admin(user, org.pk)):
        raise PermissionDenied
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "profile":
                call(
                    profiles.update_profile,
                    organisation=org,
                    user=user,
                    introduction=request.POST.get("introduction", ""),
                    introduction_en=request.POST.get("introduction_en", ""),
                )
                messages.success(request, _("The introduction is saved."))
            elif action == "post":
                call(
                    profiles.add_post,
                    organisation=org,
                    user=user,
                    kind=request.POST.get("kind", ""),
                    title=request.POST.get("title", ""),
                    title_en=request.POST.get("title_en", ""),
                    body=request.POST.get("body", ""),
                    body_en=request.POST.get("body_en", ""),
                )
                messages.success(request, _("The post is published on the organisation's page."))
            elif action == "delete_post":
                call(profiles.delete_post, organisation=org, user=user, post_id=int_param(request.POST.get("post"), 0))
            else:
                raise Refused(ValueError(_("Unknown action.")))
            return redirect(f"/matchmaking/organisations/{org.pk}/manage/")
        except Refused as refused:
            errors, status = refused.messages, refused.status
    profile = profiles.profile_of(org)
    context = {
        "org": org,
        "name": localized(org.name, org.name_en),
        "profile": profile,
        "posts": list(OrganisationPost.objects.filter(organisation=org)),
        "kinds": OrganisationPost.Kind.choices,
        "errors": errors,
        "form": request.POST if errors else {},
        "team_url": f"/exhibitor/organisations/{org.pk}/team/",
        "is_admin": rules.is_admin(user, org.pk),
    }
    return render(request, "matchmaking/organisation_manage.html", context, status=status)


def showcase(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "matchmaking/showcase.html",
        {"areas": [organisation_selectors.area_out(a) for a in organisation_selectors.areas()]},
    )


def area_page(request: HttpRequest, slug: str) -> HttpResponse:
    area = call(organisation_selectors.area_for, slug)
    return render(
        request, "matchmaking/area.html", {"a": organisation_selectors.area_out(area, request.user, full=True)}
    )


def _ids(values: list[str]) -> list[int]:
    return [n for n in (int_param(v) for v in values[:500]) if n is not None]


@login_required
@require_http_methods(["GET", "POST"])
def showcase_admin(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not rules.is_organizer(user):
        raise PermissionDenied
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        area_id = int_param(request.POST.get("area"))
        try:
            if action == "delete":
                call(profiles.delete_area, user=user, area_id=area_id or 0)
                messages.success(request, _("The area is deleted."))
            else:
                values = {
                    "slug": request.POST.get("slug", ""),
                    "kind": request.POST.get("kind", ""),
                    "title": request.POST.get("title", ""),
                    "title_en": request.POST.get("title_en", ""),
                    "description": request.POST.get("description", ""),
                    "description_en": request.POST.get("description_en", ""),
                    "position": int_param(request.POST.get("position"), 0, low=0, high=10_000),
                    "posting_ids": _ids(request.POST.getlist("postings")),
                    "organisation_ids": _ids(request.POST.getlist("organisations")),
                }
                if area_id:
                    call(profiles.update_area, user=user, area_id=area_id, **values)
                else:
                    call(profiles.create_area, user=user, **values)
                messages.success(request, _("The area is saved."))
            return redirect("/organizer/matchmaking/showcase/")
        except Refused as refused:
            errors, status = refused.messages, refused.status
    areas = [organisation_selectors.area_out(a, user, full=True) for a in organisation_selectors.areas()]
    postings = selectors.public_postings().select_related("organisation").order_by("-published_at")[:300]
    context = {
        "areas": areas,
        "kinds": ShowcaseArea.Kind.choices,
        "postings": [(p.pk, p.display_title) for p in postings],
        "organisations": [
            (o.pk, localized(o.name, o.name_en))
            for o in Organisation.objects.filter(status=Organisation.Status.VERIFIED).order_by("name")[:500]
        ],
        "errors": errors,
    }
    return render(request, "matchmaking/showcase_admin.html", context, status=status)


@login_required
def all_organisations(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not rules.is_organizer(user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in Organisation.Status.values else ""
    q = text_param(request, "q", 100)
    rows = organisation_selectors.all_organisations(user, q=q, status=status)
    drafts = Posting.objects.filter(status=Posting.Status.DRAFT).count()
    return render(
        request,
        "matchmaking/organisations_all.html",
        {"rows": rows, "q": q, "status": status, "statuses": Organisation.Status.choices, "drafts": drafts},
    )
