from django.apps import AppConfig


class HallsConfig(AppConfig):
    name = "halls"
    verbose_name = "Virtual exhibition"

    def ready(self) -> None:
        from accounts.contacts import register_contact_rule
        from halls import protocol
        from halls.roomkind import BOOTH
        from halls.rules import booth_contacts
        from halls.staffroom import EXHIBITOR
        from halls.uploads import register_upload_guards
        from live.registry import register_room_kind

        register_room_kind(BOOTH)
        register_room_kind(EXHIBITOR)
        protocol.register()
        register_contact_rule(booth_contacts)
        register_upload_guards()
