from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Theme activities: partner sub-venues, project roadshows, expert consultations"
