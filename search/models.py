"""One row per searchable thing (docs/search.md): what a result shows (both languages, the
link), who may see it, and the segmented text the engines index. On PostgreSQL a GIN index over
to_tsvector('simple', ...) of `title_terms`/`body_terms`; on SQLite an FTS5 table kept in step
by triggers (migration 0001). Rows are written only through search.services."""

from __future__ import annotations

from django.db import models


class Audience(models.TextChoices):
    PUBLIC = "public", "Everyone"
    ANONYMOUS = "anonymous", "Only visitors who are not logged in"
    ATTENDEES = "attendees", "Logged-in people"
    STAFF = "staff", "Organizers (staff)"


class Document(models.Model):
    kind = models.CharField(max_length=30)
    object_id = models.CharField(max_length=64)
    # A thing may have one variant per audience (a person: what strangers see, what attendees see).
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    title_zh = models.CharField(max_length=300, blank=True)
    title_en = models.CharField(max_length=300, blank=True)
    body_zh = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "audience"], name="search_document_unique"),
        ]
        indexes = [models.Index(fields=["kind", "audience"], name="search_doc_kind_aud")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} ({self.audience})"
