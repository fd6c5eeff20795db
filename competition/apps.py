from django.apps import AppConfig


class CompetitionConfig(AppConfig):
    name = "competition"
    verbose_name = "The innovation and entrepreneurship competition: tracks, rounds, judging"

    def ready(self) -> None:
        from competition import notices, protocol, search_sources, uploads

        # The final's frames on its stage and the app's error codes (docs/protocol.md).
        protocol.register()
        # The pitch deck's upload endpoints, judged before the body is read.
        uploads.register_upload_guards()
        # What teams hear of (notifications' kinds, each with its e-mail preference).
        notices.register_kinds()
        # Rounds and the published teams in the one search box.
        search_sources.register()
