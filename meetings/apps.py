from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Scheduled meetings (1:1 and small groups, on the calls of streams)"
