from django.apps import AppConfig


class NetworkingConfig(AppConfig):
    name = "networking"
    verbose_name = "Networking (attendee directory, business cards, direct messages)"

    def ready(self) -> None:
        from live.registry import register_room_kind
        from networking import notices, privacy
        from networking.roomkind import DM

        register_room_kind(DM)
        notices.register_kinds()
        privacy.register()
