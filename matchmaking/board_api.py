"""The challenge board's and the import's JSON API (mounted in matchmaking/api.py under
/api/matchmaking/): docs/matchmaking.md, "API of the board and the import". Refusals in the
one error shape (live/http_api.py); ids of what the caller may not see are 404."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from live.http_api import ApiError, caller, errors, session_auth
from matchmaking import board_selectors as sel
from matchmaking import challenges
from matchmaking.imports import queue
from matchmaking.imports import services as imports
from matchmaking.imports.template import build_template
from matchmaking.models import ImportJob, Posting
from translation.schemas import ShownOut
from translation.selectors import add_shown

router = Router(tags=["matchmaking: challenges and imports"])
READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 422)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProposalOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    organisation_en: str
    text: str
    team: str
    timeline: str
    status: str
    created_at: str
    conversation_id: int | None
    attachments: list[dict]
    # In the reader's language (docs/translation.md); in the challenge's proposal_list.
    text_shown: ShownOut | None = None
    team_shown: ShownOut | None = None
    timeline_shown: ShownOut | None = None


class ChallengeOut(Schema):
    id: int
    posting_id: int
    title: str
    title_en: str
    body: str
    body_en: str
    kind: str
    organisation_id: int
    organisation: str
    organisation_en: str
    deadline: str
    status: str = Field(description="open, under_review, matched or closed (as the board shows it).")
    proposals: int = Field(description="How many proposals were sent.")
    url: str
    # In the reader's language (docs/translation.md).
    title_shown: ShownOut | None = None
    body_shown: ShownOut | None = None


class ChallengeDetailOut(ChallengeOut):
    you: dict
    proposal_list: list[ProposalOut]


class FeatureIn(Schema):
    posting_id: int = Field(..., ge=1)
    deadline: dt.datetime


class ChallengeQuery(Schema):
    status: str = Field("", max_length=20, pattern=r"^(|open|under_review|matched|closed)$")


@router.get("/matchmaking/challenges", url_name="mm-challenges", response={200: list[ChallengeOut], **READ})
def challenge_list(request: HttpRequest, query: Query[ChallengeQuery]):
    """The public challenge board (张榜), open ones first; `status` filters as shown."""
    outs = [sel.challenge_out(c, count, status) for c, count, status in challenges.board(query.status)]
    add_shown(outs, ("title", "body"))
    return outs


@router.post(
    "/matchmaking/challenges", url_name="mm-challenge-feature", auth=session_auth, response={200: ChallengeOut, **WRITE}
)
def feature(request: HttpRequest, data: FeatureIn):
    """Organizers: put a published, public posting on the board with a deadline."""
    user = caller(request)
    if not challenges.is_organizer(user):
        raise ApiError(403, "forbidden", "Only organizers put postings on the challenge board. 只有组织方可以张榜。")
    posting = Posting.objects.get(pk=data.posting_id)
    challenge = challenges.feature(user, posting, data.deadline)
    return sel.challenge_out(challenge)


@router.get("/matchmaking/challenges/{int:pk}", url_name="mm-challenge", response={200: ChallengeDetailOut, **READ})
def challenge_detail(request: HttpRequest, pk: int):
    """One challenge, with the proposals you may see (the poster and organizers: all; a
    proposer: its own) and what you may do (`you`)."""
    user = caller(request)
    challenge = challenges.visible_challenge(pk)
    return sel.challenge_detail(user, challenge)


@router.post(
    "/matchmaking/challenges/{int:pk}/proposals",
    url_name="mm-propose",
    auth=session_auth,
    response={201: ProposalOut, **WRITE},
)
def propose(request: HttpRequest, pk: int):
    """揭榜: a multipart form: `organisation_id`, `text`, `team`, `timeline`, up to three
    `attachments` (PDF, PNG, JPEG; judged by their content)."""
    user = caller(request)
    challenge = challenges.visible_challenge(pk)
    try:
        org_id = int(request.POST.get("organisation_id") or 0)
    except ValueError:
        org_id = 0
    organisation = challenges.my_organisations(user).filter(pk=org_id).first()
    if organisation is None:
        raise ApiError(
            400,
            "invalid_fields",
            "Choose one of your organisations. 请选择您所在的机构。",
            {"organisation_id": ["required"]},
        )
    proposal = challenges.propose(
        user,
        challenge,
        organisation=organisation,
        text=request.POST.get("text", ""),
        team=request.POST.get("team", ""),
        timeline=request.POST.get("timeline", ""),
        attachments=request.FILES.getlist("attachments"),
    )
    return Status(201, sel.proposal_out(proposal))


@router.post(
    "/matchmaking/challenges/{int:pk}/close",
    url_name="mm-challenge-close",
    auth=session_auth,
    response={200: ChallengeOut, **WRITE},
)
def close(request: HttpRequest, pk: int):
    """The poster or organizers close a challenge that is not matched."""
    user = caller(request)
    challenge = challenges.visible_challenge(pk)
    if not (challenges.is_organizer(user) or challenges.is_poster(user, challenge)):
        raise ApiError(
            403, "forbidden", "Only the poster or the organizers close a challenge. 只有发榜方或组织方可以关闭。"
        )
    return sel.challenge_out(challenges.close(user, challenge))


def _decide(request: HttpRequest, pk: int, action) -> dict:
    user = caller(request)
    proposal = challenges.proposal_for(user, pk)  # 404 for who may not see it
    return sel.proposal_out(action(user, proposal.pk))


@router.post(
    "/matchmaking/proposals/{int:pk}/shortlist",
    url_name="mm-shortlist",
    auth=session_auth,
    response={200: ProposalOut, **WRITE},
)
def shortlist(request: HttpRequest, pk: int):
    """The poster shortlists a submitted proposal (the challenge is under review)."""
    return _decide(request, pk, challenges.shortlist)


@router.post(
    "/matchmaking/proposals/{int:pk}/decline",
    url_name="mm-decline",
    auth=session_auth,
    response={200: ProposalOut, **WRITE},
)
def decline(request: HttpRequest, pk: int):
    """The poster declines a proposal; its organisation is told."""
    return _decide(request, pk, challenges.decline)


@router.post(
    "/matchmaking/proposals/{int:pk}/choose",
    url_name="mm-choose",
    auth=session_auth,
    response={200: ProposalOut, **WRITE},
)
def choose(request: HttpRequest, pk: int):
    """The poster chooses a proposal: the challenge is matched, the other proposals declined."""
    return _decide(request, pk, challenges.choose)


@router.get(
    "/matchmaking/proposals/{int:pk}/attachments/{int:item_id}",
    url_name="mm-proposal-file",
    response={200: None, **READ},
)
def attachment(request: HttpRequest, pk: int, item_id: int):
    """A proposal's file, for those who may see the proposal."""
    proposal = challenges.proposal_for(caller(request), pk)
    item = proposal.attachments.get(pk=item_id)
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=True, filename=item.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- imports


