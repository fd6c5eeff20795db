"""The exhibition's browser pages (docs/exhibition-pages.md): the 3D hall street walk, the
list-and-map view of the same booths, and the scene viewer. Thin: read, shape, render; the
3D parts are ES modules that load the scene descriptors (halls' JSON, docs/scenes.md).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.i18n import language, localized
from frontend.views.libraries import library_url
from halls import page_selectors
from halls.models import Hall


def three_url() -> str:
    """three.js's ES module build (frontend/views/libraries.py)."""
    return library_url("three", "three.module.js")


@require_GET
def exhibition_index(request: HttpRequest) -> HttpResponse:
    """`/exhibition/`: the only hall directly, or the list of halls."""
    halls = list(Hall.objects.order_by("created_at", "pk"))
    if len(halls) == 1:
        return redirect("exhibition:hall", slug=halls[0].slug)
    names = [(hall, localized(hall.name, hall.name_en)) for hall in halls]
    return render(request, "frontend/exhibition/index.html", {"halls": names})


@require_GET
def hall_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The 3D street walk; the server-rendered booth list doubles as its keyboard route."""
    hall = get_object_or_404(Hall, slug=slug)
    street = page_selectors.hall_street(hall)
    config = {
        "hall": hall.slug,
        "scene": reverse("api:scene-hall", args=[hall.slug]),
        "list": reverse("exhibition:hall-list", args=[hall.slug]),
        "booth_url": reverse("exhibition:booth", args=[0]).replace("/0/", "/{id}/"),
        "lang": language(),
        "strings": {
            "loading": _("Loading the hall…"),
            "no_webgl": _("3D is not available on this device: showing the list view."),
            "failed": _("The 3D hall could not be loaded."),
            "open_booth": _("Open booth"),
        },
    }
    return render(
        request,
        "frontend/exhibition/hall.html",
        {"hall": hall, "street": street, "config": config, "three_url": three_url()},
    )


@require_GET
def hall_list_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Zones → boards → booths as plain HTML with a 2D SVG map; filters are a GET form, so
    it works without JavaScript and WebGL."""
    hall = get_object_or_404(Hall, slug=slug)
    filters = page_selectors.ListFilters.from_query(request.GET)
    street = page_selectors.hall_street(hall, filters)
    return render(
        request,
        "frontend/exhibition/list.html",
        {
            "hall": hall,
            "street": street,
            "filters": filters,
            "map": page_selectors.street_map(street),
            "no_webgl": request.GET.get("nowebgl") == "1",
        },
    )


@require_GET
def scene_viewer(request: HttpRequest, slug: str) -> HttpResponse:
    """A page that loads the hall's scene (and one booth's) with three's ObjectLoader."""
    hall = get_object_or_404(Hall, slug=slug)
    booth_id = request.GET.get("booth")
    config = {
        "hall": reverse("api:scene-hall", args=[hall.slug]),
        "booth": reverse("api:scene-booth", args=[int(booth_id)]) if booth_id and booth_id.isdigit() else None,
    }
    return render(request, "frontend/scene.html", {"hall": hall, "config": config, "three_url": three_url()})
