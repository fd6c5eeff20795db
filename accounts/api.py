"""accounts' JSON API under /api/accounts/ (config/api.py): one's own profile (read, change,
photo), someone's profile as this viewer may see it, the interest taxonomy, and privacy
(download my data, delete my account). Writes need the browser session (CSRF-checked).
Refusals are raised as Django's exceptions and answered in the site's one error shape by
the handlers config/api.py installs (live/http_api.py, docs/api.md); accounts sits below
live in the layers, so it declares that shape's schema here itself."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import SessionAuth

from accounts import privacy, selectors, services
from accounts.models import User

session = SessionAuth(csrf=True)
router = Router(tags=["accounts"])

PHOTO_MAX_BYTES = 5 * 1024 * 1024
UserId = Field(..., ge=1, le=2**31 - 1)
Level = Literal["public", "attendees", "nobody"]


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None
    retry_after: int | None = None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    return dict.fromkeys(statuses, ErrorOut)


class VisibilityIn(Schema):
    photo: Level | None = None
    organisation: Level | None = None
    title: Level | None = None
    country: Level | None = None
    languages: Level | None = None
    interests: Level | None = None
    bio: Level | None = None


class ProfileIn(Schema):
    """Only the fields given change."""

    display_name: str | None = Field(None, max_length=80)
    display_name_en: str | None = Field(None, max_length=80)
    organisation: str | None = Field(None, max_length=200)
    organisation_en: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=120)
    title_en: str | None = Field(None, max_length=120)
    country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2, or empty")
    languages: list[str] | None = Field(None, max_length=services.MAX_LANGUAGES)
    interests: list[str] | None = Field(None, max_length=services.MAX_INTERESTS, description="interest slugs")
    bio: str | None = Field(None, max_length=2000)
    bio_en: str | None = Field(None, max_length=2000)
    visibility: VisibilityIn | None = None
    listed_in_directory: bool | None = None


class DeleteIn(Schema):
    password: str = Field(..., min_length=1, max_length=4096)


def _me(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


@router.get("/accounts/me/profile", auth=session, url_name="accounts-my-profile", response={200: dict, **errors(401)})
def my_profile(request: HttpRequest) -> dict[str, Any]:
    """My whole profile, with each field's visibility and the directory opt-in."""
    return selectors.visible_profile(_me(request), request.user)


@router.patch(
    "/accounts/me/profile",
    auth=session,
    url_name="accounts-my-profile-update",
    response={200: dict, **errors(400, 401, 403, 422)},
)
def update_my_profile(request: HttpRequest, payload: ProfileIn) -> dict[str, Any]:
    changes = payload.dict(exclude_unset=True)
    if "visibility" in changes:
        changes["visibility"] = {k: v for k, v in (changes["visibility"] or {}).items() if v is not None}
    services.update_profile(_me(request), **{k: v for k, v in changes.items() if v is not None})
    return selectors.visible_profile(request.user, request.user)


@router.post(
    "/accounts/me/photo",
    auth=session,
    url_name="accounts-my-photo",
    response={200: dict, **errors(400, 401, 403, 413, 422)},
)
def upload_my_photo(request: HttpRequest, photo: File[UploadedFile]) -> dict[str, Any]:
    """A JPEG, PNG or WebP up to 5 MB; stored re-encoded (512 px, no EXIF)."""
    if photo.size is not None and photo.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": ["The photo is larger than 5 MB."]})
    services.set_profile_photo(_me(request), photo)
    return selectors.visible_profile(request.user, request.user)


@router.delete(
    "/accounts/me/photo", auth=session, url_name="accounts-my-photo-delete", response={200: dict, **errors(401, 403)}
)
def delete_my_photo(request: HttpRequest) -> dict[str, Any]:
    services.remove_profile_photo(_me(request))
    return selectors.visible_profile(request.user, request.user)


@router.get("/accounts/people/{int:user_id}", url_name="accounts-person", response={200: dict, **errors(404, 422)})
def person(request: HttpRequest, user_id: int) -> dict[str, Any]:
    """Someone's profile with only the fields this viewer may see (guests: the public ones)."""
    if user_id < 1 or user_id > 2**31 - 1:
        raise Http404
    owner = User.objects.filter(pk=user_id).first()
    if owner is None or (not owner.is_active and owner.deleted_at is None):
        raise Http404
    return selectors.visible_profile(owner, request.user)


@router.get("/accounts/interests", url_name="accounts-interests", response={200: list[dict]})
def interests(request: HttpRequest) -> list[dict[str, Any]]:
    """The shared taxonomy of fields, as a tree."""
    return selectors.interest_tree()


@router.get("/accounts/me/export", auth=session, url_name="accounts-export", response={200: dict, **errors(401)})
def export(request: HttpRequest) -> dict[str, Any]:
    """Download my data: every app's section (accounts.privacy)."""
    return privacy.export_data(_me(request))


@router.post(
    "/accounts/me/delete", auth=session, url_name="accounts-delete", response={204: None, **errors(401, 403, 422)}
)
def delete_me(request: HttpRequest, payload: DeleteIn):
    """Delete my account (my password confirms it). Ends this session too."""
    from django.contrib.auth import logout

    services.delete_account(_me(request), password=payload.password)
    logout(request)
    return Status(204, None)
