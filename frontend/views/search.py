"""The search results page (docs/search.md): the header's search box submits here. The same
checks as GET /api/search; a refusal is shown on the page (400/404), never a server error."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from live.http_api import ApiError
from search.api import check_params
from search.selectors import kind_choices, search


def _page_number(raw: str) -> int:
    try:
        return int(raw or "1")
    except ValueError:
        return 0


def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    context: dict = {"q": q, "kind": kind, "results": None, "error": ""}
    status = 200
    if q.strip():
        try:
            q, kinds, page = check_params(q, kind, _page_number(request.GET.get("page", "")))
        except ApiError as exc:
            context["error"], status = exc.message, exc.status
        else:
            results = search(q, request.user, kinds=kinds, page=page)
            context["results"] = results
            context["total_all"] = sum(results.counts.values())
            context["tabs"] = [(key, label, results.counts.get(key, 0)) for key, label in kind_choices()]
            context["first_number"] = (results.page - 1) * results.per_page + 1
            if page > 1 and page > results.pages:
                context["error"], status = _("No such page."), 404
    return render(request, "frontend/search/results.html", context, status=status)
