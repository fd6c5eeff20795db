"""Postings: the board (filters, q), one posting, create / edit / publish / close / delete,
attachments, favourites, ratings by posting."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from live.http_api import errors, session_auth
from matchmaking import selectors
from matchmaking.api.common import READ_ERRORS, WRITE_ERRORS, file_answer, uploads, viewer
from matchmaking.models import Posting, PostingAttachment
from matchmaking.rules import NotFound, can_see_posting
from matchmaking.services import engagement
from matchmaking.services import postings as services

router = Router()

KindName = Literal["project_cooperation", "talent_demand", "hr_services"]
SubkindName = Literal["", "technology_need", "technology_offer", "research_cooperation", "technology_transfer"]


class BoardQuery(Schema):
    q: str = Field("", max_length=200)
    kind: KindName | Literal[""] = ""
    subkind: SubkindName = ""
    field: str = Field("", max_length=64, description="an interest's slug (its subfields included)")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    region: str = Field("", max_length=100, description="province or city")
    language: str = Field("", max_length=8, description="zh, en, …")
    status: Literal["", "published", "closed", "draft"] = ""
    organisation: int | None = Field(None, ge=1, le=2**31 - 1)
    featured: bool | None = None
    mine: bool = Field(False, description="my organisations' postings, drafts included")
    page: int = Field(1, ge=1, le=1000)


class PostingIn(Schema):
    organisation_id: int | None = Field(None, ge=1, le=2**31 - 1)
    kind: KindName | None = None
    subkind: SubkindName | None = None
    title: str | None = Field(None, max_length=1000)
    title_en: str | None = Field(None, max_length=1000)
    body: str | None = Field(None, max_length=20000)
    body_en: str | None = Field(None, max_length=20000)
    fields: list[str] | None = Field(None, max_length=50, description="interest slugs")
    country: str | None = Field(None, max_length=8)
    province: str | None = Field(None, max_length=300)
    city: str | None = Field(None, max_length=300)
    budget: str | None = Field(None, max_length=1000)
    terms: str | None = Field(None, max_length=5000)
    terms_en: str | None = Field(None, max_length=5000)
    languages: list[str] | None = Field(None, max_length=20)
    deadline: date | None = None
    visibility: Literal["public", "organizers"] | None = None
    reference: str | None = Field(None, max_length=200)
    publish: bool = False


class RatingIn(Schema):
    stars: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=5000)
    organisation_id: int | None = Field(None, ge=1, le=2**31 - 1)


def _posting(request: HttpRequest, pk: int) -> Posting:
    return selectors.posting_for(viewer(request), pk)


@router.get("/matchmaking/postings", url_name="matchmaking-postings", response={200: dict, **READ_ERRORS})
def board(request: HttpRequest, filters: Query[BoardQuery]):
    """Published public postings (or, with `mine`, my organisations' own) matching every filter."""
    user = viewer(request)
    result = selectors.board(user, **filters.dict())
    return {
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "results": selectors.postings_out(result.items, user),
    }


@router.post(
    "/matchmaking/postings",
    url_name="matchmaking-posting-create",
    auth=session_auth,
    response={201: dict, **WRITE_ERRORS},
)
def create(request: HttpRequest, data: PostingIn):
    """A draft of my organisation (`publish`: published at once)."""
    values = data.dict(exclude_unset=True)
    values.pop("publish", None)
    posting = services.create_posting(user=request.user, publish=data.publish, **values)
    return Status(201, selectors.posting_out(posting, request.user, full=True))


@router.get("/matchmaking/postings/{int:pk}", url_name="matchmaking-posting", response={200: dict, **READ_ERRORS})
def detail(request: HttpRequest, pk: int):
    return selectors.posting_out(_posting(request, pk), viewer(request), full=True)


@router.patch(
    "/matchmaking/postings/{int:pk}",
    url_name="matchmaking-posting-update",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def update(request: HttpRequest, pk: int, data: PostingIn):
    values = data.dict(exclude_unset=True)
    values.pop("publish", None)
    values.pop("organisation_id", None)
    posting = services.update_posting(posting=_posting(request, pk), user=request.user, **values)
    return selectors.posting_out(posting, request.user, full=True)


@router.delete(
    "/matchmaking/postings/{int:pk}",
    url_name="matchmaking-posting-delete",
    auth=session_auth,
    response={204: None, **WRITE_ERRORS},
)
def delete(request: HttpRequest, pk: int):
    """Delete a draft."""
    services.delete_posting(posting=_posting(request, pk), user=request.user)
    return Status(204, None)


@router.post(
    "/matchmaking/postings/{int:pk}/publish",
    url_name="matchmaking-posting-publish",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def publish(request: HttpRequest, pk: int):
    posting = services.publish_posting(posting=_posting(request, pk), user=request.user)
    return selectors.posting_out(posting, request.user, full=True)


@router.post(
    "/matchmaking/postings/{int:pk}/close",
    url_name="matchmaking-posting-close",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def close(request: HttpRequest, pk: int):
    posting = services.close_posting(posting=_posting(request, pk), user=request.user)
    return selectors.posting_out(posting, request.user, full=True)


@router.post(
    "/matchmaking/postings/{int:pk}/attachments",
    url_name="matchmaking-posting-attach",
    auth=session_auth,
    response={201: dict, **WRITE_ERRORS},
)
def attach(request: HttpRequest, pk: int):
    """Multipart, one file in `file` (PDF or an image; checked by content and size)."""
    from django.core.exceptions import ValidationError

    posting = services.posting_for_edit(request.user, pk)
    files = uploads(request)
    if len(files) != 1:
        raise ValidationError({"file": ["Send one file. 请上传一个文件。"]}, code="file_required")
    row = services.add_attachment(posting=posting, user=request.user, upload=files[0])
    return Status(
        201,
        {
            "id": row.pk,
            "name": row.name,
            "content_type": row.content_type,
            "size": row.size,
            "url": f"/api/matchmaking/attachments/{row.pk}",
        },
    )


@router.delete(
    "/matchmaking/postings/{int:pk}/attachments/{int:attachment_id}",
    url_name="matchmaking-posting-detach",
    auth=session_auth,
    response={204: None, **WRITE_ERRORS},
)
def detach(request: HttpRequest, pk: int, attachment_id: int):
    services.remove_attachment(posting=_posting(request, pk), user=request.user, attachment_id=attachment_id)
    return Status(204, None)


@router.get(
    "/matchmaking/attachments/{int:attachment_id}",
    url_name="matchmaking-attachment",
    response={200: None, **READ_ERRORS},
)
def attachment(request: HttpRequest, attachment_id: int):
    """A posting's attachment, for whoever may see the posting."""
    row = PostingAttachment.objects.select_related("posting").filter(pk=attachment_id).first()
    if row is None or not can_see_posting(viewer(request), row.posting):
        raise NotFound()
    return file_answer(row)


@router.post(
    "/matchmaking/postings/{int:pk}/favourite",
    url_name="matchmaking-favourite",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def favourite(request: HttpRequest, pk: int):
    engagement.favourite(user=request.user, posting_id=pk)
    return {"favourite": True}


@router.delete(
    "/matchmaking/postings/{int:pk}/favourite",
    url_name="matchmaking-unfavourite",
    auth=session_auth,
    response={200: dict, **WRITE_ERRORS},
)
def unfavourite(request: HttpRequest, pk: int):
    engagement.unfavourite(user=request.user, posting_id=pk)
    return {"favourite": False}


@router.get(
    "/matchmaking/favourites",
    url_name="matchmaking-favourites",
    auth=session_auth,
    response={200: list[dict], **errors(401)},
)
def favourites(request: HttpRequest):
    return [selectors.posting_out(p, request.user) for p in selectors.favourites(request.user)]


@router.post(
    "/matchmaking/postings/{int:pk}/rating",
    url_name="matchmaking-posting-rate",
    auth=session_auth,
    response={201: dict, **WRITE_ERRORS},
)
def rate(request: HttpRequest, pk: int, data: RatingIn):
    """My organisation rates the poster (refused before we have had a conversation on it)."""
    rating = engagement.rate(
        user=request.user, posting_id=pk, stars=data.stars, comment=data.comment, organisation_id=data.organisation_id
    )
    return Status(201, {"stars": rating.stars, "comment": rating.comment, "rated": rating.rated_id})
