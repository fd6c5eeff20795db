from django.apps import AppConfig


class StreamsConfig(AppConfig):
    name = "streams"
    verbose_name = "Programme and stages"

    def ready(self) -> None:
        from dataclasses import replace

        from live.registry import RoomDetail, register_room_detail, register_room_kind
        from streams import call_handlers, call_reach, handlers, media, packaging, protocol, reactions, selectors
        from streams.permissions import STAGE

        protocol.register()
        reactions.register()
        call_handlers.register()
        call_reach.install()
        media.install_loopback_candidates()
        packaging.install()
        # The stage's media of a connection is closed when it leaves the room or disconnects.
        register_room_kind(replace(STAGE, on_leave=handlers.on_leave))
        # Event moderators moderate its stages: a role that ends reaches open sockets.
        from live.access import watch_rights
        from streams.models import EventModerator

        watch_rights(EventModerator)
        register_room_detail(
            RoomDetail(
                "session_id", int | None, "The programme session staged in this room.", selectors.room_session_id
            )
        )
