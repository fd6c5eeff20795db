"""post_save / post_delete receivers for registered sources with a model (search.registry)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save


def _uid(source: Any, signal: str) -> str:
    return f"search:{source.kind}:{signal}"


def connect(source: Any) -> None:
    from search import services

    kind = source.kind

    def saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if raw:  # loaddata: the fixture's own rows, rebuild afterwards
            return
        services.index_object(kind, instance)

    def deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
        services.remove_document(kind, instance.pk)

    post_save.connect(saved, sender=source.model, dispatch_uid=_uid(source, "save"), weak=False)
    post_delete.connect(deleted, sender=source.model, dispatch_uid=_uid(source, "delete"), weak=False)


def disconnect(source: Any) -> None:
    post_save.disconnect(sender=source.model, dispatch_uid=_uid(source, "save"))
    post_delete.disconnect(sender=source.model, dispatch_uid=_uid(source, "delete"))
