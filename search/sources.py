"""The sources search registers itself: the ones from accounts, which sits below search in the
layers and so cannot call search (docs/search.md). Other apps register theirs in their own
AppConfig.ready()."""

from __future__ import annotations

from typing import Any

from search.registry import Entry, register_source


def _organisation_url(org: Any) -> str:
    # The organisation's live booth, when it has one. The reverse relation is read without
    # importing halls (above search); halls re-indexes the organisation when a booth changes.
    booths = getattr(org, "booths", None)
    if booths is None or not org.pk:
        return ""
    booth = booths.filter(status="live").order_by("pk").first()
    return f"/exhibition/booths/{booth.pk}/" if booth is not None else ""


def organisation_entries(org: Any) -> list[Entry]:
    kind_label = org.get_kind_display() if hasattr(org, "get_kind_display") else ""
    return [
        Entry(
            org.pk,
            title_zh=org.name,
            title_en=org.name_en,
            body_zh=" ".join(filter(None, [kind_label, getattr(org, "website", "")])),
            body_en=" ".join(filter(None, [kind_label, getattr(org, "website", "")])),
            url=_organisation_url(org),
        )
    ]


def register() -> None:
    from accounts.models import Organisation

    register_source(
        "organisation",
        label_zh="机构",
        label_en="Organisations",
        model=Organisation,
        entries=organisation_entries,
        queryset=lambda: Organisation.objects.all(),
        order=40,
    )
