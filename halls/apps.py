from django.apps import AppConfig


class HallsConfig(AppConfig):
    name = "halls"
