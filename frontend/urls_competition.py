"""The competition pages (in the `frontend` namespace, included by frontend/urls.py before the
exhibition's catch-all). Views in frontend/views/competition*.py, templates in
frontend/templates/competition/."""

from django.urls import path

from frontend.views import competition, competition_judging

pages: list = [
    path("competition/", competition.competition_index, name="competition-index"),
    path("competition/rounds/<int:pk>/apply/", competition.apply_page, name="competition-apply"),
    path("competition/rounds/<int:pk>/judge/", competition_judging.judge_page, name="competition-judge"),
    path("competition/rounds/<int:pk>/console/", competition_judging.console_page, name="competition-console"),
    path("competition/<slug:slug>/", competition.competition_page, name="competition"),
]
