from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Scheduled meetings (1:1 and small groups, on the calls of streams)"

    def ready(self) -> None:
        from django.apps import apps

        from accounts.contacts import register_contact_rule
        from live.registry import register_error_codes, register_room_kind
        from meetings import errors, messages, protocol, roomkind

        if apps.is_installed("streams"):
            # The join command rides on streams' calls (without streams: no call, the rest works).
            from meetings import handlers  # noqa: F401 (registers the command)
        from meetings.selectors import met_in_meetings

        register_room_kind(roomkind.MEETING)
        protocol.register()
        register_error_codes(
            errors.DESCRIPTIONS,
            app="meetings",
            extras={
                errors.TOO_MANY_PEOPLE: ("limit",),
                errors.TOO_MANY_SLOTS: ("limit",),
                errors.OUTSIDE_AVAILABILITY: ("user_id",),
                errors.DOUBLE_BOOKED: ("user_id",),
            },
        )
        # Participants of a confirmed meeting may ring each other (the join button's call).
        register_contact_rule(met_in_meetings)
        messages.register_kinds()
        try:
            from accounts.privacy import register_erasure, register_export
        except ImportError:
            return
        from meetings.selectors import export_user_data
        from meetings.services import delete_user_data

        register_export("meetings", export_user_data)
        register_erasure(delete_user_data)
