"""GET /api/search?q=&kind=&page= (docs/search.md, docs/api.md): one page of results over
everything the caller may see. Bad input is refused with the site's one error shape."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from live.http_api import ApiError, errors
from search.registry import get_source
from search.selectors import MAX_PAGE, search
from search.text import MAX_QUERY_CHARS, parse_query

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = ""
    kind: str = ""
    page: int = 1


class HitOut(Schema):
    kind: str
    kind_label: str
    id: str
    url: str
    title: str
    title_html: str
    excerpt_html: str


class SearchOut(Schema):
    q: str
    kind: str
    page: int
    pages: int
    per_page: int
    total: int
    counts: dict[str, int]
    results: list[HitOut]


def check_params(q: str, kind: str, page: int) -> tuple[str, list[str], int]:
    """The clean (q, kinds, page) of a request, or an ApiError naming the field to blame."""
    q = q or ""
    if len(q) > MAX_QUERY_CHARS:
        raise ApiError(400, "invalid_fields", _("The search is too long."), {"q": [_("At most 200 characters.")]})
    if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in q):
        raise ApiError(
            400, "invalid_fields", _("The search has control characters."), {"q": [_("Control characters.")]}
        )
    if not parse_query(q):
        raise ApiError(400, "invalid_fields", _("Type a word to search for."), {"q": [_("Nothing to search for.")]})
    kinds = [k for k in kind.split(",") if k] if kind else []
    if any(get_source(k) is None for k in kinds) or len(kinds) > 10:
        raise ApiError(400, "invalid_fields", _("Unknown kind of result."), {"kind": [_("Unknown kind.")]})
    if page < 1 or page > MAX_PAGE:
        raise ApiError(400, "invalid_fields", _("No such page."), {"page": [_("Out of range.")]})
    return q, kinds, page


@router.get("search", response={200: SearchOut, **errors(400, 404)}, summary="Search everything", auth=None)
def search_everything(request: HttpRequest, params: Query[SearchParams]):
    """Sessions, speakers, booths, organisations, people (those in the directory, only the
    fields this caller may see) and any kind another app registers. All words must match;
    Chinese is segmented (jieba), English stemmed; `title_html`/`excerpt_html` are escaped with
    the query's words in `<mark>`. `kind` is one kind or several, comma-separated."""
    q, kinds, page = check_params(params.q, params.kind, params.page)
    results = search(q, request.user, kinds=kinds, page=page)
    if page > 1 and page > results.pages:
        raise ApiError(404, "not_found", _("No such page."), {"page": [_("Past the last page.")]})
    return {
        "q": q,
        "kind": ",".join(kinds),
        "page": results.page,
        "pages": results.pages,
        "per_page": results.per_page,
        "total": results.total,
        "counts": results.counts,
        "results": [
            {
                "kind": h.kind,
                "kind_label": h.kind_label,
                "id": h.object_id,
                "url": h.url,
                "title": h.title,
                "title_html": h.title_html,
                "excerpt_html": h.excerpt_html,
            }
            for h in results.hits
        ],
    }
