from django.urls import path

from halls import views
from halls.content import media

app_name = "halls"

urlpatterns = [
    path("exhibition/api/halls/<slug:slug>/", views.hall_detail, name="hall"),
    path("exhibition/api/halls/<slug:slug>/overview/", views.overview, name="overview"),
    # Exhibitor
    path("exhibition/api/applications/", views.applications, name="applications"),
    path("exhibition/api/applications/<int:pk>/", views.application_detail, name="application"),
    path("exhibition/api/applications/<int:pk>/confirmation/", views.confirmation_document, name="confirmation"),
    path(
        "exhibition/api/applications/<int:pk>/signed-confirmation/",
        views.signed_confirmation,
        name="signed-confirmation",
    ),
    path("exhibition/api/organisations/<int:org_id>/leads/", views.organisation_leads, name="leads"),
    path(
        "exhibition/api/organisations/<int:org_id>/leads.csv",
        views.organisation_leads_export,
        {"fmt": "csv"},
        name="leads-csv",
    ),
    path(
        "exhibition/api/organisations/<int:org_id>/leads.xlsx",
        views.organisation_leads_export,
        {"fmt": "xlsx"},
        name="leads-xlsx",
    ),
    path(
        "exhibition/api/organisations/<int:org_id>/call-requests/",
        views.organisation_call_requests,
        name="call-requests",
    ),
    path("exhibition/api/leads/<int:pk>/category/", views.lead_category, name="lead-category"),
    path("exhibition/api/call-requests/<int:pk>/status/", views.call_request_status, name="call-request-status"),
    path("exhibition/api/booths/<int:pk>/stats/", views.booth_stats, name="booth-stats"),
    # Booth content (docs/exhibition.md, "Booth content"): the JSON part is halls/content/api.py.
    path("exhibition/media/<path:name>", media.serve_media, name="media"),
    # Visitors
    path("exhibition/api/booths/<int:pk>/contact/", views.booth_contact, name="booth-contact"),
    path("exhibition/api/booths/<int:pk>/call-request/", views.booth_call_request, name="booth-call-request"),
    # Organizers
    path("exhibition/api/review/applications/", views.review_list, name="review"),
    path("exhibition/api/review/applications/<int:pk>/approve/", views.review_approve, name="approve"),
    path("exhibition/api/review/applications/<int:pk>/reject/", views.review_reject, name="reject"),
    path("exhibition/api/review/applications/<int:pk>/go-live/", views.review_go_live, name="go-live"),
    path(
        "exhibition/api/review/applications/<int:pk>/signed-confirmation/",
        views.review_signed_confirmation,
        name="review-signed-confirmation",
    ),
    # 3D scene descriptors (docs/scenes.md)
    path("exhibition/scenes/hall/<slug:slug>.json", views.scene_hall, name="scene-hall"),
    path("exhibition/scenes/booth/<int:pk>.json", views.scene_booth, name="scene-booth"),
]
