from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = "Project matchmaking (postings, negotiation, the challenge board, imports)"
