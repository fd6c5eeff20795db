"""Expert consultations (考察指导): a company or institute submits a technical problem; the
organizers (the conference's, or the case's sub-venue's) match foreign experts; a scheduled
video consultation (a meetings.Meeting of the submitter and the experts); a written summary;
both sides' ratings. The case moves through TRANSITIONS only; its history is kept."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Interest, OrganisationMembership
from activities import rights
from activities.models import Case, CaseDocument, CaseExpert, CaseRating, CaseTransition, SubVenue
from activities.subvenues import _line, _text
from live.errors import LiveError
from live.protocol import ErrorCode

S = Case.State
# action -> (the states it may start from, the state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "match": (frozenset({S.SUBMITTED, S.MATCHED}), S.MATCHED),
    "schedule": (frozenset({S.MATCHED}), S.SCHEDULED),
    "hold": (frozenset({S.SCHEDULED}), S.HELD),
    "close": (frozenset({S.HELD}), S.CLOSED),
}
LANGUAGES = frozenset({"zh", "en", "de", "fr", "ja", "ko", "ru", "es"})
MAX_EXPERTS = 4


def _move(case: Case, action: str, by) -> None:
    sources, target = TRANSITIONS[action]
    if case.state not in sources:
        raise LiveError(
            ErrorCode.INVALID_STATE,
            f"A case that is {case.state} cannot be {action}ed (from: {', '.join(sorted(sources))}).",
        )
    CaseTransition.objects.create(case=case, from_state=case.state, to_state=target, by=by)
    case.state = target
    case.updated_at = timezone.now()
    case.save(update_fields=["state", "updated_at"])


def is_participant(user, case: Case) -> bool:
    return bool(user.is_authenticated and (case.submitter_id == user.pk or case.experts.filter(user=user).exists()))


def in_submitting_organisation(user, case: Case) -> bool:
    """The submitter's colleagues (members of the organisation the case is for) follow it too."""
    return bool(
        user.is_authenticated
        and OrganisationMembership.objects.filter(user=user, organisation_id=case.organisation_id).exists()
    )


def case_for(user, case_id: int, *, lock: bool = False) -> Case:
    """The case for its submitter and the members of its organisation, its experts and its
    organizers (the conference's, or its sub-venue's); 404 for anyone else."""
    rights.require_login(user)
    found = Case.objects.select_for_update() if lock else Case.objects
    case = found.filter(pk=case_id).first()
    if case is None or not (
        is_participant(user, case)
        or rights.can_organize(user, case.subvenue_id)
        or in_submitting_organisation(user, case)
    ):
        raise LiveError(ErrorCode.NOT_FOUND, f"No case {case_id}.")
    return case


def may_add_documents(user, case: Case) -> bool:
    return case.submitter_id == user.pk or rights.can_organize(user, case.subvenue_id)


def document_for(user, case_id: int, document_id: int) -> CaseDocument:
    """A document of the case, for whoever may see the case (case_for); 404 otherwise."""
    case = case_for(user, case_id)
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No document {document_id} in case {case_id}.")
    return document


def _organized(by, case_id: int) -> Case:
    case = case_for(by, case_id, lock=True)
    rights.require_organizer(by, case.subvenue_id)
    return case


@transaction.atomic
def submit(*, by, organisation_id: int, field: str, title: str, description: str, languages, confidentiality: str,
           subvenue: str | None = None) -> Case:  # fmt: skip
    rights.require_login(by)
    if not OrganisationMembership.objects.filter(user=by, organisation_id=organisation_id).exists():
        raise LiveError(ErrorCode.FORBIDDEN, "Submit for an organisation you belong to.")
    interest = Interest.objects.filter(slug=field or "").first()
    if interest is None:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'field': a field of the taxonomy (its slug).")
    codes = [c for c in (languages or []) if isinstance(c, str)]
    if not codes or set(codes) - LANGUAGES or len(codes) != len(languages or []):
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'languages': one or more of {', '.join(sorted(LANGUAGES))}.")
    if confidentiality not in Case.Confidentiality.values:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'confidentiality': open or confidential.")
    venue = None
    if subvenue:
        venue = SubVenue.objects.filter(slug=subvenue).first()
        if venue is None:
            raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'subvenue': no sub-venue {subvenue!r}.")
    description = _text("description", description, limit=10000)
    if not description:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'description': describe the problem.")
    case = Case.objects.create(
        submitter=by,
        organisation_id=organisation_id,
        subvenue=venue,
        field=interest,
        title=_line("title", title, required=True),
        description=description,
        languages=",".join(dict.fromkeys(codes)),
        confidentiality=confidentiality,
    )
    CaseTransition.objects.create(case=case, from_state="", to_state=S.SUBMITTED, by=by)
    return case


@transaction.atomic
def match_experts(*, by, case_id: int, expert_ids: list[int]) -> Case:
    case = _organized(by, case_id)
    ids = list(dict.fromkeys(i for i in expert_ids or [] if isinstance(i, int)))
    if not 1 <= len(ids) <= MAX_EXPERTS:
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'expert_ids': one to {MAX_EXPERTS} experts.")
    if case.submitter_id in ids:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'expert_ids': not the submitter.")
    experts = list(get_user_model().objects.filter(pk__in=ids, is_active=True))
    if len(experts) != len(ids):
        raise LiveError(ErrorCode.NOT_FOUND, "field 'expert_ids': no such user.")
    _move(case, "match", by)
    for expert in experts:
        CaseExpert.objects.get_or_create(case=case, user=expert)
    return case


