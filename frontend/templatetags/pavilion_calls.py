"""{% call_ui %}: the call window and its strings, on every page of a logged-in person."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.selectors import user_ref
from frontend.strings import call_strings
from streams.turn import static_ice_servers

register = template.Library()


@register.inclusion_tag("frontend/call_ui.html", takes_context=True)
def call_ui(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    return {
        "enabled": user.is_authenticated,
        "call_config": {
            "user": user_ref(user),
            # STUN only: TURN credentials come per call, in the call.request/call.accept acks.
            "ice_servers": static_ice_servers(),
            "strings": call_strings(),
        },
    }
