"""The recruitment pages (in the `frontend` namespace, included by frontend/urls.py before the
exhibition's catch-all). Views in frontend/views/recruitment*.py, templates in
frontend/templates/recruitment/."""

from django.urls import path

from frontend.views import recruitment, recruitment_employer, recruitment_organizer
from frontend.views import recruitment_candidates as candidates
from frontend.views import recruitment_employer_applications as employer

pages: list = [
    # ---- job fairs and jobs (rec-jobs)
    path("jobs/", recruitment.fairs_index, name="recruitment"),
    path("jobs/board/", recruitment.board_page, name="recruitment-job-board"),
    path("jobs/fairs/<slug:slug>/", recruitment.zone_page, name="recruitment-zone"),
    path("jobs/<int:pk>/", recruitment.job_page, name="recruitment-job"),
    path("jobs/employer/", recruitment_employer.employer_page, name="recruitment-employer"),
    path("jobs/employer/<int:org_id>/new/", recruitment_employer.job_new, name="recruitment-job-new"),
    path("jobs/employer/jobs/<int:pk>/", recruitment_employer.job_edit, name="recruitment-job-edit"),
    path("jobs/employer/jobs/<int:pk>/<slug:action>/", recruitment_employer.job_action, name="recruitment-job-action"),
    path("jobs/employer/fairs/<slug:slug>/join/", recruitment_employer.join_zone, name="recruitment-join"),
    path("jobs/organizer/", recruitment_organizer.organizer_page, name="recruitment-organizer"),
    path(
        "jobs/organizer/requests/<int:place_id>/<slug:decision>/",
        recruitment_organizer.decide,
        name="recruitment-decide",
    ),
]

# ---- candidates and applications (rec-apply)
pages += [
    path("recruitment/me/", candidates.my_profile, name="recruitment-me"),
    path("recruitment/me/resumes/", candidates.resume_action, name="recruitment-resume-action"),
    path("recruitment/me/applications/", candidates.my_applications, name="recruitment-my-applications"),
    path(
        "recruitment/me/applications/<int:pk>/withdraw/", candidates.withdraw, name="recruitment-application-withdraw"
    ),
    path("recruitment/me/invitations/", candidates.my_invitations, name="recruitment-my-invitations"),
    path(
        "recruitment/me/invitations/<int:pk>/answer/",
        candidates.answer_invitation,
        name="recruitment-invitation-answer",
    ),
    path("recruitment/me/apply/<int:pk>/", candidates.apply_to_job, name="recruitment-apply"),
    path("recruitment/employer/applications/", employer.board, name="recruitment-board"),
    path("recruitment/employer/applications/bulk/", employer.bulk, name="recruitment-board-bulk"),
    path("recruitment/employer/applications/<int:pk>/", employer.act, name="recruitment-board-act"),
    path("recruitment/employer/talent/", employer.talent_pool, name="recruitment-talent"),
    path("recruitment/employer/talent/invite/", employer.invite, name="recruitment-talent-invite"),
]


# ---- statistics (rec-live)
from frontend.views import recruitment_stats  # noqa: E402

pages += [
    path(
        "recruitment/employer/<int:org_id>/statistics/",
        recruitment_stats.employer_statistics,
        name="recruitment-employer-statistics",
    ),
    path("recruitment/organizer/statistics/", recruitment_stats.organizer_statistics, name="recruitment-statistics"),
]
