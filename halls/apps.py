from django.apps import AppConfig


class HallsConfig(AppConfig):
    name = "halls"
    verbose_name = "Virtual exhibition"

    def ready(self) -> None:
        from halls.roomkind import BOOTH
        from live.registry import register_room_kind

        register_room_kind(BOOTH)
