"""Reads from the search index (docs/search.md): search(q, viewer, kinds, page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from accounts.i18n import localized
from search.models import Audience, Document
from search.registry import get_source, sources
from search.text import Query, fts5_expression, highlight, parse_query, tsquery_expression

PER_PAGE = 10
MAX_PAGE = 100
EXCERPT_CHARS = 160

PG_VECTOR = "d.search_vector"  # generated, GIN-indexed (migration 0003)


def audiences_for(viewer: Any) -> list[str]:
    """The audiences a viewer belongs to: strangers see public + anonymous-only variants,
    logged-in people public + attendees, staff also staff-only documents."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return [Audience.PUBLIC, Audience.ANONYMOUS]
    out = [Audience.PUBLIC, Audience.ATTENDEES]
    if getattr(viewer, "is_staff", False):
        out.append(Audience.STAFF)
    return out


@dataclass
class Hit:
    kind: str
    kind_label: str
    object_id: str
    url: str
    title: str  # plain text, in the viewer's language
    title_html: str  # escaped, query words in <mark>
    excerpt_html: str
    rank: float


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    page: int
    pages: int
    per_page: int
    kinds: list[str]
    counts: dict[str, int] = field(default_factory=dict)  # per kind, over all kinds


def _where(audiences: list[str], kinds: list[str] | None) -> tuple[str, list[Any]]:
    sql = " AND d.audience IN (" + ",".join(["%s"] * len(audiences)) + ")"
    params: list[Any] = list(audiences)
    if kinds:
        sql += " AND d.kind IN (" + ",".join(["%s"] * len(kinds)) + ")"
        params += kinds
    return sql, params


def _matches(query: Query, audiences: list[str], kinds: list[str] | None, limit: int, offset: int):
    """[(id, rank)] of one page, best first, and {kind: count} of all matches."""
    where, params = _where(audiences, kinds)
    all_where, all_params = _where(audiences, None)
    if connection.vendor == "postgresql":
        expr = tsquery_expression(query)
        base = f"FROM search_document d, to_tsquery('simple'::regconfig, %s) q WHERE {PG_VECTOR} @@ q"
        page_sql = (
            f"SELECT d.id, ts_rank({PG_VECTOR}, q, 1) AS rank {base}{where} ORDER BY rank DESC, d.id LIMIT %s OFFSET %s"
        )
        count_sql = f"SELECT d.kind, count(*) {base}{all_where} GROUP BY d.kind"
    else:
        expr = fts5_expression(query)
        base = (
            "FROM search_document_fts JOIN search_document d ON d.id = search_document_fts.rowid "
            "WHERE search_document_fts MATCH %s"
        )
        # bm25 is "lower is better"; negated so both engines rank "higher is better".
        page_sql = (
            f"SELECT d.id, -bm25(search_document_fts, 2.5, 1.0) AS rank {base}{where} "
            "ORDER BY rank DESC, d.id LIMIT %s OFFSET %s"
        )
        count_sql = f"SELECT d.kind, count(*) {base}{all_where} GROUP BY d.kind"
    with connection.cursor() as cursor:
        cursor.execute(count_sql, [expr, *all_params])
        counts = {kind: n for kind, n in cursor.fetchall()}
        cursor.execute(page_sql, [expr, *params, limit, offset])
        rows = [(pk, float(rank)) for pk, rank in cursor.fetchall()]
    return rows, counts


def _pick(zh: str, en: str) -> str:
    return localized(zh, en) or en


def search(
    q: str,
    viewer: Any = None,
    *,
    kinds: list[str] | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Results:
    """One page of what `viewer` may see matching `q` (all words must match), best first.
    An empty query (nothing searchable in it) has no results. Pages past the last are empty:
    callers that want a refusal compare with `pages`."""
    query = parse_query(q)
    kinds = [k for k in (kinds or []) if k]
    if not query:
        return Results(q, [], 0, page, 0, per_page, kinds)
    rows, counts = _matches(query, audiences_for(viewer), kinds or None, per_page, (page - 1) * per_page)
    total = sum(n for k, n in counts.items() if not kinds or k in kinds)
    docs = Document.objects.in_bulk([pk for pk, _ in rows])
    hits = []
    for pk, rank in rows:
        doc = docs.get(pk)
        if doc is None:
            continue
        source = get_source(doc.kind)
        title = _pick(doc.title_zh, doc.title_en)
        body = _pick(doc.body_zh, doc.body_en)
        # A match in the other language's text shows that text rather than none.
        if not _has_mark(highlight(title, query)) and not _has_mark(highlight(body, query, limit=EXCERPT_CHARS)):
            other = doc.body_en if body == doc.body_zh else doc.body_zh
            if other and _has_mark(highlight(other, query, limit=EXCERPT_CHARS)):
                body = other
        hits.append(
            Hit(
                kind=doc.kind,
                kind_label=source.label() if source else doc.kind,
                object_id=doc.object_id,
                url=doc.url,
                title=title,
                title_html=highlight(title, query),
                excerpt_html=highlight(body, query, limit=EXCERPT_CHARS),
                rank=rank,
            )
        )
    pages = (total + per_page - 1) // per_page
    return Results(q, hits, total, page, pages, per_page, kinds, counts)


def _has_mark(html_text: str) -> bool:
    return "<mark>" in html_text


def kind_choices() -> list[tuple[str, str]]:
    return [(s.kind, s.label()) for s in sources()]
