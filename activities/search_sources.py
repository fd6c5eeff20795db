"""Sub-venues in the site's search (docs/search.md): each sub-venue's page, found by its name,
region, partner organisation and the titles of its sessions. Registered in ActivitiesConfig.ready."""

from __future__ import annotations

from typing import Any

from search.registry import Entry, register_source


def subvenue_entries(subvenue: Any) -> list[Entry]:
    sessions = list(subvenue.session_links.select_related("session")) if subvenue.pk else []
    return [
        Entry(
            subvenue.pk,
            title_zh=subvenue.name,
            title_en=subvenue.name_en,
            body_zh=" ".join(
                filter(
                    None,
                    ["分会场", subvenue.region_name, subvenue.organisation.name, subvenue.description]
                    + [link.session.title for link in sessions],
                )
            ),
            body_en=" ".join(
                filter(
                    None,
                    ["sub-venue", subvenue.region_name_en, subvenue.organisation.name_en, subvenue.description_en]
                    + [link.session.title_en for link in sessions],
                )
            ),
            url=f"/subvenues/{subvenue.slug}/",
        )
    ]


def session_linked(sender, instance, **kwargs) -> None:
    from search.services import reindex

    reindex("subvenue", [instance.subvenue_id])


def register() -> None:
    from django.db.models.signals import post_delete, post_save

    from activities.models import SubVenue, SubVenueSession

    register_source(
        "subvenue",
        label_zh="分会场",
        label_en="Sub-venues",
        model=SubVenue,
        entries=subvenue_entries,
        queryset=lambda: SubVenue.objects.select_related("organisation"),
        order=15,
    )
    post_save.connect(session_linked, sender=SubVenueSession, dispatch_uid="activities.subvenue_session_saved")
    post_delete.connect(session_linked, sender=SubVenueSession, dispatch_uid="activities.subvenue_session_deleted")