class ImportOut(Schema):
    id: int
    filename: str
    file_format: str
    mode: str
    status: str
    total: int
    processed: int
    created: int
    updated: int
    skipped: int
    error_rows: int
    errors: int
    message: str
    room: str = Field(description="Join it on the socket for `import.progress`.")
    report_url: str | None
    created_at: str
    finished_at: str | None


class ImportDetailOut(ImportOut):
    problems: list[dict] = Field(description="The first problems: sheet, row, column, code, message, message_en.")


class StartIn(Schema):
    mode: str = Field("", pattern=r"^(|all|valid_rows)$")


def _organizer(request: HttpRequest):
    user = caller(request)
    try:
        imports.require_organizer(user)
    except Exception as error:
        raise ApiError(403, "forbidden", str(error)) from None
    return user


@router.get("/matchmaking/imports/template.xlsx", url_name="mm-import-template", response={200: None})
def template(request: HttpRequest):
    """The 征集表 template (XLSX): a README sheet and one sheet per kind of posting."""
    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E5%BE%81%E9%9B%86%E8%A1%A8.xlsx"
    return response


@router.get("/matchmaking/imports", url_name="mm-imports", auth=session_auth, response={200: list[ImportOut], **READ})
def import_list(request: HttpRequest):
    """Organizers: the imports, newest first (50)."""
    _organizer(request)
    return [sel.import_out(job) for job in ImportJob.objects.all()[:50]]


