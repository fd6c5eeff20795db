"""The booth page (docs/exhibition-pages.md): 3D scene, guided commentary, text alternative,
chat with staff, contact and call request. The 3D and live parts are ES modules that load
the booth's scene descriptor and join the booth's room."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from accounts.i18n import language
from accounts.selectors import user_ref
from frontend.views.exhibition import three_url
from halls import page_selectors
from halls.models import Booth
from live import protocol


@require_GET
def booth_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The booth: 3D scene, guided commentary, text alternative, chat, contact, call request."""
    booth = get_object_or_404(
        Booth.objects.select_related("zone__hall", "board", "room", "organisation"), pk=pk, status=Booth.Status.LIVE
    )
    user = request.user
    if not user.is_authenticated and "guest" not in request.session:
        # Booth statistics count a guest by browser session (halls.roomkind): give them one.
        request.session["guest"] = True
    about = page_selectors.booth_about(booth)
    config = {
        "booth": booth.pk,
        "room": booth.room.slug,
        "scene": reverse("api:scene-booth", args=[booth.pk]),
        "contact": reverse("api:booth-contact", args=[booth.pk]),
        "call_request": reverse("api:booth-call-request", args=[booth.pk]),
        "ws_path": "/ws/",
        "max_chat_length": protocol.MAX_CHAT_LENGTH,
        "lang": language(),
        "user": user_ref(user),
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
        {"booth": booth, "about": about, "config": config, "three_url": three_url()},
    )
