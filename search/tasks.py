"""The index rebuild on a worker (config/celery.py): `rebuild_search_index.delay()`, or with
kinds, after an import that wrote rows without signals."""

from __future__ import annotations

from celery import shared_task


@shared_task
def rebuild_search_index(kinds: list[str] | None = None) -> dict[str, int]:
    from search.services import rebuild

    return rebuild(kinds)
