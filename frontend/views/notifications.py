"""A person's notifications (/notifications/, paged; mark one, mark all read; open one) and
their e-mail choices per kind (/notifications/preferences/). Forms post here, so the pages
work without their script; notifications-bell.js keeps the bell and the list live."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from live.errors import LiveError
from notifications import kinds, selectors, services
from notifications.inbox import inbox_room

PAGE_SIZE = 20


def _id(request: HttpRequest) -> int | None:
    value = request.POST.get("id", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


@require_http_methods(["GET", "POST"])
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "read_all":
            services.mark_all_read(user)
            messages.success(request, _("All notifications are marked read."))
        elif action in ("read", "open") and (pk := _id(request)) is not None:
            try:
                services.mark_one_read(user, pk)
            except LiveError:
                messages.error(request, _("That notification does not exist."))
            else:
                url = selectors.notifications_of(user).filter(pk=pk).values_list("url", flat=True).first() or ""
                safe = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
                if action == "open" and url and safe:
                    return redirect(url)
        else:
            return HttpResponseBadRequest(_("Unknown action."))
        return redirect(request.get_full_path())
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.notifications_of(user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    labels = {kind.key: kind.label for kind in kinds.all_kinds()}
    return render(
        request,
        "frontend/notifications/list.html",
        {
            "page": page,
            "items": [(n, labels.get(n.kind, n.kind)) for n in page.object_list],
            "unread_only": unread_only,
            "unread": selectors.unread_count(user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        if request.POST.get("form") != "preferences":
            return HttpResponseBadRequest(_("Unknown form."))
        wanted = set(request.POST.getlist("email"))
        for kind in kinds.all_kinds():
            services.set_email_preference(user, kind.key, kind.key in wanted)
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect(request.get_full_path())
    chosen = selectors.email_preferences(user)
    rows = [(kind, chosen[kind.key]) for kind in kinds.all_kinds()]
    return render(request, "frontend/notifications/preferences.html", {"rows": rows, "has_email": bool(user.email)})


def bell_context(user) -> dict:
    """The bell's state for a page (frontend/templatetags/pavilion_notifications.py)."""
    room = inbox_room(user)
    return {"room": room.slug, "seq": room.last_seq, "unread": selectors.unread_count(user)}
