from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "frontend"

    def ready(self) -> None:
        # Stage reactions (streams/reactions.py) exist for the stage player; registered here so
        # that streams' own app config stays as it is (see docs/client.md, "Stage").
        from streams import reactions

        reactions.register()
