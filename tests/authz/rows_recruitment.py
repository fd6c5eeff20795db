"""The recruitment app's rows of the authorization table (merged into tests/authz/table.py; the
columns and shorthands are there). One file per app, so that apps built side by side do not
edit the same lines."""

from __future__ import annotations

from tests.authz.table import LOGGED_IN, MODERATORS_PAST_THE_RIGHT, PUBLIC

NOBODY_FINDS = "404 404 404 404 404 404 404 404"
LOGGED_IN_404 = "401 404 404 404 404 404 404 401"  # the ids name nothing (another's job is 404 too)
LOGGED_IN_200 = "401 200 200 200 200 200 200 401"
LOGGED_IN_422 = "401 422 422 422 422 422 422 401"  # an empty body
ORGANIZERS_404 = "401 403 403 403 403 404 403 401"  # the zone or place named does not exist

# The table's slug is a hall's: no zone has it. The ids (job, place, card) name nothing.
ROUTES: dict[tuple[str, str], str] = {
    ("GET", "api/recruitment/zones"): PUBLIC,
    ("POST", "api/recruitment/zones"): "401 403 403 403 403 400 403 401",  # empty body: no name
    ("GET", "api/recruitment/zones/<slug>"): NOBODY_FINDS,
    ("PATCH", "api/recruitment/zones/<slug>"): ORGANIZERS_404,
    # The body's required fields are checked before the right (as ninja does): 422 for all.
    ("PUT", "api/recruitment/zones/<slug>/policy-talks"): LOGGED_IN_422,
    ("POST", "api/recruitment/zones/<slug>/city-cards"): LOGGED_IN_422,
    ("DELETE", "api/recruitment/zones/<slug>/city-cards/<int:card_id>"): ORGANIZERS_404,
    ("GET", "api/recruitment/zones/<slug>/employers"): ORGANIZERS_404,
    ("POST", "api/recruitment/zones/<slug>/join"): LOGGED_IN_422,
    ("POST", "api/recruitment/employers/<int:place_id>/admit"): ORGANIZERS_404,
    ("POST", "api/recruitment/employers/<int:place_id>/refuse"): ORGANIZERS_404,
    ("GET", "api/recruitment/jobs"): PUBLIC,
    ("GET", "api/recruitment/jobs/<int:job_id>"): NOBODY_FINDS,
    ("GET", "api/recruitment/my/jobs"): LOGGED_IN_200,  # each sees their organisations' own
    ("POST", "api/recruitment/my/jobs"): LOGGED_IN_422,
    ("GET", "api/recruitment/my/jobs/<int:job_id>"): LOGGED_IN_404,
    ("PATCH", "api/recruitment/my/jobs/<int:job_id>"): LOGGED_IN_404,
    ("POST", "api/recruitment/my/jobs/<int:job_id>/publish"): LOGGED_IN_404,
    ("POST", "api/recruitment/my/jobs/<int:job_id>/close"): LOGGED_IN_404,
    ("GET", "api/recruitment/my/zones"): LOGGED_IN_200,
    # ---- pages (pk names a booth, not a job: nobody finds it; org_id is own_staff's organisation)
    ("GET", "jobs/"): PUBLIC,
    ("GET", "jobs/board/"): PUBLIC,
    ("GET", "jobs/fairs/<slug:slug>/"): NOBODY_FINDS,
    ("GET", "jobs/<int:pk>/"): NOBODY_FINDS,
    ("GET", "jobs/employer/"): "302 200 200 200 200 200 200 302",  # each their organisations' own
    ("GET", "jobs/employer/<int:org_id>/new/"): "302 404 404 200 404 404 404 302",
    ("POST", "jobs/employer/<int:org_id>/new/"): "302 404 404 200 404 404 404 302",  # the form again, with errors
    ("GET", "jobs/employer/jobs/<int:pk>/"): "302 404 404 404 404 404 404 302",
    ("POST", "jobs/employer/jobs/<int:pk>/"): "302 404 404 404 404 404 404 302",
    ("POST", "jobs/employer/jobs/<int:pk>/<slug:action>/"): "302 404 404 404 404 404 404 302",
    ("POST", "jobs/employer/fairs/<slug:slug>/join/"): "302 404 404 404 404 404 404 302",
    ("GET", "jobs/organizer/"): "302 403 403 403 403 200 403 302",
    ("POST", "jobs/organizer/requests/<int:place_id>/<slug:decision>/"): "302 403 403 403 403 404 403 302",
}

# socket commands: name -> answers per role (as SOCKET_TABLE). The table's stage is no
# recruitment livestream: its moderators get past the right to invalid_state.
SOCKET: dict[str, str] = {
    "stage.pin_job": MODERATORS_PAST_THE_RIGHT,
    "stage.unpin_job": MODERATORS_PAST_THE_RIGHT,
}

