from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = "Personal agenda (bookmarks, calendar feeds, reminders)"
