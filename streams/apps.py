from django.apps import AppConfig
from django.db.models.signals import m2m_changed


def speakers_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """A session's speakers changed: the people linked to them get their stage rights rechecked."""
    from live.access import recheck_access
    from streams.models import Speaker

    if action not in ("post_add", "post_remove"):
        return
    if reverse:  # speaker.sessions.add(...): the speaker is the instance
        user_ids = [instance.user_id]
    else:
        user_ids = list(Speaker.objects.filter(pk__in=pk_set or ()).values_list("user_id", flat=True))
    for user_id in {u for u in user_ids if u is not None}:
        recheck_access(user_id)


class StreamsConfig(AppConfig):
    name = "streams"
    verbose_name = "Programme and stages"

    def ready(self) -> None:
        from dataclasses import replace

        from live.registry import RoomDetail, register_room_detail, register_room_kind

        # Importing call_handlers registers the call commands, checks the production checks.
        from streams import (  # noqa: F401
            call_handlers,
            call_protocol,
            call_reach,
            checks,
            handlers,
            media,
            packaging,
            protocol,
            reactions,
            selectors,
        )
        from streams.permissions import STAGE

        protocol.register()
        reactions.register()
        # Simulive: pre-recorded videos played as live (its command, the upload's guard).
        from streams import simulive_api, simulive_protocol, simulive_runtime

        simulive_protocol.register()
        simulive_api.install()
        # Sessions and speakers in the site's search (docs/search.md).
        from streams import search_sources

        search_sources.register()
        call_protocol.register()
        call_reach.install()
        media.install_loopback_candidates()
        packaging.install()
        # The stage's media of a connection is closed when it leaves the room or disconnects.
        # A speaker's or interpreter's right that ends stops their publishing (streams.rights).
        from streams import rights

        register_room_kind(
            replace(
                STAGE,
                on_leave=handlers.on_leave,
                on_join=simulive_runtime.on_join,
                on_recheck=rights.publishing_rechecked,
            )
        )
        # Event moderators moderate its stages: a role that ends reaches open sockets.
        from live.access import watch_rights
        from streams.models import EventModerator, Interpreter, Session

        watch_rights(EventModerator)
        watch_rights(Interpreter)  # a language taken from an interpreter ends their publishing
        # Linked speakers speak on their sessions' stages: adding or removing one does too.
        m2m_changed.connect(speakers_changed, sender=Session.speakers.through, dispatch_uid="streams.speakers_changed")
        register_room_detail(
            RoomDetail(
                "session_id", int | None, "The programme session staged in this room.", selectors.room_session_id
            )
        )
        # Stage viewers and publishers on this process, by room, for /metrics (live/metrics.py).
        from collections import Counter

        from live.metrics import register_gauge

        stage = media.media
        register_gauge(
            "pavilion_stage_relay_viewers",
            "WebRTC viewers relayed by this process, by room.",
            lambda: Counter(viewer.room_slug for viewer in stage.viewers.values()),
            "room",
        )
        register_gauge(
            "pavilion_stage_publishers",
            "Stage publishers on this process, by room.",
            lambda: Counter(publisher.room_slug for publisher in stage.publishers.values()),
            "room",
        )
