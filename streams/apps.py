from django.apps import AppConfig


class StreamsConfig(AppConfig):
    name = "streams"
    verbose_name = "Programme and stages"

    def ready(self) -> None:
        from live.registry import register_room_kind
        from streams.permissions import STAGE

        register_room_kind(STAGE)
