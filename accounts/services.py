"""Writes on people: API tokens, organisation membership, profiles, consent, deletion."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from datetime import timedelta
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import (
    ApiToken,
    Consent,
    Interest,
    Organisation,
    OrganisationMembership,
    Profile,
    User,
    Visibility,
)
from accounts.text import clean_text


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_token(*, user: User, name: str = "default") -> str:
    """Create a token and return its clear text, which is shown once and never stored."""
    key = "pv_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=hash_token(key), prefix=key[:8])
    return key


# A token's last use is stamped at most once a minute: a bot's every request, and ten
# thousand sockets of the same token, would otherwise each write the same row.
TOKEN_USE_STAMP_SECONDS = 60


def authenticate_token(key: str) -> User | None:
    return authenticate_tokens([key]).get(key)


def authenticate_tokens(keys: list[str]) -> dict[str, User]:
    """The active users of the live (not revoked) tokens among `keys`, by key, in one query;
    keys of no such token are left out. Stamps last_used_at where it is older than a minute."""
    checked = check_tokens(keys)
    stamp_tokens([c.token_id for c in checked.values() if c.stamp_due])
    return {key: c.user for key, c in checked.items()}


class CheckedToken(NamedTuple):
    user: User
    token_id: int
    stamp_due: bool  # its last-use stamp is older than a minute


def check_tokens(keys: list[str]) -> dict[str, CheckedToken]:
    """authenticate_tokens without the write: per key of a live token, its active user, the
    token's id and whether its last-use stamp is due. For a caller that stamps many tokens
    together later (the auth frames of a join storm)."""
    hashes = {hash_token(key): key for key in keys if key and len(key) <= 200}
    if not hashes:
        return {}
    tokens = ApiToken.objects.select_related("user").filter(key_hash__in=list(hashes), revoked=False)
    stale = timezone.now() - timedelta(seconds=TOKEN_USE_STAMP_SECONDS)
    found: dict[str, CheckedToken] = {}
    for token in tokens:
        if not token.user.is_active:
            continue
        due = token.last_used_at is None or token.last_used_at < stale
        found[hashes[token.key_hash]] = CheckedToken(token.user, token.pk, due)
    return found


def token_is_live(token_id: int) -> bool:
    """Whether an API token still authenticates (exists, not revoked): open sockets that it
    authenticated are rechecked against it (live.access)."""
    return ApiToken.objects.filter(pk=token_id, revoked=False).exists()


def revoke_api_token(*, token: ApiToken) -> None:
    """Revoke a token: it authenticates nothing from now on, and the sockets it opened are
    closed (live.access watches ApiToken)."""
    token.revoked = True
    token.save(update_fields=["revoked"])


def stamp_tokens(token_ids: list[int]) -> None:
    """Mark these tokens as used now (one UPDATE)."""
    if token_ids:
        ApiToken.objects.filter(pk__in=token_ids).update(last_used_at=timezone.now())


@transaction.atomic
def add_organisation_member(
    *, organisation: Organisation, user: User, role: str = OrganisationMembership.Role.STAFF
) -> OrganisationMembership:
    membership, _ = OrganisationMembership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


# ---- profiles ------------------------------------------------------------------------------

PROFILE_TEXT_FIELDS = {
    "display_name": False,
    "display_name_en": False,
    "organisation": False,
    "organisation_en": False,
    "title": False,
    "title_en": False,
    "bio": True,
    "bio_en": True,
}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
MAX_LANGUAGES = 10
MAX_INTERESTS = 20


def profile_for(user: User) -> Profile:
    """The person's profile, created (empty, default visibility) the first time it is asked for."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        pass
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"display_name": user.display_name})
    user.profile = profile
    return profile


