"""Machine translations through the cache: each distinct text goes to the backend once, in
as few round trips as there are (source, target) pairs on the page.

`translate_many` never raises for the backend's sake: a text it could not translate comes
back with a status saying why (no backend, backend down or refusing, text too long), and the
caller shows the original with that notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core.cache import cache

from translation.backends import TranslationError, backend_down, get_backend, rest_backend
from translation.languages import guess, normalize
from translation.models import CachedTranslation, cache_key

Status = Literal["ok", "not_configured", "unavailable", "too_long"]

# One request carries at most this many texts and characters: LibreTranslate's own limits
# (`--char-limit`, `--batch-limit`) are per request, and a shorter request fails alone.
BATCH_TEXTS = 32
BATCH_CHARS = 20_000
# Requests in flight at once for one page (several chunks or language pairs).
CONCURRENCY = 4


@dataclass(frozen=True)
class Outcome:
    status: Status
    text: str = ""
    # The source the backend detected when asked with "auto" ("" otherwise or unknown).
    detected: str = ""


def max_chars() -> int:
    return int(getattr(settings, "TRANSLATION_MAX_CHARS", 10_000))


def translate_many(requests: Sequence[tuple[str, str, str]]) -> list[Outcome]:
    """`[(text, source, target), ...]` → one Outcome each, in order. `source` is a language
    code or "auto" (the backend detects it)."""
    keys = [cache_key(text, source, target) for text, source, target in requests]
    found = {row.key: row for row in CachedTranslation.objects.filter(key__in=set(keys))}
    outcomes: dict[str, Outcome] = {key: Outcome("ok", row.text, row.detected_lang) for key, row in found.items()}
    missing: dict[tuple[str, str], dict[str, str]] = {}  # (source, target) -> {key: text}
    for key, (text, source, target) in zip(keys, requests, strict=True):
        if key in outcomes:
            continue
        if len(text) > max_chars():
            outcomes[key] = Outcome("too_long")
        else:
            missing.setdefault((source, target), {})[key] = text
    if missing:
        outcomes.update(_ask_backend(missing))
    return [outcomes[key] for key in keys]


def _ask_backend(missing: dict[tuple[str, str], dict[str, str]]) -> dict[str, Outcome]:
    backend = get_backend()
    everything = [key for texts in missing.values() for key in texts]
    if backend is None:
        return dict.fromkeys(everything, Outcome("not_configured"))
    if backend_down():
        return dict.fromkeys(everything, Outcome("unavailable"))
    chunks = [(source, target, chunk) for (source, target), texts in missing.items() for chunk in _chunks(texts)]

    def run(job: tuple[str, str, list[tuple[str, str]]]) -> list[tuple[str, Outcome]] | TranslationError:
        source, target, chunk = job
        try:
            translated = backend.translate([text for _key, text in chunk], source, target)
        except TranslationError as error:
            return error
        return [(key, Outcome("ok", t.text, t.detected)) for (key, _text), t in zip(chunk, translated, strict=True)]

    # Only HTTP happens in the threads; the ORM stays on this one.
    if len(chunks) == 1:
        answers = [run(chunks[0])]
    else:
        with ThreadPoolExecutor(max_workers=min(CONCURRENCY, len(chunks))) as pool:
            answers = list(pool.map(run, chunks))
    results: dict[str, Outcome] = dict.fromkeys(everything, Outcome("unavailable"))
    rows = []
    for job, answer in zip(chunks, answers, strict=True):
        if isinstance(answer, TranslationError):
            rest_backend(answer)
            continue
        source, target, _chunk = job
        for key, outcome in answer:
            results[key] = outcome
            rows.append(
                CachedTranslation(
                    key=key,
                    source_lang=source,
                    detected_lang=outcome.detected[:16],
                    target_lang=target,
                    text=outcome.text,
                    backend=backend.name[:100],
                )
            )
    # Two processes translating the same text at once store it once; the other's is dropped.
    CachedTranslation.objects.bulk_create(rows, ignore_conflicts=True)
    return results


def _chunks(texts: dict[str, str]) -> Iterable[list[tuple[str, str]]]:
    chunk: list[tuple[str, str]] = []
    size = 0
    for key, text in texts.items():
        if chunk and (len(chunk) >= BATCH_TEXTS or size + len(text) > BATCH_CHARS):
            yield chunk
            chunk, size = [], 0
        chunk.append((key, text))
        size += len(text)
    if chunk:
        yield chunk


def detect_language(text: str) -> str:
    """The language of a single-language text: from its script when that tells ("zh", "en"),
    else the backend's /detect (remembered a day), else "" (unknown)."""
    guessed = guess(text)
    if guessed or not text.strip():
        return guessed or ""
    backend = get_backend()
    if backend is None or backend_down():
        return ""
    key = "translation:detect:" + cache_key(text[: max_chars()], "", "")
    known = cache.get(key)
    if known is not None:
        return known
    try:
        detected = normalize(backend.detect(text[: max_chars()]))
    except TranslationError as error:
        rest_backend(error)
        return ""
    cache.set(key, detected, timeout=24 * 3600)
    return detected


def forget(texts: Iterable[str]) -> int:
    """Delete the stored translations of these texts (a deleted message, an erased account):
    the cache holds translated user text, which must not outlive the original."""
    pairs = [(s, t) for s in ("zh", "en", "auto") for t in ("zh", "en") if s != t]
    keys = [cache_key(text, source, target) for text in texts for source, target in pairs]
    deleted, _by_model = CachedTranslation.objects.filter(key__in=keys).delete()
    return deleted
