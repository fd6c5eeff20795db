"""Organisation pages (public), their profile content (admins), the organizers' list of every
organisation, showcase areas, recommendations."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from accounts.models import Organisation
from live.http_api import errors, session_auth
from matchmaking import organisation_selectors, recommend, rules, selectors
from matchmaking.api.common import READ_ERRORS, WRITE_ERRORS, viewer
from matchmaking.services import profiles

router = Router()


class ProfileIn(Schema):
    introduction: str | None = Field(None, max_length=20000)
    introduction_en: str | None = Field(None, max_length=20000)


class PostIn(Schema):
    kind: Literal["policy", "news"] | None = None
    title: str | None = Field(None, max_length=1000)
    title_en: str | None = Field(None, max_length=1000)
    body: str | None = Field(None, max_length=20000)
    body_en: str | None = Field(None, max_length=20000)
    published_at: datetime | None = None


class AreaIn(Schema):
    slug: str | None = Field(None, max_length=100)
    kind: Literal["region", "field", "country"] | None = None
    title: str | None = Field(None, max_length=1000)
    title_en: str | None = Field(None, max_length=1000)
    description: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    position: int | None = Field(None, ge=0, le=10_000)
    posting_ids: list[int] | None = Field(None, max_length=500)
    organisation_ids: list[int] | None = Field(None, max_length=500)


class OrganisationsQuery(Schema):
    q: str = Field("", max_length=100)
    status: Literal["", "pending", "verified", "rejected"] = ""


class RecommendQuery(Schema):
    organisation_id: int | None = Field(None, ge=1, le=2**31 - 1)
    limit: int = Field(10, ge=1, le=50)


def _organisation(pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        raise rules.NotFound()
    return org


@router.get(
    "/matchmaking/organisations/{int:org_id}", url_name="matchmaking-organisation", response={200: dict, **READ_ERRORS}
)
def organisation(request: HttpRequest, org_id: int):
    """The public page: introduction, policy releases, news, ratings (average), postings."""
    return organisation_selectors.organisation_page(org_id, viewer(request))


@router.patch(
    "/matchmaking/organisations/{int:org_id}/profile",
    url_name="matchmaking-profile",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def update_profile(request: HttpRequest, org_id: int, data: ProfileIn):
    profile = profiles.update_profile(
        organisation=_organisation(org_id), user=request.user, **data.dict(exclude_unset=True)
    )
    return {"introduction": profile.introduction, "introduction_en": profile.introduction_en}


@router.post(
    "/matchmaking/organisations/{int:org_id}/posts",
    url_name="matchmaking-posts",
    auth=session_auth,
    response={201: dict, **WRITE_ERRORS},
)
def add_post(request: HttpRequest, org_id: int, data: PostIn):
    post = profiles.add_post(organisation=_organisation(org_id), user=request.user, **data.dict(exclude_unset=True))
    return Status(201, organisation_selectors.post_out(post))


@router.patch(
    "/matchmaking/organisations/{int:org_id}/posts/{int:post_id}",
    url_name="matchmaking-post",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def update_post(request: HttpRequest, org_id: int, post_id: int, data: PostIn):
    post = profiles.update_post(
        organisation=_organisation(org_id), user=request.user, post_id=post_id, **data.dict(exclude_unset=True)
    )
    return organisation_selectors.post_out(post)


@router.delete(
    "/matchmaking/organisations/{int:org_id}/posts/{int:post_id}",
    url_name="matchmaking-post-delete",
    auth=session_auth,
    response={204: None, **WRITE_ERRORS},
)
def delete_post(request: HttpRequest, org_id: int, post_id: int):
    profiles.delete_post(organisation=_organisation(org_id), user=request.user, post_id=post_id)
    return Status(204, None)


@router.get(
    "/matchmaking/organizer/organisations",
    url_name="matchmaking-all-organisations",
    auth=session_auth,
    response={200: list[dict], **errors(401, 403, 422)},
)
def all_organisations(request: HttpRequest, filters: Query[OrganisationsQuery]):
    """Organizers: every organisation with its postings, members, conversations, rating."""
    return organisation_selectors.all_organisations(request.user, **filters.dict())


@router.get("/matchmaking/showcase", url_name="matchmaking-areas", response={200: list[dict]})
def areas(request: HttpRequest):
    return [organisation_selectors.area_out(a) for a in organisation_selectors.areas()]


@router.get("/matchmaking/showcase/{slug}", url_name="matchmaking-area", response={200: dict, **READ_ERRORS})
def area(request: HttpRequest, slug: str):
    return organisation_selectors.area_out(organisation_selectors.area_for(slug), viewer(request), full=True)


@router.post(
    "/matchmaking/showcase", url_name="matchmaking-area-create", auth=session_auth, response={201: dict, **WRITE_ERRORS}
)
def create_area(request: HttpRequest, data: AreaIn):
    area = profiles.create_area(user=request.user, **data.dict(exclude_unset=True))
    return Status(201, organisation_selectors.area_out(area, request.user, full=True))


@router.patch(
    "/matchmaking/showcase-areas/{int:area_id}",
    url_name="matchmaking-area-update",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def update_area(request: HttpRequest, area_id: int, data: AreaIn):
    area = profiles.update_area(user=request.user, area_id=area_id, **data.dict(exclude_unset=True))
    return organisation_selectors.area_out(area, request.user, full=True)


@router.delete(
    "/matchmaking/showcase-areas/{int:area_id}",
    url_name="matchmaking-area-delete",
    auth=session_auth,
    response={204: None, **WRITE_ERRORS},
)
def delete_area(request: HttpRequest, area_id: int):
    profiles.delete_area(user=request.user, area_id=area_id)
    return Status(204, None)


@router.get(
    "/matchmaking/recommendations",
    url_name="matchmaking-recommend-postings",
    auth=session_auth,
    response={200: dict, **errors(400, 401, 403, 422)},
)
def postings_for_me(request: HttpRequest, filters: Query[RecommendQuery]):
    """Postings that fit my organisation, each with its score and reasons."""
    from matchmaking.services.postings import _organisation_for

    org = _organisation_for(request.user, filters.organisation_id)
    return {"organisation": org.pk, "results": recommend.postings_for(org, limit=filters.limit)}


@router.get(
    "/matchmaking/postings/{int:pk}/recommended-organisations",
    url_name="matchmaking-recommend-organisations",
    auth=session_auth,
    response={200: dict, **errors(401, 403, 404, 422)},
)
def organisations_for(request: HttpRequest, pk: int, limit: int = Query(10, ge=1, le=50)):
    """Organisations that could answer this posting (its organisation's members, organizers)."""
    posting = selectors.posting_for(request.user, pk)
    rules.require_member_or_organizer(request.user, posting.organisation)
    return {"posting": posting.pk, "results": recommend.organisations_for(posting, limit=limit)}
