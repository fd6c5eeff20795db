"""Reads of people that every app shares."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from accounts.models import Consent, Interest, Profile, User, Visibility


def user_ref(user: User | AnonymousUser | None) -> dict[str, Any] | None:
    """How frames, pages and APIs name a person (`live.protocol.UserRef`): `{"id", "name"}`
    with the public name, never the username or e-mail; None for a guest (or nobody)."""
    if user is None or not user.is_authenticated:
        return None
    return {"id": user.pk, "name": user.public_name}


def can_see(owner: User, viewer: User | AnonymousUser | None, level: str) -> bool:
    """Whether `viewer` may see a field of `owner`'s profile shown to `level`."""
    if viewer is not None and viewer.is_authenticated and viewer.pk == owner.pk:
        return True
    if level == Visibility.PUBLIC:
        return True
    if level == Visibility.ATTENDEES:
        return viewer is not None and viewer.is_authenticated and viewer.is_active
    return False


def interest_ref(interest: Interest) -> dict[str, Any]:
    return {"slug": interest.slug, "name": interest.name, "name_en": interest.name_en}


def visible_profile(owner: User, viewer: User | AnonymousUser | None) -> dict[str, Any]:
    """`owner`'s profile as `viewer` may see it: always {"id", "name", "display_name",
    "display_name_en"}; each other field only when its visibility allows this viewer (absent
    otherwise, never null-for-hidden). The owner also gets "visibility" and
    "listed_in_directory". A deleted account shows only its "Deleted user" name."""
    from accounts.services import profile_for

    data: dict[str, Any] = {"id": owner.pk, "name": owner.public_name, "display_name": "", "display_name_en": ""}
    if owner.deleted_at is not None or not owner.is_active:
        data["deleted"] = owner.deleted_at is not None
        return data
    profile = profile_for(owner)
    data["display_name"] = profile.display_name or owner.display_name
    data["display_name_en"] = profile.display_name_en
    shown = {field: can_see(owner, viewer, profile.visibility_of(field)) for field in Profile.VISIBLE_FIELDS}
    if shown["photo"]:
        data["photo_url"] = profile.photo.url if profile.photo else ""
    if shown["organisation"]:
        data["organisation"] = profile.organisation
        data["organisation_en"] = profile.organisation_en
    if shown["title"]:
        data["title"] = profile.title
        data["title_en"] = profile.title_en
    if shown["country"]:
        data["country"] = profile.country
    if shown["languages"]:
        data["languages"] = list(profile.languages or [])
    if shown["interests"]:
        data["interests"] = [interest_ref(i) for i in profile.interests.order_by("position", "slug")]
    if shown["bio"]:
        data["bio"] = profile.bio
        data["bio_en"] = profile.bio_en
    if viewer is not None and viewer.is_authenticated and viewer.pk == owner.pk:
        data["visibility"] = profile.visibilities()
        data["listed_in_directory"] = profile.listed_in_directory
    return data


def interest_tree() -> list[dict[str, Any]]:
    """The taxonomy as a tree: [{slug, name, name_en, children: [...]}] in display order."""
    nodes = {i.pk: {**interest_ref(i), "children": []} for i in Interest.objects.all()}
    roots: list[dict[str, Any]] = []
    for interest in Interest.objects.all():
        node = nodes[interest.pk]
        (nodes[interest.parent_id]["children"] if interest.parent_id in nodes else roots).append(node)
    return roots


def has_consent(user: User, purpose: str) -> bool:
    """The person's current answer for `purpose`: their newest record's, False when none."""
    latest = Consent.objects.filter(user=user, purpose=purpose).order_by("-created_at", "-pk").first()
    return bool(latest and latest.granted)


def export_account(user: User) -> dict[str, Any]:
    """accounts' own section of "download my data"."""
    from accounts.services import profile_for

    profile = profile_for(user)
    return {
        "user": {
            "id": user.pk,
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "display_name": user.display_name,
            "timezone": user.timezone,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": {
            "display_name": profile.display_name,
            "display_name_en": profile.display_name_en,
            "photo_url": profile.photo.url if profile.photo else "",
            "organisation": profile.organisation,
            "organisation_en": profile.organisation_en,
            "title": profile.title,
            "title_en": profile.title_en,
            "country": profile.country,
            "languages": list(profile.languages or []),
            "interests": [i.slug for i in profile.interests.all()],
            "bio": profile.bio,
            "bio_en": profile.bio_en,
            "visibility": profile.visibilities(),
            "listed_in_directory": profile.listed_in_directory,
        },
        "organisations": [
            {"id": m.organisation_id, "name": m.organisation.name, "role": m.role}
            for m in user.memberships.select_related("organisation")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "granted": c.granted,
                "text_version": c.text_version,
                "context": c.context,
                "at": c.created_at.isoformat(),
            }
            for c in user.consents.order_by("created_at", "pk")
        ],
        "api_tokens": [
            {"name": t.name, "prefix": t.prefix, "created_at": t.created_at.isoformat(), "revoked": t.revoked}
            for t in user.api_tokens.all()
        ],
    }
