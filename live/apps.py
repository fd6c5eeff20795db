from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = "Live rooms"

    def ready(self) -> None:
        # Importing the handlers registers the built-in commands.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_out
        from django.db.models.signals import post_delete, post_save

        from accounts.models import ApiToken
        from live import access, backlog, handlers, privacy, replay  # noqa: F401
        from live.models import RoomRole

        # Rights changes reach open sockets (live.access); apps watch their own rights' models.
        access.watch_rights(RoomRole)
        # A revoked (or deleted) token, a logout: the sockets they opened are closed.
        access.watch_rights(ApiToken)
        user_logged_out.connect(access.signed_out, dispatch_uid="live.access.signed_out")
        post_save.connect(access.account_saved, sender=get_user_model(), dispatch_uid="live.access.account_saved")
        post_delete.connect(access.account_deleted, sender=get_user_model(), dispatch_uid="live.access.account_deleted")
        privacy.register()
        backlog.quiet_autobahn_debug_logs()
