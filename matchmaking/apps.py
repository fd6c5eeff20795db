from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = "Project matchmaking (postings, negotiation, the challenge board, imports)"

    def ready(self) -> None:
        self.ready_core()
        self.ready_board()

    def ready_core(self) -> None:
        """Postings, conversations, ratings (mm-core's part): notification kinds, the search
        source, privacy, the upload guards of attachments."""
        from accounts import limits
        from matchmaking import attachments, notices, privacy, search_source

        # Conversations a person opens (each notifies the poster's organisation).
        limits.DEFAULT_RATES.setdefault("matchmaking_response", "30/3600")
        notices.register_kinds()
        search_source.register()
        privacy.register()
        attachments.register_upload_guards()

    def ready_board(self) -> None:
        """张榜/揭榜 and the 征集表 import (mm-board's part): the import room and frame, the
        upload guards of the import and proposal endpoints, notification kinds."""
        from matchmaking import board_setup

        board_setup.register()
