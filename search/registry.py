"""The sources of the search index (docs/search.md, "Plugging in"). Search never imports the
apps above it: each app registers its kinds here in its AppConfig.ready().

    from search.registry import Entry, register_source

    register_source(
        "session", label_zh="日程", label_en="Sessions", model=Session,
        entries=lambda s: [Entry(s.pk, title_zh=s.title, title_en=s.title_en, ..., url=...)],
        queryset=lambda: Session.objects.select_related("event"),
    )

With `model`, search connects post_save/post_delete itself: a save re-indexes the object
(entries() returning [] takes it out: a draft, a person who left the directory), a delete removes
it. Bulk writes that bypass signals (queryset.update) call search.services.reindex(kind, ids).
`rebuild_search_index` (and the Celery task) re-index every registered source from `queryset`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from search.models import Audience


@dataclass(frozen=True)
class Entry:
    """One indexed variant of one object; several for one object when audiences see it
    differently (at most one per audience)."""

    object_id: Any
    title_zh: str = ""
    title_en: str = ""
    body_zh: str = ""
    body_en: str = ""
    url: str = ""
    audience: str = Audience.PUBLIC


@dataclass
class Source:
    kind: str
    label_zh: str
    label_en: str
    entries: Callable[[Any], Iterable[Entry]] | None = None
    queryset: Callable[[], Iterable[Any]] | None = None
    model: type | None = None
    order: int = 100
    extra: dict[str, Any] = field(default_factory=dict)

    def label(self) -> str:
        from accounts.i18n import localized

        return localized(self.label_zh, self.label_en)


_SOURCES: dict[str, Source] = {}


def register_source(
    kind: str,
    *,
    label_zh: str,
    label_en: str,
    entries: Callable[[Any], Iterable[Entry]] | None = None,
    queryset: Callable[[], Iterable[Any]] | None = None,
    model: type | None = None,
    order: int = 100,
) -> Source:
    """Register (or re-register: idempotent, the last call wins) a kind of document."""
    if not kind or len(kind) > 30 or not kind.replace("_", "").isalnum():
        raise ValueError(f"A search kind is a short identifier, not {kind!r}.")
    source = Source(kind, label_zh, label_en, entries, queryset, model, order)
    previous = _SOURCES.get(kind)
    _SOURCES[kind] = source
    if model is not None and entries is not None:
        from search import signals

        if previous is not None and previous.model is not None:
            signals.disconnect(previous)
        signals.connect(source)
    return source


def unregister_source(kind: str) -> None:
    source = _SOURCES.pop(kind, None)
    if source is not None and source.model is not None:
        from search import signals

        signals.disconnect(source)


def get_source(kind: str) -> Source | None:
    return _SOURCES.get(kind)


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.kind))
