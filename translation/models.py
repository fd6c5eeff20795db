"""The cache of machine translations: each text is translated once per source and target
language, whichever process asked first; every later reader gets the stored result."""

from __future__ import annotations

import hashlib

from django.db import models


def cache_key(text: str, source: str, target: str) -> str:
    """sha256 of source, target and the text: fixed length whatever the text's (a unique
    index on the text itself would be too long for PostgreSQL's btree)."""
    return hashlib.sha256(f"{source}\x1f{target}\x1f{text}".encode()).hexdigest()


class CachedTranslation(models.Model):
    key = models.CharField(max_length=64, unique=True)
    # As asked: "zh", "en", another code, or "auto" (the backend detected the source).
    source_lang = models.CharField(max_length=16)
    # What the backend said the source was, when it was asked to detect it.
    detected_lang = models.CharField(max_length=16, blank=True)
    target_lang = models.CharField(max_length=16)
    text = models.TextField()
    backend = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cached machine translation"

    def __str__(self) -> str:
        return f"{self.source_lang}->{self.target_lang} {self.key[:12]}"
