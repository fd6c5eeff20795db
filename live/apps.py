from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = "Live rooms"

    def ready(self) -> None:
        # Importing the handlers registers the built-in commands.
        from live import handlers, replay  # noqa: F401
