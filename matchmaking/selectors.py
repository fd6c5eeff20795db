"""The reads of matchmaking: the board (filters and the shared search), one posting,
conversations, favourites, organisation pages and averages, showcase areas. Every read
takes the viewer and shows only what they may see (rules.py); `*_out` shape the API's and
the pages' dicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from accounts.countries import country_name
from accounts.i18n import localized
from accounts.models import Interest, Organisation, User
from matchmaking import rules
from matchmaking.models import (
    Conversation,
    Favourite,
    Message,
    Posting,
    Rating,
)
from translation.selectors import add_shown

PER_PAGE = 20
MAX_SEARCH_HITS = 1000


def posting_url(posting: Posting | int) -> str:
    return f"/matchmaking/postings/{getattr(posting, 'pk', posting)}/"


def conversation_url(conversation: Conversation | int) -> str:
    return f"/matchmaking/conversations/{getattr(conversation, 'pk', conversation)}/"


def organisation_url(organisation: Organisation | int) -> str:
    return f"/matchmaking/organisations/{getattr(organisation, 'pk', organisation)}/"


# ---- postings ---------------------------------------------------------------------------------------
def public_postings() -> QuerySet[Posting]:
    return Posting.objects.filter(status=Posting.Status.PUBLISHED, visibility=Posting.Visibility.PUBLIC)


def visible_postings(user) -> QuerySet[Posting]:
    """What the viewer may open: published or closed public postings, their organisations'
    own (drafts, the organizers' queue), every one for organizers."""
    base = Posting.objects.select_related("organisation")
    if rules.is_organizer(user):
        return base
    visible = Q(visibility=Posting.Visibility.PUBLIC, status__in=[Posting.Status.PUBLISHED, Posting.Status.CLOSED])
    mine = rules.member_org_ids(user)
    if mine:
        visible |= Q(organisation_id__in=mine)
    return base.filter(visible)


def posting_for(user, posting_id: int) -> Posting:
    posting = visible_postings(user).filter(pk=posting_id).first()
    if posting is None:
        raise rules.NotFound()
    return posting


def _field_ids(slug: str) -> list[int]:
    """An interest and its subfields."""
    root = Interest.objects.filter(slug=slug).first()
    if root is None:
        return []
    ids, frontier = [root.pk], [root.pk]
    while frontier:
        frontier = list(Interest.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


@dataclass
class Board:
    items: list[Posting]
    total: int
    page: int
    pages: int
    filters: dict[str, Any]


def board(
    user,
    *,
    q: str = "",
    kind: str = "",
    subkind: str = "",
    field: str = "",
    country: str = "",
    region: str = "",
    language: str = "",
    status: str = "",
    organisation: int | None = None,
    featured: bool | None = None,
    mine: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Board:
    """Postings matching every filter given; with `q`, through the shared search (ranked),
    else the newest first. `status` is published by default (closed too when asked; drafts
    only in `mine`, the viewer's organisations' own)."""
    filters = {k: v for k, v in locals().items() if k not in ("user", "page", "per_page") and v not in ("", None)}
    postings = visible_postings(user)
    if mine:
        postings = postings.filter(organisation_id__in=rules.member_org_ids(user))
        if status:
            postings = postings.filter(status=status)
    else:
        postings = postings.filter(visibility=Posting.Visibility.PUBLIC)
        postings = postings.filter(status=status if status in ("published", "closed") else "published")
    if kind:
        postings = postings.filter(kind=kind)
    if subkind:
        postings = postings.filter(subkind=subkind)
    if field:
        postings = postings.filter(fields__in=_field_ids(field)).distinct()
    if country:
        postings = postings.filter(country=country.upper())
    if region:
        postings = postings.filter(Q(province__icontains=region) | Q(city__icontains=region))
    if language:
        # JSON containment differs between SQLite and PostgreSQL: the few ids, in Python.
        rows = postings.values_list("pk", "languages")
        postings = postings.filter(pk__in=[pk for pk, langs in rows if isinstance(langs, list) and language in langs])
    if organisation:
        postings = postings.filter(organisation_id=organisation)
    if featured is not None:
        postings = postings.filter(featured=featured)
    order: list[int] | None = None
    if q:
        from search.selectors import search

        hits = search(q, user, kinds=["posting"], page=1, per_page=MAX_SEARCH_HITS).hits
        order = [int(h.object_id) for h in hits]
        postings = postings.filter(pk__in=order)
    postings = postings.prefetch_related("fields").select_related("organisation")
    total = postings.count()
    pages = max(1, (total + per_page - 1) // per_page)
    start = (page - 1) * per_page
    if order is not None:
        rank = {pk: i for i, pk in enumerate(order)}
        items = sorted(postings, key=lambda p: rank.get(p.pk, len(rank)))[start : start + per_page]
    else:
        items = list(postings.order_by("-featured", "-published_at", "-pk")[start : start + per_page])
    return Board(items, total, page, pages, filters)


def region_label(posting: Posting) -> str:
    parts = [country_name(posting.country) if posting.country else "", posting.province, posting.city]
    return " · ".join(p for p in parts if p)


def posting_out(posting: Posting, user=None, *, full: bool = False) -> dict[str, Any]:
    org = posting.organisation
    out = {
        "id": posting.pk,
        "url": posting_url(posting),
        "kind": posting.kind,
        "kind_label": str(posting.get_kind_display()),
        "subkind": posting.subkind,
        "subkind_label": str(posting.get_subkind_display()) if posting.subkind else "",
        "title": posting.title,
        "title_en": posting.title_en,
        "display_title": posting.display_title,
        "organisation": {"id": org.pk, "name": org.name, "name_en": org.name_en, "url": organisation_url(org)},
        "fields": [{"slug": f.slug, "name": f.name, "name_en": f.name_en} for f in posting.fields.all()],
        "country": posting.country,
        "province": posting.province,
        "city": posting.city,
        "region": region_label(posting),
        "budget": posting.budget,
        "languages": posting.languages,
        "deadline": posting.deadline.isoformat() if posting.deadline else None,
        "status": posting.status,
        "visibility": posting.visibility,
        "featured": posting.featured,
        "published_at": posting.published_at.isoformat() if posting.published_at else None,
    }
    if full:
        out |= {
            "body": posting.body,
            "body_en": posting.body_en,
            "terms": posting.terms,
            "terms_en": posting.terms_en,
            "reference": posting.reference if rules.can_edit_posting(user, posting) else "",
            "attachments": [
                {
                    "id": a.pk,
                    "name": a.name,
                    "content_type": a.content_type,
                    "size": a.size,
                    "url": f"/api/matchmaking/attachments/{a.pk}",
                }
                for a in posting.attachments.all()
            ],
            "you": viewer_state(user, posting),
        }
        # In the reader's language (translation app: the author's own English, else machine-translated).
        add_shown([out], ("title", "body", "terms"))
    return out


def postings_out(postings, user=None) -> list[dict[str, Any]]:
    """A list's postings, their titles in the reader's language (`title_shown`, one batch)."""
    outs = [posting_out(p, user) for p in postings]
    add_shown(outs, ("title",))
    return outs


def viewer_state(user, posting: Posting) -> dict[str, Any]:
    """What the viewer can do with a posting (the page's buttons)."""
    if user is None or not user.is_authenticated:
        return {
            "authenticated": False,
            "can_edit": False,
            "favourite": False,
            "conversation": None,
            "can_respond": False,
        }
    mine = rules.member_org_ids(user)
    conversation = (
        Conversation.objects.filter(posting=posting, responder_id__in=mine).order_by("pk").first() if mine else None
    )
    return {
        "authenticated": True,
        "can_edit": rules.can_edit_posting(user, posting),
        "favourite": Favourite.objects.filter(user=user, posting=posting).exists(),
        "conversation": conversation.pk if conversation else None,
        "can_respond": posting.is_public and bool(mine - {posting.organisation_id}),
        "organisations": [
            {"id": o.pk, "name": localized(o.name, o.name_en)}
            for o in Organisation.objects.filter(pk__in=mine - {posting.organisation_id}).order_by("name")
        ],
        "conversations": Conversation.objects.filter(posting=posting).count()
        if posting.organisation_id in mine
        else None,
    }


def favourites(user) -> list[Posting]:
    if not user.is_authenticated:
        return []
    ids = Favourite.objects.filter(user=user).values_list("posting_id", flat=True)
    return list(visible_postings(user).filter(pk__in=ids).prefetch_related("fields").order_by("-published_at"))


# ---- conversations ---------------------------------------------------------------------------------
def conversation_for(user, conversation_id: int) -> Conversation:
    """The conversation, for a member of one of its two organisations; NotFound for anyone else."""
    rules.require_login(user)
    conversation = (
        Conversation.objects.select_related("posting", "posting__organisation", "responder")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None or rules.conversation_side(user, conversation) is None:
        raise rules.NotFound()
    return conversation


def conversations_of(user) -> QuerySet[Conversation]:
    mine = rules.member_org_ids(user)
    return (
        Conversation.objects.filter(Q(responder_id__in=mine) | Q(posting__organisation_id__in=mine))
        .select_related("posting", "posting__organisation", "responder")
        .order_by("-last_message_at", "-pk")
    )


def message_out(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author": message.author.public_name if message.author else None,
        "author_id": message.author_id,
        "organisation_id": message.organisation_id,
        "body": message.body,
        "created_at": message.created_at.isoformat(),
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "url": f"/api/matchmaking/message-attachments/{a.pk}",
            }
            for a in message.attachments.all()
        ],
    }


def conversation_out(conversation: Conversation, user, *, messages: bool = False) -> dict[str, Any]:
    posting = conversation.posting
    side = rules.conversation_side(user, conversation)
    other = conversation.responder if side == posting.organisation_id else posting.organisation
    out = {
        "id": conversation.pk,
        "url": conversation_url(conversation),
        "posting": {"id": posting.pk, "title": posting.display_title, "url": posting_url(posting)},
        "poster": {
            "id": posting.organisation_id,
            "name": localized(posting.organisation.name, posting.organisation.name_en),
        },
        "responder": {
            "id": conversation.responder_id,
            "name": localized(conversation.responder.name, conversation.responder.name_en),
        },
        "counterpart": {"id": other.pk, "name": localized(other.name, other.name_en), "url": organisation_url(other)},
        "my_side": side,
        "last_message_at": conversation.last_message_at.isoformat() if conversation.last_message_at else None,
    }
    if messages:
        rows = conversation.messages.select_related("author").prefetch_related("attachments")
        out["messages"] = [message_out(m) for m in rows]
        add_shown(out["messages"], ("body",))  # body_shown: in the reader's language, one batch
        rated = Rating.objects.filter(posting=posting, rater_id=side, rated_id=other.pk).first()
        out["my_rating"] = {"stars": rated.stars, "comment": rated.comment} if rated else None
        out["meetings"] = meetings_of(conversation)
    return out


def meetings_of(conversation: Conversation) -> list[dict[str, Any]]:
    from meetings.models import Meeting

    rows = Meeting.objects.filter(context__kind="matchmaking.conversation", context__id=conversation.pk).order_by("-pk")
    return [
        {
            "id": m.pk,
            "topic": m.topic,
            "status": m.status,
            "start_at": m.start_at.isoformat() if m.start_at else None,
            "url": f"/meetings/{m.pk}/",
        }
        for m in rows
    ]


def members_of_sides(conversation: Conversation) -> dict[int, list[User]]:
    from accounts.models import OrganisationMembership

    out: dict[int, list[User]] = {}
    rows = OrganisationMembership.objects.filter(
        organisation_id__in=conversation.organisation_ids(), user__is_active=True
    ).select_related("user")
    for row in rows:
        out.setdefault(row.organisation_id, []).append(row.user)
    return out
