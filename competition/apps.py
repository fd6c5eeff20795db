from django.apps import AppConfig


class CompetitionConfig(AppConfig):
    name = "competition"
    verbose_name = "The innovation and entrepreneurship competition: tracks, rounds, judging"
