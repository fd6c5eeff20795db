"""Matchmaking's reads about organisations and showcase areas: the public organisation page,
the organizers' list of every organisation, the showcase areas (split from selectors.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q

from accounts.countries import country_name
from accounts.i18n import localized
from accounts.models import Organisation
from matchmaking import rules
from matchmaking.models import OrganisationPost, OrganisationProfile, Rating, ShowcaseArea
from matchmaking.selectors import organisation_url, posting_out, public_postings


# ---- organisations ---------------------------------------------------------------------------------
def rating_summary(organisation_id: int) -> dict[str, Any]:
    agg = Rating.objects.filter(rated_id=organisation_id).aggregate(average=Avg("stars"), count=Count("pk"))
    average = agg["average"]
    return {"average": round(float(average), 2) if average is not None else None, "count": agg["count"]}


def organisation_page(organisation_id: int, user=None) -> dict[str, Any]:
    """The public organisation page: identity, introduction, policies, news, ratings, its
    published postings. Any organisation that exists (rejected ones are not shown)."""
    org = Organisation.objects.filter(pk=organisation_id).exclude(status=Organisation.Status.REJECTED).first()
    if org is None:
        raise rules.NotFound()
    profile = OrganisationProfile.objects.filter(organisation=org).first()
    posts = OrganisationPost.objects.filter(organisation=org)
    ratings = Rating.objects.filter(rated=org).select_related("rater")[:20]
    postings = public_postings().filter(organisation=org).prefetch_related("fields").select_related("organisation")
    return {
        "organisation": {
            "id": org.pk,
            "name": org.name,
            "name_en": org.name_en,
            "display_name": localized(org.name, org.name_en),
            "kind": org.kind,
            "kind_label": str(org.get_kind_display()),
            "country": org.country,
            "country_name": country_name(org.country) if org.country else "",
            "website": org.website,
            "verified": org.is_verified,
            "url": organisation_url(org),
        },
        "introduction": profile.introduction if profile else "",
        "introduction_en": profile.introduction_en if profile else "",
        "display_introduction": profile.display_introduction if profile else "",
        "policies": [post_out(p) for p in posts if p.kind == OrganisationPost.Kind.POLICY],
        "news": [post_out(p) for p in posts if p.kind == OrganisationPost.Kind.NEWS],
        "ratings": rating_summary(org.pk),
        "reviews": [
            {
                "stars": r.stars,
                "comment": r.comment,
                "by": localized(r.rater.name, r.rater.name_en),
                "created_at": r.created_at.isoformat(),
            }
            for r in ratings
        ],
        "postings": [posting_out(p, user) for p in postings],
        "can_manage": bool(user is not None and (rules.is_organizer(user) or rules.is_admin(user, org.pk))),
    }


def post_out(post: OrganisationPost) -> dict[str, Any]:
    return {
        "id": post.pk,
        "kind": post.kind,
        "title": post.title,
        "title_en": post.title_en,
        "display_title": post.display_title,
        "body": post.body,
        "body_en": post.body_en,
        "display_body": post.display_body,
        "published_at": post.published_at.isoformat(),
    }


def all_organisations(user, *, q: str = "", status: str = "") -> list[dict[str, Any]]:
    """The organizers' view of every organisation, with its matchmaking figures."""
    rules.require_organizer(user)
    orgs = Organisation.objects.all().order_by("name")
    if status:
        orgs = orgs.filter(status=status)
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(name_en__icontains=q))
    orgs = orgs.annotate(
        n_postings=Count("postings", distinct=True),
        n_members=Count("memberships", distinct=True),
        n_conversations=Count("matchmaking_conversations", distinct=True),
    )[:500]
    averages = dict(Rating.objects.values("rated_id").annotate(a=Avg("stars")).values_list("rated_id", "a"))
    return [
        {
            "id": o.pk,
            "name": o.name,
            "name_en": o.name_en,
            "display_name": localized(o.name, o.name_en),
            "status": o.status,
            "country": o.country,
            "kind": o.kind,
            "postings": o.n_postings,
            "members": o.n_members,
            "conversations": o.n_conversations,
            "rating": round(float(averages[o.pk]), 2) if o.pk in averages else None,
            "url": organisation_url(o),
        }
        for o in orgs
    ]


# ---- showcase areas -------------------------------------------------------------------------------
def area_out(area: ShowcaseArea, user=None, *, full: bool = False) -> dict[str, Any]:
    out = {
        "id": area.pk,
        "slug": area.slug,
        "kind": area.kind,
        "kind_label": str(area.get_kind_display()),
        "title": area.title,
        "title_en": area.title_en,
        "display_title": area.display_title,
        "description": area.description,
        "description_en": area.description_en,
        "display_description": area.display_description,
        "position": area.position,
        "url": f"/matchmaking/showcase/{area.slug}/",
    }
    if full:
        postings = (
            public_postings().filter(showcase_areas=area).prefetch_related("fields").select_related("organisation")
        )
        orgs = area.organisations.exclude(status=Organisation.Status.REJECTED).order_by("name")
        out["postings"] = [posting_out(p, user) for p in postings]
        out["organisations"] = [
            {"id": o.pk, "name": localized(o.name, o.name_en), "country": o.country, "url": organisation_url(o)}
            for o in orgs
        ]
        if rules.is_organizer(user):
            out["posting_ids"] = list(area.postings.values_list("pk", flat=True))
            out["organisation_ids"] = list(area.organisations.values_list("pk", flat=True))
    return out


def areas() -> list[ShowcaseArea]:
    return list(ShowcaseArea.objects.all())


def area_for(slug: str) -> ShowcaseArea:
    area = ShowcaseArea.objects.filter(slug=slug[:64]).first()
    if area is None:
        raise rules.NotFound()
    return area
