"""Writes to the search index (docs/search.md). Other apps call these (or register a model
with search.registry and let its signals call them); nothing else writes search_document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from search.models import Audience, Document
from search.registry import Entry, get_source, sources
from search.text import index_text

AUDIENCES = set(Audience.values)


def _row(kind: str, entry: Entry) -> Document:
    if entry.audience not in AUDIENCES:
        raise ValueError(f"Unknown search audience {entry.audience!r}.")
    title_zh, title_en = (entry.title_zh or "")[:300], (entry.title_en or "")[:300]
    body_zh, body_en = entry.body_zh or "", entry.body_en or ""
    return Document(
        kind=kind,
        object_id=str(entry.object_id),
        audience=entry.audience,
        title_zh=title_zh,
        title_en=title_en,
        body_zh=body_zh,
        body_en=body_en,
        url=(entry.url or "")[:300],
        title_terms=index_text(title_zh, title_en),
        body_terms=index_text(body_zh, body_en),
    )


def index_entries(kind: str, object_id: Any, entries: Iterable[Entry]) -> list[Document]:
    """Replace every variant of (kind, object_id) with `entries` (none: out of the index)."""
    object_id = str(object_id)
    rows = [_row(kind, entry) for entry in entries if str(entry.object_id) == object_id]
    if len({row.audience for row in rows}) != len(rows):
        raise ValueError("At most one search entry per audience for one object.")
    with transaction.atomic():
        Document.objects.filter(kind=kind, object_id=object_id).exclude(
            audience__in=[row.audience for row in rows]
        ).delete()
        saved = []
        for row in rows:
            existing = Document.objects.filter(kind=kind, object_id=object_id, audience=row.audience).first()
            if existing is not None:
                row.pk = existing.pk
            row.save()
            saved.append(row)
    return saved


def index_document(
    kind: str,
    object_id: Any,
    *,
    title_zh: str,
    title_en: str = "",
    body_zh: str = "",
    body_en: str = "",
    url: str = "",
    audience: str = Audience.PUBLIC,
) -> Document:
    """Index (or re-index) one object as one document seen by `audience`; replaces its other
    variants. For per-audience variants use index_entries."""
    entry = Entry(object_id, title_zh, title_en, body_zh, body_en, url, audience)
    return index_entries(kind, object_id, [entry])[0]


def remove_document(kind: str, object_id: Any) -> int:
    """Take (kind, object_id) out of the index, every variant. Returns the rows removed."""
    deleted, _ = Document.objects.filter(kind=kind, object_id=str(object_id)).delete()
    return deleted


def index_object(kind: str, instance: Any) -> list[Document]:
    """Re-index one object of a registered source from its entries() (signals call this)."""
    source = get_source(kind)
    if source is None or source.entries is None:
        raise LookupError(f"No search source {kind!r} with entries().")
    return index_entries(kind, instance.pk, list(source.entries(instance)))


def reindex(kind: str, object_ids: Iterable[Any]) -> int:
    """After a bulk write that sent no signals: re-index these objects of a registered model
    source (the ones gone from the database leave the index). Returns the objects seen."""
    source = get_source(kind)
    if source is None or source.model is None:
        raise LookupError(f"No search source {kind!r} with a model.")
    ids = [str(i) for i in object_ids]
    found = {str(obj.pk): obj for obj in source.model._default_manager.filter(pk__in=ids)}
    with transaction.atomic():
        for object_id in ids:
            if object_id in found:
                index_object(kind, found[object_id])
            else:
                remove_document(kind, object_id)
    return len(ids)


def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index of every registered source (or of `kinds`) from its queryset, in one
    transaction per kind: readers see the old rows until the new ones are committed."""
    wanted = set(kinds) if kinds is not None else None
    counts: dict[str, int] = {}
    for source in sources():
        if wanted is not None and source.kind not in wanted:
            continue
        if source.queryset is None or source.entries is None:
            continue
        rows = []
        for obj in source.queryset():
            rows.extend(_row(source.kind, entry) for entry in source.entries(obj))
        with transaction.atomic():
            Document.objects.filter(kind=source.kind).delete()
            Document.objects.bulk_create(rows, batch_size=500)
        counts[source.kind] = len(rows)
    return counts
