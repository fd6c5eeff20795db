"""Writes of booth content, for the booth's organisation's staff and the organizers.

One entry point per action — `create_item`, `update_item`, `delete_item`, `reorder_items`
— over the five kinds (`KINDS`: videos, posters, documents, ads, commentary). `data` is
what a form or JSON body holds (strings, numbers); `files` the uploads by field name. An
update changes only the fields present. Every upload is checked by its bytes and size
(halls/uploads.py) before anything is stored; a refused request changes nothing, and a
replaced or deleted file is removed from storage once the change is committed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.text import clean_text
from halls import rules, uploads
from halls.content.models import BoothAd, BoothDocument, BoothPoster, BoothVideo, CommentaryStop
from halls.models import Booth

TITLE_MAX = 200


@dataclass(frozen=True)
class Upload:
    """A file field of a kind: what it accepts, its size limit, and where its type goes."""

    kinds: tuple[uploads.FileKind, ...]
    limit: str
    what: str
    type_field: str
    size_field: str | None = None


@dataclass(frozen=True)
class Kind:
    model: type[Model]
    label: str
    uploads: dict[str, Upload]
    apply: Callable[[Any, dict[str, Any], set[str]], None]  # (item, data, uploaded fields) -> None


# ---------------------------------------------------------------- parsing


def _error(field: str, message: str, code: str) -> ValidationError:
    """A field's error that keeps its code (a plain {field: message} would lose it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _text(data: dict[str, Any], name: str, max_length: int | None = TITLE_MAX) -> str:
    value = clean_text(data.get(name), multiline=max_length is None)
    if max_length and len(value) > max_length:
        raise _error(name, bilingual(_("At most %(n)s characters."), n=max_length), "too_long")
    return value


def _float(data: dict[str, Any], name: str, *, required: bool) -> float | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise _error(name, bilingual(_("%(name)s is required (metres)."), name=name), "required")
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise _error(name, bilingual(_("%(name)s must be a number."), name=name), "bad_number") from exc
    if not -1000 <= number <= 1000:
        raise _error(name, bilingual(_("%(name)s is out of the scene."), name=name), "bad_number")
    return number


def _int(data: dict[str, Any], name: str, default: int = 0) -> int:
    value = data.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise _error(name, bilingual(_("%(name)s must be a whole number."), name=name), "bad_number") from exc


def _datetime(data: dict[str, Any], name: str) -> datetime | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    at = parse_datetime(str(value))
    if at is None:
        raise _error(
            name,
            bilingual(_("%(name)s must be a date and time like 2022-05-20T09:00+08:00."), name=name),
            "bad_datetime",
        )
    return timezone.make_aware(at) if timezone.is_naive(at) else at


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data.get(name)
    return value is True or (isinstance(value, str) and value.lower() in {"1", "true", "yes", "on"})


def _link(data: dict[str, Any], name: str) -> str:
    value = _text(data, name, 500)
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError as exc:
            raise _error(name, bilingual(_("Give a full http(s) link.")), "bad_link") from exc
    return value


