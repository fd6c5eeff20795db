"""The activities pages (in the `frontend` namespace, included by frontend/urls.py before the
exhibition's catch-all). Views in frontend/views/activities*.py, templates in
frontend/templates/activities/."""

from django.urls import path

from frontend.views import activities

pages: list = [
    path("subvenues/", activities.subvenue_list, name="subvenues"),
    path("subvenues/<slug:slug>/", activities.subvenue_page, name="subvenue"),
]

# Project roadshows (项目推介会)
from frontend.views import activities_roadshow  # noqa: E402

pages += [
    path("roadshows/<int:session_id>/", activities_roadshow.roadshow_page, name="roadshow"),
    path("roadshows/<int:session_id>/report/", activities_roadshow.report_page, name="roadshow-report"),
    path(
        "roadshows/<int:session_id>/pitches/<int:pitch_id>/media/",
        activities_roadshow.pitch_media_page,
        name="roadshow-pitch-media",
    ),
]

# Expert consultations (考察指导)
from frontend.views import activities_consultations as consult  # noqa: E402

pages += [
    path("consultations/", consult.my_cases, name="consultations"),
    path("consultations/new/", consult.submit_page, name="consultation-submit"),
    path("consultations/queue/", consult.queue_page, name="consultation-queue"),
    path("consultations/<int:case_id>/", consult.case_page, name="consultation"),
    path(
        "consultations/<int:case_id>/documents/<int:document_id>/",
        consult.document_download,
        name="consultation-document",
    ),
]
