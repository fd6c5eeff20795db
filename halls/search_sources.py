"""Booths in the site's search (docs/search.md): registered with search in HallsConfig.ready().
Only live booths are found (a draft is the exhibitor's own until it opens); an organisation's
result links to its live booth, so a booth opening or closing re-indexes its organisation."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from search.registry import Entry, register_source
from search.services import reindex


def booth_url(booth: Any) -> str:
    return f"/exhibition/booths/{booth.pk}/"


def booth_entries(booth: Any) -> list[Entry]:
    if booth.status != booth.Status.LIVE:
        return []
    org = booth.organisation
    zone = booth.zone
    return [
        Entry(
            booth.pk,
            title_zh=booth.name,
            title_en=booth.name_en,
            body_zh=" ".join(filter(None, [booth.description, org.name, zone.name, booth.number])),
            body_en=" ".join(filter(None, [booth.description_en, org.name_en, zone.name_en, booth.number])),
            url=booth_url(booth),
        )
    ]


def _booth_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        reindex("organisation", [instance.organisation_id])


def register() -> None:
    from halls.models import Booth

    register_source(
        "booth",
        label_zh="展位",
        label_en="Booths",
        model=Booth,
        entries=booth_entries,
        queryset=lambda: Booth.objects.select_related("organisation", "zone"),
        order=30,
    )
    post_save.connect(_booth_changed, sender=Booth, dispatch_uid="halls.search_booth_org")
    post_delete.connect(_booth_changed, sender=Booth, dispatch_uid="halls.search_booth_org_gone")