@transaction.atomic
def update_profile(user: User, **changes: Any) -> Profile:
    """Change the given fields of the person's own profile (keyword names as the model's;
    `interests` as slugs, `visibility` as {field: public|attendees|nobody}); ValidationError
    with per-field messages for bad input, nothing saved then."""
    profile = profile_for(user)
    errors: dict[str, list[str]] = {}
    interests: list[Interest] | None = None
    for field, value in changes.items():
        if value is None:
            continue
        if field in PROFILE_TEXT_FIELDS:
            setattr(profile, field, clean_text(value, multiline=PROFILE_TEXT_FIELDS[field]))
        elif field == "country":
            code = clean_text(value, multiline=False).upper()
            if code and not COUNTRY_CODE.match(code):
                errors[field] = [str(_("Use a two-letter country or region code (ISO 3166-1)."))]
            profile.country = code
        elif field == "languages":
            codes = [clean_text(v, multiline=False).lower() for v in value] if isinstance(value, list) else None
            if codes is None or len(codes) > MAX_LANGUAGES or not all(LANGUAGE_CODE.match(c) for c in codes):
                errors[field] = [
                    str(_("Use language codes such as zh, en, fr (at most %(n)s).") % {"n": MAX_LANGUAGES})
                ]
            else:
                profile.languages = list(dict.fromkeys(codes))
        elif field == "interests":
            slugs = [str(v) for v in value] if isinstance(value, list) else []
            found = list(Interest.objects.filter(slug__in=slugs))
            if not isinstance(value, list) or len(found) != len(set(slugs)) or len(found) > MAX_INTERESTS:
                errors[field] = [str(_("Choose up to %(n)s fields from the list.") % {"n": MAX_INTERESTS})]
            else:
                interests = found
        elif field == "visibility":
            if not isinstance(value, dict) or not all(
                k in Profile.VISIBLE_FIELDS and v in Visibility.values for k, v in value.items()
            ):
                errors[field] = [str(_("Each field is visible to everyone, attendees or only you."))]
            else:
                profile.visibility = {**profile.visibilities(), **value}
        elif field == "listed_in_directory":
            profile.listed_in_directory = bool(value)
        else:
            raise TypeError(f"update_profile() got an unknown field {field!r}")
    try:
        profile.full_clean(exclude=["user", "photo", "interests"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    profile.save()
    if interests is not None:
        profile.interests.set(interests)
    name = profile.display_name or profile.display_name_en
    if name != user.display_name:
        user.display_name = name[:80]
        user.save(update_fields=["display_name"])
    return profile


MAX_PHOTO_PIXELS = 40_000_000
PHOTO_SIZE = 512


def set_profile_photo(user: User, upload) -> Profile:
    """Decode the upload with Pillow (a file that is no image is refused, whatever its name),
    store it re-encoded as a JPEG of at most 512×512 (no EXIF, so no GPS position leaks)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as probe:
            if probe.width * probe.height > MAX_PHOTO_PIXELS:
                raise ValidationError({"photo": [str(_("This image is too large."))]})
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = image.convert("RGB")
            image.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError({"photo": [str(_("This file is not an image we can read (JPEG, PNG, WebP)."))]}) from None
    profile = profile_for(user)
    old = profile.photo.name if profile.photo else ""
    profile.photo.save("photo.jpg", ContentFile(out.getvalue()), save=True)
    if old:
        profile.photo.storage.delete(old)
    return profile


def remove_profile_photo(user: User) -> Profile:
    profile = profile_for(user)
    if profile.photo:
        profile.photo.delete(save=True)
    return profile


# ---- consent -------------------------------------------------------------------------------

PRIVACY_TERMS = "privacy_terms"
PRIVACY_TERMS_VERSION = "2026-12"


def record_consent(
    user: User, purpose: str, *, granted: bool, text_version: str, context: dict[str, Any] | None = None
) -> Consent:
    """Record that the person gave (or withdrew) consent for `purpose` to the text of
    `text_version`; `context` says what it was about ({"kind": "lead", "booth": 12})."""
    purpose = clean_text(purpose, multiline=False)
    if not purpose or len(purpose) > 64 or not text_version or len(text_version) > 32:
        raise ValueError("record_consent needs a purpose (≤64) and a text_version (≤32)")
    return Consent.objects.create(
        user=user, purpose=purpose, granted=bool(granted), text_version=text_version, context=context or {}
    )


# ---- deleting an account -------------------------------------------------------------------


@transaction.atomic
def delete_account(user: User, *, password: str | None = None, check_password: bool = True) -> None:
    """Erase the person: every registered erasure hook (accounts.privacy) runs, then the
    account row is anonymised and kept (chat messages keep pointing at "Deleted user"), the
    password made unusable (every session's auth hash stops matching), API tokens deleted,
    and open sockets told to recheck (live.access, through User's post_save).

    With `check_password`, a wrong password raises PermissionDenied and nothing changes."""
    from accounts import privacy

    if user.deleted_at is not None:
        return
    if check_password and not (password and user.check_password(password)):
        raise PermissionDenied(bilingual(_("The password is not correct.")))
    privacy.run_erasures(user)
    ApiToken.objects.filter(user=user).delete()
    OrganisationMembership.objects.filter(user=user).delete()
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        if profile.photo:
            profile.photo.delete(save=False)
        profile.delete()
    Consent.objects.filter(user=user).delete()
    user.username = f"deleted-{user.pk}-{secrets.token_hex(4)}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.display_name = ""
    user.timezone = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
