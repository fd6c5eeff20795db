from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = "Online recruitment (job fairs, jobs, résumés, applications, interviews)"
