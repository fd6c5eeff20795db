from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = "Project matchmaking (postings, negotiation, the challenge board, imports)"

    def ready(self) -> None:
        self.ready_board()

    def ready_board(self) -> None:
        """张榜/揭榜 and the 征集表 import (mm-board's part): the import room and frame, the
        upload guards of the import and proposal endpoints, notification kinds."""
        from matchmaking import board_setup

        board_setup.register()
