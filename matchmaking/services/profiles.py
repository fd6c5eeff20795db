"""An organisation's public page content (its admins, or organizers) and the organizers'
showcase areas. Members and roles are accounts/organisations.py's (invite_member,
change_role, remove_member): not repeated here."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import Organisation, User
from accounts.text import clean_text
from matchmaking import rules
from matchmaking.models import OrganisationPost, OrganisationProfile, Posting, ShowcaseArea
from matchmaking.models.profiles import INTRO_MAX

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _text(errors: dict, name: str, value: Any, limit: int, *, multiline: bool = True) -> str:
    text = clean_text(value, multiline=multiline)
    if len(text) > limit:
        errors.setdefault(name, []).append(bilingual(_("At most %(n)s characters."), n=limit))
    return text


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError({k: [ValidationError(m, code="invalid") for m in v] for k, v in errors.items()})


def profile_of(organisation: Organisation) -> OrganisationProfile:
    profile, _created = OrganisationProfile.objects.get_or_create(organisation=organisation)
    return profile


@transaction.atomic
def update_profile(*, organisation: Organisation, user: User, **data: Any) -> OrganisationProfile:
    rules.require_admin_or_organizer(user, organisation)
    errors: dict = {}
    profile = profile_of(organisation)
    for name in ("introduction", "introduction_en"):
        if data.get(name) is not None:
            setattr(profile, name, _text(errors, name, data[name], INTRO_MAX))
    _raise(errors)
    profile.save()
    return profile


def _post_values(data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    errors: dict = {}
    out: dict[str, Any] = {}
    if data.get("kind") is not None or creating:
        if data.get("kind") not in OrganisationPost.Kind.values:
            errors.setdefault("kind", []).append(bilingual(_("Choose a policy release or a news post.")))
        out["kind"] = data.get("kind")
    for name, limit, multiline in (
        ("title", 200, False),
        ("title_en", 200, False),
        ("body", INTRO_MAX, True),
        ("body_en", INTRO_MAX, True),
    ):
        if data.get(name) is not None:
            out[name] = _text(errors, name, data[name], limit, multiline=multiline)
    if creating and not out.get("title") and "title" not in errors:
        errors.setdefault("title", []).append(bilingual(_("Give it a title.")))
    if "title" in out and not out["title"] and "title" not in errors:
        errors.setdefault("title", []).append(bilingual(_("Give it a title.")))
    if data.get("published_at") is not None:
        value = data["published_at"]
        if not isinstance(value, datetime) or timezone.is_naive(value):
            errors.setdefault("published_at", []).append(bilingual(_("A date and time with its zone.")))
        out["published_at"] = value
    _raise(errors)
    return out


@transaction.atomic
def add_post(*, organisation: Organisation, user: User, **data: Any) -> OrganisationPost:
    rules.require_admin_or_organizer(user, organisation)
    values = _post_values(data, creating=True)
    values.setdefault("published_at", timezone.now())
    return OrganisationPost.objects.create(organisation=organisation, author=user, **values)


def _post(organisation: Organisation, post_id: int) -> OrganisationPost:
    post = OrganisationPost.objects.filter(organisation=organisation, pk=post_id).first()
    if post is None:
        raise rules.NotFound()
    return post


@transaction.atomic
def update_post(*, organisation: Organisation, user: User, post_id: int, **data: Any) -> OrganisationPost:
    rules.require_admin_or_organizer(user, organisation)
    post = _post(organisation, post_id)
    for key, value in _post_values(data, creating=False).items():
        setattr(post, key, value)
    post.save()
    return post


@transaction.atomic
def delete_post(*, organisation: Organisation, user: User, post_id: int) -> None:
    rules.require_admin_or_organizer(user, organisation)
    _post(organisation, post_id).delete()


# ---- showcase areas (organizers) ------------------------------------------------------------------
def _area_values(
    data: dict[str, Any], *, creating: bool, exclude: int | None = None
) -> tuple[dict, list | None, list | None]:
    errors: dict = {}
    out: dict[str, Any] = {}
    if data.get("slug") is not None or creating:
        slug = clean_text(data.get("slug"), multiline=False).lower()
        if not SLUG.match(slug):
            errors.setdefault("slug", []).append(bilingual(_("Lowercase letters, digits and hyphens (at most 64).")))
        elif ShowcaseArea.objects.filter(slug=slug).exclude(pk=exclude).exists():
            errors.setdefault("slug", []).append(bilingual(_("Another area has this slug.")))
        out["slug"] = slug
    if data.get("kind") is not None or creating:
        if data.get("kind") not in ShowcaseArea.Kind.values:
            errors.setdefault("kind", []).append(bilingual(_("Choose region, field or partner country.")))
        out["kind"] = data.get("kind")
    for name, limit, multiline in (
        ("title", 200, False),
        ("title_en", 200, False),
        ("description", INTRO_MAX, True),
        ("description_en", INTRO_MAX, True),
    ):
        if data.get(name) is not None:
            out[name] = _text(errors, name, data[name], limit, multiline=multiline)
    if (creating or "title" in out) and not out.get("title") and "title" not in errors:
        errors.setdefault("title", []).append(bilingual(_("Give it a title.")))
    if data.get("position") is not None:
        value = data["position"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000:
            errors.setdefault("position", []).append(bilingual(_("A number from 0 to 10000.")))
        out["position"] = value
    postings = organisations = None
    if data.get("posting_ids") is not None:
        ids = [i for i in data["posting_ids"] if isinstance(i, int)]
        postings = list(Posting.objects.filter(pk__in=ids))
        if len(postings) != len(set(data["posting_ids"])):
            errors.setdefault("posting_ids", []).append(bilingual(_("Unknown posting.")))
    if data.get("organisation_ids") is not None:
        ids = [i for i in data["organisation_ids"] if isinstance(i, int)]
        organisations = list(Organisation.objects.filter(pk__in=ids))
        if len(organisations) != len(set(data["organisation_ids"])):
            errors.setdefault("organisation_ids", []).append(bilingual(_("Unknown organisation.")))
    _raise(errors)
    return out, postings, organisations


@transaction.atomic
def create_area(*, user: User, **data: Any) -> ShowcaseArea:
    rules.require_organizer(user)
    values, postings, organisations = _area_values(data, creating=True)
    area = ShowcaseArea.objects.create(**values)
    if postings:
        area.postings.set(postings)
    if organisations:
        area.organisations.set(organisations)
    return area


@transaction.atomic
def update_area(*, user: User, area_id: int, **data: Any) -> ShowcaseArea:
    rules.require_organizer(user)
    area = ShowcaseArea.objects.filter(pk=area_id).first()
    if area is None:
        raise rules.NotFound()
    values, postings, organisations = _area_values(data, creating=False, exclude=area.pk)
    for key, value in values.items():
        setattr(area, key, value)
    area.save()
    if postings is not None:
        area.postings.set(postings)
    if organisations is not None:
        area.organisations.set(organisations)
    return area


@transaction.atomic
def delete_area(*, user: User, area_id: int) -> None:
    rules.require_organizer(user)
    deleted, _ = ShowcaseArea.objects.filter(pk=area_id).delete()
    if not deleted:
        raise rules.NotFound()