def _set_texts(item: Any, data: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if name in data:
            setattr(item, name, _text(data, name, None if name.startswith("text") else TITLE_MAX))


# ---------------------------------------------------------------- the kinds


def _apply_video(video: BoothVideo, data: dict[str, Any], uploaded: set[str]) -> None:
    _set_texts(video, data, ("title", "title_en"))
    if "file" in uploaded:
        video.link = ""
    elif data.get("link"):
        video.link = _link(data, "link")
        _drop(video, "file")
        video.content_type, video.size = "", 0
    if _flag(data, "remove_poster") and "poster" not in uploaded:
        _drop(video, "poster")
        video.poster_content_type = ""
    if not video.file and not video.link:
        raise _error("file", bilingual(_("Upload a video (MP4 or WebM) or give a link.")), "required")
    if not video.title:
        raise _error("title", bilingual(_("A title is required.")), "required")


def _apply_poster(poster: BoothPoster, data: dict[str, Any], uploaded: set[str]) -> None:
    _set_texts(poster, data, ("title", "title_en"))
    if not poster.image:
        raise _error("image", bilingual(_("Upload the poster image.")), "required")


def _apply_document(document: BoothDocument, data: dict[str, Any], uploaded: set[str]) -> None:
    _set_texts(document, data, ("title", "title_en"))
    if not document.file:
        raise _error("file", bilingual(_("Upload the PDF.")), "required")
    if not document.title:
        raise _error("title", bilingual(_("A title is required.")), "required")


def _apply_ad(ad: BoothAd, data: dict[str, Any], uploaded: set[str]) -> None:
    from halls.scenes.builders import BOOTH_TEMPLATES

    _set_texts(ad, data, ("title", "title_en"))
    if "link" in data:
        ad.link = _link(data, "link")
    if "slot" in data or ad.pk is None:
        ad.slot = _int(data, "slot")
        slots = BOOTH_TEMPLATES.get(ad.booth.template, BOOTH_TEMPLATES["standard"])["ads"]
        if not 0 <= ad.slot < slots:
            raise _error(
                "slot",
                bilingual(_("This booth has %(slots)s ad area(s): slot 0 to %(last)s."), slots=slots, last=slots - 1),
                "bad_slot",
            )
    for name in ("starts_at", "ends_at"):
        if name in data:
            setattr(ad, name, _datetime(data, name))
    if ad.starts_at and ad.ends_at and ad.ends_at <= ad.starts_at:
        raise _error("ends_at", bilingual(_("The ad must end after it starts.")), "bad_schedule")
    if not ad.file:
        raise _error("file", bilingual(_("Upload the ad (image or video).")), "required")
    ad.kind = BoothAd.Kind.VIDEO if ad.content_type.startswith("video/") else BoothAd.Kind.IMAGE


def _apply_stop(stop: CommentaryStop, data: dict[str, Any], uploaded: set[str]) -> None:
    _set_texts(stop, data, ("title", "title_en", "text", "text_en"))
    for axis in ("x", "y", "z"):
        if axis in data or stop.pk is None:
            setattr(stop, axis, _float(data, axis, required=axis != "y") or 0.0)
    looks = [f"look_at_{axis}" for axis in "xyz"]
    if any(name in data for name in looks):
        values = [_float(data, name, required=False) for name in looks]
        if any(v is not None for v in values) and any(v is None for v in values):
            raise _error(
                "look_at_x",
                bilingual(_("Give all three of look_at x, y, z or none.")),
                "bad_look_at",
            )
        stop.look_at_x, stop.look_at_y, stop.look_at_z = values
    if "target" in data:
        stop.target = _text(data, "target", 100)
    if _flag(data, "remove_audio") and "audio" not in uploaded:
        _drop(stop, "audio")
        stop.audio_content_type = ""
    if not (stop.text or stop.text_en):
        raise _error("text", bilingual(_("Write what this stop says.")), "required")


IMAGE = Upload(uploads.IMAGE_KINDS, "MAX_IMAGE_BYTES", "image", "content_type", "size")
KINDS: dict[str, Kind] = {
    "videos": Kind(
        BoothVideo,
        "video",
        {
            "file": Upload(uploads.VIDEO_KINDS, "MAX_VIDEO_BYTES", "video", "content_type", "size"),
            "poster": Upload(uploads.IMAGE_KINDS, "MAX_IMAGE_BYTES", "poster image", "poster_content_type"),
        },
        _apply_video,
    ),
    "posters": Kind(BoothPoster, "poster", {"image": IMAGE}, _apply_poster),
    "documents": Kind(
        BoothDocument,
        "document",
        {"file": Upload(uploads.DOCUMENT_KINDS, "MAX_DOCUMENT_BYTES", "document", "content_type", "size")},
        _apply_document,
    ),
    "ads": Kind(
        BoothAd,
        "ad",
        {"file": Upload(uploads.AD_KINDS, "MAX_VIDEO_BYTES", "ad", "content_type", "size")},
        _apply_ad,
    ),
    "commentary": Kind(
        CommentaryStop,
        "commentary stop",
        {"audio": Upload(uploads.AUDIO_KINDS, "MAX_AUDIO_BYTES", "audio", "audio_content_type")},
        _apply_stop,
    ),
}


def kind_of(name: str) -> Kind:
    if name not in KINDS:
        raise ValidationError(
            bilingual(_("Unknown content kind %(name)r; one of %(kinds)s."), name=name, kinds=", ".join(KINDS)),
            code="bad_kind",
        )
    return KINDS[name]


# ---------------------------------------------------------------- files


def _drop(item: Any, field: str) -> None:
    """Forget a stored file; it is deleted from storage after the commit."""
    name = getattr(item, field).name
    if name:
        storage = getattr(item, field).storage
        transaction.on_commit(lambda: storage.delete(name))
    setattr(item, field, "")


def _check_uploads(kind: Kind, files: dict[str, Any]) -> dict[str, uploads.Checked]:
    """Sniff and decode every upload before anything is written (halls/uploads.py)."""
    checked = {}
    for field, upload in files.items():
        if field not in kind.uploads or upload is None:
            continue
        spec = kind.uploads[field]
        found = uploads.sniff(upload, spec.kinds, max_bytes=uploads.limit(spec.limit), what=spec.what)
        max_bytes = uploads.limit(spec.limit)
        if spec.limit == "MAX_VIDEO_BYTES" and found in uploads.IMAGE_KINDS:
            max_bytes = uploads.limit("MAX_IMAGE_BYTES")  # an image ad is an image: the image limit applies
        checked[field] = uploads.check(upload, spec.kinds, max_bytes=max_bytes, what=spec.what)
    return checked


def _store(item: Any, kind: Kind, checked: dict[str, uploads.Checked], stored: list[tuple[Any, str]]) -> None:
    for field, found in checked.items():
        spec = kind.uploads[field]
        _drop(item, field)
        name = f"{item.booth_id}/{get_random_string(16)}.{found.kind.extension}"
        getattr(item, field).save(name, found.content, save=False)
        stored.append((getattr(item, field).storage, getattr(item, field).name))
        setattr(item, spec.type_field, found.kind.content_type)
        if spec.size_field:
            setattr(item, spec.size_field, found.size)
    video = checked.get("file")
    if isinstance(item, BoothVideo) and video is not None and video.poster_jpeg and "poster" not in checked:
        # No poster of their own: the video's first decoded frame is its poster.
        _drop(item, "poster")
        item.poster.save(f"{item.booth_id}/{get_random_string(16)}.jpg", ContentFile(video.poster_jpeg), save=False)
        stored.append((item.poster.storage, item.poster.name))
        item.poster_content_type = "image/jpeg"


def _save(item: Any, kind: Kind, data: dict[str, Any], files: dict[str, Any]) -> Any:
    checked = _check_uploads(kind, files)
    stored: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            _store(item, kind, checked, stored)
            kind.apply(item, data, set(checked))
            item.full_clean()
            item.save()
    except Exception:
        for storage, name in stored:  # nothing of a refused change stays behind
            storage.delete(name)
        raise
    return item


# ---------------------------------------------------------------- actions


def create_item(*, booth: Booth, user, kind: str, data: dict[str, Any], files: dict[str, Any] | None = None) -> Any:
    """Add an item at the end of its list (or at `order` if given)."""
    rules.require_booth_staff_or_organizer(user, booth)
    return add_item(booth=booth, kind=kind, data=data, files=files)


def add_item(*, booth: Booth, kind: str, data: dict[str, Any], files: dict[str, Any] | None = None) -> Any:
    """`create_item` without the permission check, for the demo loader and the admin."""
    spec = kind_of(kind)
    last = spec.model.objects.filter(booth=booth).aggregate(last=Max("order"))["last"]
    item = spec.model(booth=booth, order=_int(data, "order", (last + 1) if last is not None else 0))
    return _save(item, spec, data, files or {})


def update_item(*, item: Any, user, data: dict[str, Any], files: dict[str, Any] | None = None) -> Any:
    rules.require_booth_staff_or_organizer(user, item.booth)
    spec = next(k for k in KINDS.values() if isinstance(item, k.model))
    if "order" in data:
        item.order = _int(data, "order", item.order)
    return _save(item, spec, data, files or {})


@transaction.atomic
def delete_item(*, item: Any, user) -> None:
    rules.require_booth_staff_or_organizer(user, item.booth)
    spec = next(k for k in KINDS.values() if isinstance(item, k.model))
    for field in spec.uploads:
        _drop(item, field)
    item.delete()


@transaction.atomic
def reorder_items(*, booth: Booth, user, kind: str, ids: list[Any]) -> list[Any]:
    """Put a booth's items of one kind in the order of `ids`, which must name each of them once."""
    rules.require_booth_staff_or_organizer(user, booth)
    spec = kind_of(kind)
    items = {i.pk: i for i in spec.model.objects.select_for_update().filter(booth=booth)}
    try:
        wanted = [int(i) for i in ids]
    except (TypeError, ValueError) as exc:
        raise _error("ids", bilingual(_("ids must be a list of ids.")), "bad_order") from exc
    if sorted(wanted) != sorted(items):
        raise _error(
            "ids", bilingual(_("Give every %(kind)s of this booth exactly once."), kind=spec.label), "bad_order"
        )
    for order, pk in enumerate(wanted):
        if items[pk].order != order:
            items[pk].order = order
            items[pk].save(update_fields=["order", "updated_at"])
    return [items[pk] for pk in wanted]


def item_for_booth(booth: Booth, kind: str, item_id: int) -> Any:
    """One item of a booth (DoesNotExist — a 404 — for another booth's)."""
    return kind_of(kind).model.objects.select_related("booth").get(pk=item_id, booth=booth)