# ---- rec-apply: candidates, résumés, applications, invitations, interviews. The world holds
# no recruitment objects: every id names nothing (404 for all; an empty body that the schema
# refuses is 422 first). Each person's own lists are theirs (200).
_NONE = "401 404 404 404 404 404 404 401"
_UNPROCESSABLE = "401 422 422 422 422 422 422 401"
ROUTES.update(
    {
        ("GET", "api/recruitment/me/profile"): LOGGED_IN,
        ("PATCH", "api/recruitment/me/profile"): LOGGED_IN,  # an empty PATCH changes nothing
        ("GET", "api/recruitment/me/resumes"): LOGGED_IN,
        ("POST", "api/recruitment/me/resumes"): _UNPROCESSABLE,  # no file
        ("GET", "api/recruitment/me/resumes/<int:pk>"): _NONE,
        ("PATCH", "api/recruitment/me/resumes/<int:pk>"): _NONE,
        ("DELETE", "api/recruitment/me/resumes/<int:pk>"): _NONE,
        ("GET", "api/recruitment/me/resumes/<int:pk>/file"): _NONE,
        ("GET", "api/recruitment/me/resume-downloads"): LOGGED_IN,
        ("GET", "api/recruitment/me/applications"): LOGGED_IN,
        ("POST", "api/recruitment/jobs/<int:pk>/apply"): _NONE,
        ("GET", "api/recruitment/applications/<int:pk>"): _NONE,
        ("POST", "api/recruitment/applications/<int:pk>/withdraw"): _NONE,
        ("POST", "api/recruitment/applications/<int:pk>/move"): _UNPROCESSABLE,  # no status
        ("GET", "api/recruitment/applications/<int:pk>/resume"): _NONE,
        ("POST", "api/recruitment/applications/<int:pk>/interviews"): _UNPROCESSABLE,  # no slots
        ("PATCH", "api/recruitment/applications/interviews/<int:pk>"): _NONE,
        ("GET", "api/recruitment/employer/applications"): LOGGED_IN,  # each their organisations' own
        ("POST", "api/recruitment/employer/applications/bulk"): _UNPROCESSABLE,
        ("GET", "api/recruitment/employer/talent"): _UNPROCESSABLE,  # no organisation named
        ("GET", "api/recruitment/employer/talent/<int:user_id>/resume"): _UNPROCESSABLE,
        ("GET", "api/recruitment/invitations"): LOGGED_IN,
        ("POST", "api/recruitment/invitations"): _UNPROCESSABLE,
        ("POST", "api/recruitment/invitations/<int:pk>/accept"): _NONE,
        ("POST", "api/recruitment/invitations/<int:pk>/decline"): _NONE,
        ("POST", "api/recruitment/invitations/<int:pk>/withdraw"): _NONE,
    }
)
# rec-apply's pages: a guest goes to the log-in page; the forms answer with a redirect back
# (their refusals as messages), the profile form with its errors (400 for an empty form).
_PAGE = "302 200 200 200 200 200 200 302"
_BACK = "302 302 302 302 302 302 302 302"
ROUTES.update(
    {
        ("GET", "recruitment/me/"): _PAGE,
        ("POST", "recruitment/me/"): "302 400 400 400 400 400 400 302",
        ("POST", "recruitment/me/resumes/"): _BACK,
        ("GET", "recruitment/me/applications/"): _PAGE,
        ("POST", "recruitment/me/applications/<int:pk>/withdraw/"): _BACK,
        ("GET", "recruitment/me/invitations/"): _PAGE,
        ("POST", "recruitment/me/invitations/<int:pk>/answer/"): _BACK,
        ("GET", "recruitment/me/apply/<int:pk>/"): "302 404 404 404 404 404 404 302",
        ("POST", "recruitment/me/apply/<int:pk>/"): _BACK,
        ("GET", "recruitment/employer/applications/"): _PAGE,
        ("POST", "recruitment/employer/applications/bulk/"): _BACK,
        ("POST", "recruitment/employer/applications/<int:pk>/"): _BACK,
        ("GET", "recruitment/employer/talent/"): _PAGE,
        ("POST", "recruitment/employer/talent/invite/"): _BACK,
    }
)

# ---- statistics (rec-live): an employer's figures for its staff and the organizers (another
# organisation's do not exist for you); the fairs' for the organizers
EMPLOYER_STATS = "401 404 404 200 404 200 404 401"
EMPLOYER_STATS_PAGE = "302 404 404 200 404 200 404 302"
ROUTES.update(
    {
        ("GET", "api/recruitment/stats/organisations/<int:org_id>"): EMPLOYER_STATS,
        ("GET", "api/recruitment/stats/organisations/<int:org_id>.csv"): EMPLOYER_STATS,
        ("GET", "api/recruitment/stats/organisations/<int:org_id>.xlsx"): EMPLOYER_STATS,
        ("GET", "api/recruitment/stats/fairs"): "401 403 403 403 403 200 403 401",
        ("GET", "api/recruitment/stats/fairs.csv"): "401 403 403 403 403 200 403 401",
        ("GET", "api/recruitment/stats/fairs.xlsx"): "401 403 403 403 403 200 403 401",
        ("GET", "recruitment/employer/<int:org_id>/statistics/"): EMPLOYER_STATS_PAGE,
        ("GET", "recruitment/organizer/statistics/"): "302 403 403 403 403 200 403 302",
        ("GET", "lib/chart.js/<str:name>"): "404 404 404 404 404 404 404 404",
    }
)

# ---- rec-match: ranked matches. My own list is mine (200, [] without a profile); a job's
# candidates are for its organisation's staff: the world holds no job, so 404 for everyone.
ROUTES.update(
    {
        ("GET", "api/recruitment/me/matches"): LOGGED_IN,
        ("GET", "api/recruitment/jobs/<int:pk>/candidates"): _NONE,
    }
)

# ---- 直播带岗 (rec-live): the table's stage is no recruitment livestream, so whoever is logged
# in gets past the right to invalid_state; the counts are for the stage's hosts only.
SOCKET.update(
    {
        "stage.apply_job": "auth_required " + "invalid_state " * 6 + "auth_required",
        "stage.job_applications": MODERATORS_PAST_THE_RIGHT,
    }
)
ROUTES[("POST", "api/recruitment/stages/<slug>/jobs/<int:job_id>/apply")] = "401 404 404 404 404 404 404 401"
