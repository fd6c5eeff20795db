"""The attendee directory: people who opted in (accounts' Profile.listed_in_directory),
searched by name and filtered by field of interest, country/region, language and
organisation, paged, each shown as accounts.selectors.visible_profile(owner, viewer) lets
this viewer see them. People who opted out, deactivated or deleted accounts, and anyone
blocked either way never appear.

The directory is for logged-in people, so a field is visible to the viewer unless its owner
chose "nobody" (accounts.models.Visibility): every filter matches only on fields visible
to the viewer, in the database query itself (filtering by a hidden country must not reveal
it), so paging and counts are exact.
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual, localized
from accounts.models import Interest, Profile, Visibility
from accounts.selectors import visible_profile
from live.errors import LiveError
from live.protocol import ErrorCode
from networking import rules, selectors

PAGE_SIZE = 24


def _shown(field: str) -> Q:
    """Profiles whose `field` a logged-in attendee may see (its default when not chosen)."""
    chosen = Q(**{"visibility__has_key": field})
    if Profile.DEFAULT_VISIBILITY[field] == Visibility.NOBODY:
        return chosen & Q(**{f"visibility__{field}__in": [Visibility.PUBLIC, Visibility.ATTENDEES]})
    return ~chosen | Q(**{f"visibility__{field}__in": [Visibility.PUBLIC, Visibility.ATTENDEES]})


def interest_with_descendants(slug: str) -> list[int]:
    ids = set(Interest.objects.filter(slug=slug).values_list("pk", flat=True))
    frontier = set(ids)
    while frontier:
        frontier = set(Interest.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return list(ids)


def listed_profiles(viewer) -> QuerySet[Profile]:
    return (
        Profile.objects.filter(listed_in_directory=True, user__is_active=True, user__deleted_at__isnull=True)
        .exclude(user_id=viewer.pk)
        .exclude(user_id__in=rules.blocked_ids(viewer.pk))
    )


def filtered(
    viewer, *, q: str = "", interest: str = "", country: str = "", language: str = "", organisation: str = ""
) -> QuerySet[Profile]:
    rows = listed_profiles(viewer)
    if q:
        rows = rows.filter(
            Q(display_name__icontains=q) | Q(display_name_en__icontains=q) | Q(user__display_name__icontains=q)
        )
    if interest:
        rows = rows.filter(_shown("interests"), interests__in=interest_with_descendants(interest))
    if country:
        rows = rows.filter(_shown("country"), country=country.upper())
    if language:
        # languages is a JSON list of codes (["zh", "en"]): its text holds the quoted code.
        rows = rows.filter(_shown("languages"), languages__icontains=f'"{language.lower()}"')
    if organisation:
        rows = rows.filter(
            _shown("organisation"),
            Q(organisation__icontains=organisation) | Q(organisation_en__icontains=organisation),
        )
    return rows.distinct().order_by("display_name", "user_id")


def person_entry(owner, viewer) -> dict[str, Any]:
    """One directory entry (pages and API): the visible profile, in the page's language, and
    where the viewer stands with this person."""
    visible = visible_profile(owner, viewer)
    entry = {
        "id": owner.pk,
        "name": localized(visible.get("display_name") or visible["name"], visible.get("display_name_en", "")),
        "title": localized(visible.get("title", ""), visible.get("title_en", "")),
        "organisation": localized(visible.get("organisation", ""), visible.get("organisation_en", "")),
        "country": visible.get("country", ""),
        "languages": visible.get("languages", []),
        "interests": [localized(i["name"], i["name_en"]) for i in visible.get("interests", [])],
        "interest_slugs": [i["slug"] for i in visible.get("interests", [])],
        "bio": localized(visible.get("bio", ""), visible.get("bio_en", "")),
        "photo_url": visible.get("photo_url", ""),
        "exchange": None,
    }
    exchange = selectors.exchange_between(viewer, owner.pk)
    if exchange is not None:
        entry["exchange"] = {k: exchange[k] for k in ("id", "status", "direction", "card")}
    return entry


def search(
    viewer,
    *,
    q: str = "",
    interest: str = "",
    country: str = "",
    language: str = "",
    organisation: str = "",
    page: int = 1,
) -> dict[str, Any]:
    """One page of the directory for this viewer: {results, count, page, pages}."""
    rows = filtered(
        viewer,
        q=q.strip(),
        interest=interest.strip(),
        country=country.strip(),
        language=language.strip(),
        organisation=organisation.strip(),
    )
    count = rows.count()
    start = (page - 1) * PAGE_SIZE
    chosen = rows.select_related("user")[start : start + PAGE_SIZE]
    return {
        "results": [person_entry(profile.user, viewer) for profile in chosen],
        "count": count,
        "page": page,
        "pages": max(1, math.ceil(count / PAGE_SIZE)),
    }


def person_card(viewer, user_id: int) -> dict[str, Any]:
    """A listed person's entry for this viewer (404 for anyone not listed, or blocked)."""
    profile = listed_profiles(viewer).filter(user_id=user_id).select_related("user").first()
    if profile is None:
        raise LiveError(ErrorCode.NOT_FOUND, bilingual(_("No such person.")))
    return person_entry(profile.user, viewer)


def filter_choices() -> dict[str, list[tuple[Any, str]]]:
    """What the directory's filters offer: the interest taxonomy (subfields under their
    field), and the countries and languages that listed people show."""
    interests = []
    by_parent: dict[int | None, list[Interest]] = {}
    for interest in Interest.objects.all():
        by_parent.setdefault(interest.parent_id, []).append(interest)

    def walk(parent_id: int | None, depth: int) -> None:
        for interest in by_parent.get(parent_id, []):
            interests.append((interest.slug, "— " * depth + localized(interest.name, interest.name_en)))
            walk(interest.pk, depth + 1)

    walk(None, 0)
    listed = Profile.objects.filter(listed_in_directory=True, user__is_active=True)
    countries = sorted(set(listed.filter(_shown("country")).exclude(country="").values_list("country", flat=True)))
    languages: set[str] = set()
    for value in listed.filter(_shown("languages")).values_list("languages", flat=True):
        languages |= {str(code) for code in (value or []) if code}
    return {
        "interests": interests,
        "countries": [(code, code) for code in countries],
        "languages": [(code, code) for code in sorted(languages)],
    }
