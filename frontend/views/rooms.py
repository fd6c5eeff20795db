"""Browser pages for live rooms. The page is a shell: everything live comes over /ws/."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.selectors import user_ref
from agenda.selectors import bookmarked_ids
from frontend.selectors import room_title, stage_config
from frontend.strings import room_strings, stage_strings
from frontend.views.competition_final import final_screen
from frontend.views.libraries import library_url
from live import protocol
from live.models import Room
from live.services.rooms import page_snapshot
from streams.selectors import room_session_id


@require_GET
def room(request: HttpRequest, slug: str) -> HttpResponse:
    """A stage room: stage, chat, Q&A, polls, presence and (for moderators) moderation."""
    live_room = get_object_or_404(Room, slug=slug)
    user = request.user
    if not user.is_authenticated and not live_room.allow_guests:
        return redirect_to_login(request.get_full_path())
    config = {
        "room": live_room.slug,
        "name": room_title(live_room),
        "ws_path": "/ws/",
        "user": user_ref(user),
        "login_url": f"{settings.LOGIN_URL}?next={request.path}",
        "reactions": list(protocol.REACTIONS),
        "limits": {
            "max_chat_length": protocol.MAX_CHAT_LENGTH,
            "max_question_length": protocol.MAX_QUESTION_LENGTH,
            "max_poll_options": protocol.MAX_POLL_OPTIONS,
            "slow_mode_max_seconds": protocol.SLOW_MODE_MAX_SECONDS,
            "mute_max_minutes": protocol.MUTE_MAX_MINUTES,
        },
    }
    config["stage"] = stage_config(live_room)
    # The room at once, from the HTML: the socket then resumes from the snapshot's seq.
    config["snapshot"] = page_snapshot(live_room, user)
    session_id = room_session_id(live_room)
    config["hls_js_url"] = library_url("hls.js", "hls.min.mjs")
    context = {
        "room": live_room,
        "room_title": config["name"],
        "config": config,
        "stage_strings": stage_strings(),
        "room_strings": room_strings(),
        "session_id": session_id,
        "bookmarked_ids": bookmarked_ids(user, [session_id]) if session_id else set(),
        "final_screen": final_screen(live_room) if session_id else None,
    }
    return render(request, "frontend/room.html", context)
