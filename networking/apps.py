from django.apps import AppConfig


class NetworkingConfig(AppConfig):
    name = "networking"
    verbose_name = "Networking (attendee directory, business cards, direct messages)"

    def ready(self) -> None:
        from live.registry import register_room_kind
        from networking import notices, privacy
        from networking.roomkind import DM

        register_room_kind(DM)
        # TEMPORARY until notifications and accounts land their interfaces on main.
        try:
            notices.register_kinds()
        except ImportError:
            pass
        try:
            privacy.register()
        except ImportError:
            pass
