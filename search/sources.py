"""The sources search registers itself: the ones from accounts, which sits below search in the
layers and so cannot call search (docs/search.md). Other apps register theirs in their own
AppConfig.ready()."""

from __future__ import annotations

from typing import Any

from search.registry import Entry, register_source


def organisation_entries(org: Any) -> list[Entry]:
    kind_label = org.get_kind_display() if hasattr(org, "get_kind_display") else ""
    return [
        Entry(
            org.pk,
            title_zh=org.name,
            title_en=org.name_en,
            body_zh=" ".join(filter(None, [kind_label, getattr(org, "website", "")])),
            body_en=" ".join(filter(None, [kind_label, getattr(org, "website", "")])),
            url=f"/exhibition/?organisation={org.pk}",
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
