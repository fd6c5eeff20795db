from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications (stored, live, e-mailed by preference)"

    def ready(self) -> None:
        from live.registry import register_room_kind
        from notifications import handlers, privacy, protocol  # noqa: F401  (handlers register commands)
        from notifications.inbox import INBOX
        from notifications.kinds import register_kind

        register_room_kind(INBOX)
        protocol.register()
        privacy.register()  # its part of "download my data" / "delete my account"
        # Sent by anyone through notify() when no kind of their own fits (announcements).
        register_kind("general", label_zh="通知", label_en="General notices", email_default=False)
