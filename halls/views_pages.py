"""The exhibition's browser pages (docs/exhibition-pages.md): the 3D hall street walk, the
list-and-map view of the same booths, and the booth page. Thin: read, shape, render; the
3D and live parts are ES modules that load the scene descriptors and join the booth's room.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from halls import page_selectors
from halls.models import Booth, Hall
from live import protocol


def _three_url() -> str:
    return reverse("halls:scene-three", args=["three.module.js"])


@require_GET
def exhibition_index(request: HttpRequest) -> HttpResponse:
    """`/exhibition/`: the only hall directly, or the list of halls."""
    halls = list(Hall.objects.order_by("created_at", "pk"))
    if len(halls) == 1:
        return redirect("exhibition:hall", slug=halls[0].slug)
    names = [(hall, page_selectors.localized(hall.name, hall.name_en)) for hall in halls]
    return render(request, "frontend/exhibition/index.html", {"halls": names})


@require_GET
def hall_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The 3D street walk; the server-rendered booth list doubles as its keyboard route."""
    hall = get_object_or_404(Hall, slug=slug)
    street = page_selectors.hall_street(hall)
    config = {
        "hall": hall.slug,
        "scene": reverse("halls:scene-hall", args=[hall.slug]),
        "list": reverse("exhibition:hall-list", args=[hall.slug]),
        "booth_url": reverse("exhibition:booth", args=[0]).replace("/0/", "/{id}/"),
        "lang": page_selectors.language(),
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
        {"hall": hall, "street": street, "config": config, "three_url": _three_url()},
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
def booth_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The booth: 3D scene, guided commentary, text alternative, chat, contact, call request."""
    booth = get_object_or_404(
        Booth.objects.select_related("zone__hall", "board", "room", "organisation"), pk=pk, status=Booth.Status.LIVE
    )
    user = request.user
    about = page_selectors.booth_about(booth)
    config = {
        "booth": booth.pk,
        "room": booth.room.slug,
        "scene": reverse("halls:scene-booth", args=[booth.pk]),
        "contact": reverse("halls:booth-contact", args=[booth.pk]),
        "call_request": reverse("halls:booth-call-request", args=[booth.pk]),
        "ws_path": "/ws/",
        "max_chat_length": protocol.MAX_CHAT_LENGTH,
        "lang": page_selectors.language(),
        "user": {"id": user.pk, "name": user.public_name} if user.is_authenticated else None,
        "login_url": f"{settings.LOGIN_URL}?next={request.path}",
        "strings": {
            "loading": _("Loading the booth…"),
            "no_webgl": _("3D is not available on this device; the booth's content is described below."),
            "failed": _("The 3D booth could not be loaded."),
            "stop": _("Stop %(n)s of %(total)s"),
            "no_video": _("No video on this screen yet."),
            "video_failed": _("The video could not be played."),
            "staff_online": _("Staff online now"),
            "staff_offline": _("No staff online now: leave a message or your contact."),
            "connected": pgettext("exhibition", "connected"),
            "connecting": _("connecting…"),
            "reconnecting": pgettext("exhibition", "reconnecting…"),
            "closed": pgettext("exhibition", "disconnected"),
            "sending": pgettext("exhibition", "sending…"),
            "contact_sent": _("Thank you: the booth's staff received your contact."),
            "call_sent": _("Your video call request was sent; the staff will call you."),
            "login_required": _("Please log in first."),
            "network_error": _("The server could not be reached. Please try again."),
            "chat_failed": _("The message was not sent:"),
        },
    }
    return render(
        request,
        "frontend/exhibition/booth.html",
        {"booth": booth, "about": about, "config": config, "three_url": _three_url()},
    )
