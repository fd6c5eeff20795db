"""The competition app's JSON API (mounted by config/api.py under /api/; docs/competition.md,
"API", and docs/api.md). One router per part of the competition:

teams.py     the competition, rounds' published results, applications and their materials
judges.py    judges' assignments, conflicts, the judge's queue, score sheets, the audit
rankings.py  the organizers' ranking, advancement, publishing, the XLSX exports
stage.py     the final's stage: the pitch on stage, the live scores, the state for a page

Refusals in the one error shape (live/http_api.py): `application_incomplete`, `not_eligible`
(per field), `judge_conflict`, `score_late`, `not_a_judge`, … (competition/errors.py)."""

from ninja import Router

from competition.api import judges, rankings, stage, teams

router = Router(tags=["competition"])
for part in (teams, judges, rankings, stage):
    router.add_router("", part.router)