@router.post("/matchmaking/imports", url_name="mm-import-upload", auth=session_auth, response={201: ImportOut, **WRITE})
def upload(request: HttpRequest):
    """Organizers: a multipart form with `file` (XLSX or CSV, ≤ 20 MB), `mode` (`all` or
    `valid_rows`), `kind` (for a CSV without a kind column) and `start` (`1`: queue it now)."""
    user = _organizer(request)
    job = imports.upload(
        user,
        request.FILES.get("file"),
        mode=request.POST.get("mode") or ImportJob.Mode.ALL,
        kind=request.POST.get("kind", ""),
    )
    if request.POST.get("start") in ("1", "true", "on"):
        job = imports.start(user, job)
    return Status(201, sel.import_out(job))


@router.get(
    "/matchmaking/imports/{int:pk}", url_name="mm-import", auth=session_auth, response={200: ImportDetailOut, **READ}
)
def import_detail(request: HttpRequest, pk: int):
    """Organizers: an import's state and its first problems (row by row, in both languages)."""
    _organizer(request)
    return sel.import_detail(ImportJob.objects.get(pk=pk))


@router.post(
    "/matchmaking/imports/{int:pk}/start",
    url_name="mm-import-start",
    auth=session_auth,
    response={200: ImportOut, **WRITE},
)
def start(request: HttpRequest, pk: int, data: StartIn):
    """Organizers: queue an uploaded import (progress on the socket, `import.progress`)."""
    user = _organizer(request)
    return sel.import_out(imports.start(user, ImportJob.objects.get(pk=pk), mode=data.mode or None))


@router.get(
    "/matchmaking/imports/{int:pk}/report.csv",
    url_name="mm-import-report",
    auth=session_auth,
    response={200: None, **READ},
)
def report(request: HttpRequest, pk: int):
    """Organizers: the result report, one line per row (created / updated / skipped / errors)."""
    _organizer(request)
    job = ImportJob.objects.get(pk=pk)
    if not job.report:
        raise ApiError(404, "not_found", "This import has no report yet. 导入尚未完成。")
    return FileResponse(
        job.report.open("rb"),
        content_type="text/csv; charset=utf-8",
        as_attachment=True,
        filename=f"import-{job.pk}-report.csv",
    )


# ---------------------------------------------------------------- the non-public queue


class MatchIn(Schema):
    counterpart_id: int | None = Field(None, ge=1)
    counterpart_text: str = Field("", max_length=200)
    note: str = Field("", max_length=4000)


@router.get("/matchmaking/queue", url_name="mm-queue", auth=session_auth, response={200: list[dict], **READ})
def queue_list(request: HttpRequest):
    """Organizers: the non-public postings (imported rows marked 否), with their manual matches."""
    _organizer(request)
    return [sel.queue_out(p) for p in queue.queue()]


@router.post(
    "/matchmaking/queue/{int:pk}/matches", url_name="mm-queue-match", auth=session_auth, response={201: dict, **WRITE}
)
def record_match(request: HttpRequest, pk: int, data: MatchIn):
    """Organizers: record a match made by hand for a non-public posting."""
    user = _organizer(request)
    posting = queue.queue().get(pk=pk)
    match = queue.record_match(
        user, posting, counterpart_id=data.counterpart_id, counterpart_text=data.counterpart_text, note=data.note
    )
    return Status(201, sel.match_out(match))


__all__ = ["router"]