@transaction.atomic
def schedule(*, by, case_id: int, slots) -> Case:
    """The video consultation: a meeting of the submitter and the experts (meetings.services)."""
    from meetings import services as meetings

    case = _organized(by, case_id)
    sources, _target = TRANSITIONS["schedule"]
    if case.state not in sources:
        _move(case, "schedule", by)  # refuses with the transition's message
    experts = list(case.experts.values_list("user_id", flat=True))
    meeting = meetings.request_meeting(
        case.submitter,
        experts,
        topic=f"专家咨询 / Expert consultation: {case.title}"[:200],
        slots=slots,
        context={
            "kind": "consultation",
            "id": case.pk,
            "label_zh": f"专家咨询：{case.title}"[:200],
            "label_en": f"Consultation: {case.title}"[:200],
            "url": f"/api/activities/cases/{case.pk}",
        },
    )
    case.meeting = meeting
    case.save(update_fields=["meeting"])
    _move(case, "schedule", by)
    return case


@transaction.atomic
def mark_held(*, by, case_id: int) -> Case:
    case = _organized(by, case_id)
    _move(case, "hold", by)
    return case


@transaction.atomic
def close(*, by, case_id: int, summary: str) -> Case:
    """Close a held case with its written summary (kept on the case)."""
    case = _organized(by, case_id)
    text = _text("summary", summary, limit=20000)
    if not text:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'summary': the written summary of the consultation.")
    _move(case, "close", by)
    case.summary = text
    case.save(update_fields=["summary"])
    return case


@transaction.atomic
def rate(*, by, case_id: int, score: int, comment: str = "") -> CaseRating:
    """Both sides rate once the consultation was held: the submitter the experts, each expert the case."""
    case = case_for(by, case_id, lock=True)
    if case.submitter_id == by.pk:
        side = CaseRating.Side.SUBMITTER
    elif case.experts.filter(user=by).exists():
        side = CaseRating.Side.EXPERT
    else:
        raise LiveError(ErrorCode.FORBIDDEN, "Only the submitter and the matched experts rate a consultation.")
    if case.state not in (S.HELD, S.CLOSED):
        raise LiveError(ErrorCode.INVALID_STATE, "Rate the consultation once it was held.")
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'score': 1 to 5.")
    if CaseRating.objects.filter(case=case, by=by).exists():
        raise LiveError(ErrorCode.INVALID_STATE, "You rated this consultation already.")
    return CaseRating.objects.create(case=case, by=by, side=side, score=score, comment=_text("comment", comment, 2000))


@transaction.atomic
def add_document(*, by, case_id: int, upload) -> CaseDocument:
    """A document of the case (its submitter or organizers), checked by what its bytes are."""
    from matchmaking import attachments

    case = case_for(by, case_id, lock=True)
    if not may_add_documents(by, case):
        raise LiveError(ErrorCode.FORBIDDEN, "Only the submitter and the organizers add documents.")
    if case.state == S.CLOSED:
        raise LiveError(ErrorCode.INVALID_STATE, "The case is closed.")
    try:
        checked = attachments.check(upload)
    except Exception as error:  # halls.uploads refusals carry their message
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'file': {error}") from error
    document = CaseDocument(
        case=case,
        name=attachments.display_name(upload),
        content_type=checked.kind.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    document.file.save(attachments.stored_name(checked), checked.content, save=False)
    document.save()
    return document


def document_out(document: CaseDocument) -> dict[str, Any]:
    case_id = document.case_id
    return {
        "id": document.pk,
        "name": document.name,
        "size": document.size,
        "content_type": document.content_type,
        "url": f"/api/activities/cases/{case_id}/documents/{document.pk}",
    }


def case_out(case: Case, viewer) -> dict[str, Any]:
    """What the submitter, the experts and the organizers see: the state and its history, the
    documents (to the participants and organizers only: case_for refuses others)."""
    return {
        "id": case.pk,
        "title": case.title,
        "description": case.description,
        "field": case.field.slug,
        "languages": case.languages.split(","),
        "confidentiality": case.confidentiality,
        "state": case.state,
        "states": [s for s in S.values],
        "history": [{"from": t.from_state, "to": t.to_state, "at": t.at.isoformat()} for t in case.transitions.all()],
        "experts": [e.user_id for e in case.experts.all()],
        "meeting_id": case.meeting_id,
        "summary": case.summary,
        "documents": [document_out(d) for d in case.documents.order_by("pk")],
        "ratings": [{"side": r.side, "score": r.score} for r in case.ratings.order_by("pk")],
        "subvenue": case.subvenue.slug if case.subvenue_id else None,
    }


def _organized_check(by, case_id: int) -> None:
    """Refuse (404, then 403) before the input is read: the API's order of refusals."""
    case = case_for(by, case_id)
    rights.require_organizer(by, case.subvenue_id)
