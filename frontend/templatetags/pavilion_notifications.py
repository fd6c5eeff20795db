"""{% notification_bell %}: the bell with the unread count, on every page of a logged-in person.
The count is rendered here (the page works without script); notifications-bell.js joins the
person's inbox room from the seq read here and keeps it live."""

from __future__ import annotations

from typing import Any

from django import template

from frontend.views.notifications import bell_context

register = template.Library()


@register.inclusion_tag("frontend/notifications/bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    if not user.is_authenticated:
        return {"enabled": False}
    return {"enabled": True, **bell_context(user)}
