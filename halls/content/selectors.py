"""Reads of booth content: what visitors see (current ads only, one language if asked),
what the booth's staff edit (everything, with schedules), and what the 3D scene shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.i18n import LANGUAGES, pair
from halls import rules
from halls.content.models import BoothAd, BoothDocument, BoothPoster, BoothVideo, CommentaryStop
from halls.models import Booth


def media_url(name: str) -> str | None:
    """The range-serving media view's URL for a stored file (None when there is none)."""
    return reverse("halls:media", args=[name]) if name else None


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def video_out(video: BoothVideo) -> dict[str, Any]:
    uploaded = bool(video.file)
    return {
        "id": f"video:{video.pk}",
        "pk": video.pk,
        "order": video.order,
        "kind": "video" if uploaded else "link",
        "url": media_url(video.file.name) if uploaded else video.link,
        "content_type": video.content_type if uploaded else "",
        "size": video.size,
        "poster": media_url(video.poster.name),
        "title": pair(video.title, video.title_en),
    }


def poster_out(poster: BoothPoster) -> dict[str, Any]:
    return {
        "id": f"poster:{poster.pk}",
        "pk": poster.pk,
        "order": poster.order,
        "kind": "image",
        "url": media_url(poster.image.name),
        "content_type": poster.content_type,
        "size": poster.size,
        "title": pair(poster.title, poster.title_en),
    }


def document_out(document: BoothDocument) -> dict[str, Any]:
    return {
        "id": f"document:{document.pk}",
        "pk": document.pk,
        "order": document.order,
        "kind": "document",
        "url": media_url(document.file.name),
        "content_type": document.content_type,
        "size": document.size,
        "title": pair(document.title, document.title_en),
    }


def ad_out(ad: BoothAd, now: datetime | None = None) -> dict[str, Any]:
    out = {
        "id": f"ad:{ad.pk}",
        "pk": ad.pk,
        "order": ad.order,
        "slot": ad.slot,
        "kind": ad.kind,
        "url": media_url(ad.file.name),
        "content_type": ad.content_type,
        "size": ad.size,
        "link": ad.link,
        "title": pair(ad.title, ad.title_en),
        "schedule": [{"starts_at": _iso(ad.starts_at), "ends_at": _iso(ad.ends_at)}],
    }
    if now is not None:
        out["current"] = is_running(ad, now)
    return out


def stop_out(stop: CommentaryStop) -> dict[str, Any]:
    return {
        "id": f"stop:{stop.pk}",
        "pk": stop.pk,
        "order": stop.order,
        "position": [stop.x, stop.y, stop.z],
        "look_at": stop.look_at,
        "target": stop.target or None,
        "title": pair(stop.title, stop.title_en),
        "text": pair(stop.text, stop.text_en),
        "audio": media_url(stop.audio.name),
        "audio_content_type": stop.audio_content_type or None,
    }


def is_running(ad: BoothAd, now: datetime) -> bool:
    return (ad.starts_at is None or ad.starts_at <= now) and (ad.ends_at is None or now < ad.ends_at)


def current_ads(booth: Booth, now: datetime | None = None) -> dict[int, BoothAd]:
    """Per slot, the ad shown now: of those running, the one that started last (an ad
    with no start counts as the earliest), then the latest added."""
    now = now or timezone.now()
    current: dict[int, BoothAd] = {}
    for ad in BoothAd.objects.filter(booth=booth).order_by("slot", "pk"):
        if not is_running(ad, now):
            continue
        best = current.get(ad.slot)
        key = (ad.starts_at or datetime.min.replace(tzinfo=now.tzinfo), ad.pk)
        if best is None or key > (best.starts_at or datetime.min.replace(tzinfo=now.tzinfo), best.pk):
            current[ad.slot] = ad
    return current


def booth_content(booth: Booth, now: datetime | None = None) -> dict[str, list[Any]]:
    """Everything a visitor sees, in both languages: ads are the current one per slot
    (`ads[slot]`, None for a slot with nothing running)."""
    ads = current_ads(booth, now)
    return {
        "videos": [video_out(v) for v in BoothVideo.objects.filter(booth=booth)],
        "posters": [poster_out(p) for p in BoothPoster.objects.filter(booth=booth)],
        "documents": [document_out(d) for d in BoothDocument.objects.filter(booth=booth)],
        "ads": [ad_out(ads[slot]) if slot in ads else None for slot in range(max(ads, default=-1) + 1)],
        "commentary": [stop_out(s) for s in CommentaryStop.objects.filter(booth=booth)],
    }


def localise(value: Any, lang: str) -> Any:
    """Turn every {"zh", "en"} pair into the one string of `lang`."""
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES):
            return value[lang]
        return {k: localise(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [localise(v, lang) for v in value]
    return value


def booth_for_visitor(user, booth_id: int) -> Booth:
    """A live booth; a draft one only for its staff and the organizers (404 for others)."""
    booth = Booth.objects.select_related("organisation").filter(pk=booth_id).first()
    if booth is None:
        raise Http404
    if booth.status != Booth.Status.LIVE and not (
        rules.is_organizer(user) or rules.is_exhibitor_staff(user, booth.organisation_id)
    ):
        raise Http404
    return booth


def public_content(booth: Booth, lang: str | None) -> dict[str, Any]:
    """The visitor's read: the booth's description and logo with its content; in one
    language when `lang` is "zh" or "en", else with {"zh", "en"} pairs."""
    data = {
        "booth": {
            "id": booth.pk,
            "number": booth.number,
            "name": pair(booth.name, booth.name_en),
            "description": pair(booth.description, booth.description_en),
            "logo": media_url(booth.logo.name) if booth.logo else None,
            "template": booth.template,
        },
        **booth_content(booth),
    }
    if lang in LANGUAGES:
        return {"lang": lang, **localise(data, lang)}
    return data


def editable_content(user, booth: Booth) -> dict[str, Any]:
    """The staff's read: all items including ads that are not showing, with their schedules."""
    rules.require_booth_staff_or_organizer(user, booth)
    from halls.scenes.builders import BOOTH_TEMPLATES

    now = timezone.now()
    template = BOOTH_TEMPLATES.get(booth.template, BOOTH_TEMPLATES["standard"])
    return {
        "booth": {
            "id": booth.pk,
            "number": booth.number,
            "status": booth.status,
            "template": booth.template,
            "name": pair(booth.name, booth.name_en),
            "description": pair(booth.description, booth.description_en),
            "logo": media_url(booth.logo.name) if booth.logo else None,
        },
        "slots": {"screens": template["screens"], "posters": template["posters"], "ads": template["ads"]},
        "videos": [video_out(v) for v in BoothVideo.objects.filter(booth=booth)],
        "posters": [poster_out(p) for p in BoothPoster.objects.filter(booth=booth)],
        "documents": [document_out(d) for d in BoothDocument.objects.filter(booth=booth)],
        "ads": [ad_out(a, now) for a in BoothAd.objects.filter(booth=booth)],
        "commentary": [stop_out(s) for s in CommentaryStop.objects.filter(booth=booth)],
    }
