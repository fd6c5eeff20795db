"""张榜 / 揭榜: the challenge board's writes and reads (docs/matchmaking.md).

    feature(organizer, posting, deadline)        -> a Challenge (the posting featured)
    propose(user, challenge, organisation, ...)  -> a Proposal, and the conversation between
                                                    the poster and the proposing organisation
    shortlist / decline / choose (the poster)    -> the proposers are told; choosing matches
                                                    the challenge and declines the others
    close (organizers or the poster)

Refusals: PermissionDenied (the person), ObjectDoesNotExist (not theirs to see: 404),
ValidationError with a code (the state: own_challenge, challenge_closed, deadline_passed,
already_proposed, already_matched, invalid_state)."""

from __future__ import annotations

import datetime as dt
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import Organisation, OrganisationMembership
from accounts.text import clean_text
from halls import uploads
from matchmaking.models import Conversation, Posting
from matchmaking.models.challenges import Challenge, Proposal, ProposalAttachment

Status = Challenge.Status
PStatus = Proposal.Status
MAX_ATTACHMENTS = 3
ATTACHMENT_KINDS = (uploads.PDF, uploads.PNG, uploads.JPEG)
TEXT_MAX, TEAM_MAX, TIMELINE_MAX = 10_000, 4_000, 4_000


def attachment_limit() -> int:
    return uploads.limit("MAX_DOCUMENT_BYTES")


def _refuse(message, code: str, field: str | None = None) -> ValidationError:
    text = bilingual(message)
    return ValidationError({field: [ValidationError(text, code=code)]} if field else ValidationError(text, code=code))


def is_organizer(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def member_of(user, organisation_id: int) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and OrganisationMembership.objects.filter(user=user, organisation_id=organisation_id).exists()
    )


def is_poster(user, challenge: Challenge) -> bool:
    return member_of(user, challenge.posting.organisation_id)


def effective_status(challenge: Challenge, now: dt.datetime | None = None, proposals: int | None = None) -> str:
    """What the board shows: an open challenge past its deadline is under review when it
    has proposals, else closed (no task needs to run at the deadline)."""
    now = now or timezone.now()
    if challenge.status == Status.OPEN and challenge.deadline <= now:
        count = proposals if proposals is not None else challenge.proposals.count()
        return Status.UNDER_REVIEW if count else Status.CLOSED
    return challenge.status


# ---------------------------------------------------------------- organizers


@transaction.atomic
def feature(user, posting: Posting, deadline: dt.datetime) -> Challenge:
    """张榜: put a published, public posting on the board (again: a new deadline)."""
    if not is_organizer(user):
        raise PermissionDenied(bilingual(_("Only organizers put postings on the challenge board.")))
    if posting.status != Posting.Status.PUBLISHED or posting.visibility != Posting.Visibility.PUBLIC:
        raise _refuse(_("Only a published, public posting goes on the challenge board."), "invalid_state")
    if timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline)
    if deadline <= timezone.now():
        raise _refuse(_("The deadline must be in the future."), "deadline_passed", "deadline")
    challenge, created = Challenge.objects.get_or_create(
        posting=posting, defaults={"deadline": deadline, "created_by": user}
    )
    if not created:
        if challenge.status == Status.MATCHED:
            raise _refuse(_("This challenge is matched already."), "already_matched")
        challenge.deadline, challenge.status = deadline, Status.OPEN
        challenge.save(update_fields=["deadline", "status"])
    if not posting.featured:
        Posting.objects.filter(pk=posting.pk).update(featured=True)
    return challenge


@transaction.atomic
def close(user, challenge: Challenge) -> Challenge:
    challenge = Challenge.objects.select_for_update().select_related("posting").get(pk=challenge.pk)
    if not (is_organizer(user) or is_poster(user, challenge)):
        raise PermissionDenied(bilingual(_("Only the poster or the organizers close a challenge.")))
    if challenge.status in (Status.MATCHED, Status.CLOSED):
        raise _refuse(_("This challenge is no longer open."), "challenge_closed")
    challenge.status = Status.CLOSED
    challenge.save(update_fields=["status"])
    return challenge


# ---------------------------------------------------------------- 揭榜


def _attachments(files) -> list[tuple]:
    files = [f for f in (files or []) if f is not None]
    if len(files) > MAX_ATTACHMENTS:
        raise _refuse(_("At most three attachments."), "too_many_files", "attachments")
    checked = []
    for upload in files:
        try:
            result = uploads.check(upload, ATTACHMENT_KINDS, max_bytes=attachment_limit(), what="attachment")
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}, code=error.code or "bad_type") from error
        name = clean_text(os.path.basename(str(upload.name or "attachment")), multiline=False)[-200:] or "attachment"
        checked.append((result, name))
    return checked


def conversation_for(posting: Posting, organisation: Organisation, user=None) -> Conversation:
    """mm-core's conversation between the poster and the organisation (made once)."""
    conversation, _ = Conversation.objects.get_or_create(
        posting=posting, responder=organisation, defaults={"started_by": user}
    )
    return conversation


def propose(
    user,
    challenge: Challenge,
    *,
    organisation: Organisation,
    text: str,
    team: str = "",
    timeline: str = "",
    attachments=None,
    now: dt.datetime | None = None,
) -> Proposal:
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied(bilingual(_("Please log in.")))
    if not member_of(user, organisation.pk):
        raise PermissionDenied(bilingual(_("You propose for an organisation you belong to.")))
    text, team, timeline = clean_text(text), clean_text(team), clean_text(timeline)
    errors = {}
    if not text:
        errors["text"] = [bilingual(_("Describe your proposal."))]
    for name, value, limit in (
        ("text", text, TEXT_MAX),
        ("team", team, TEAM_MAX),
        ("timeline", timeline, TIMELINE_MAX),
    ):
        if len(value) > limit:
            errors[name] = [bilingual(_("At most %(limit)s characters."), limit=limit)]
    if errors:
        raise ValidationError(errors, code="invalid")
    checked = _attachments(attachments)
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().select_related("posting").get(pk=challenge.pk)
        posting = challenge.posting
        if organisation.pk == posting.organisation_id:
            raise _refuse(_("This is your own organisation's challenge."), "own_challenge")
        if challenge.status in (Status.MATCHED, Status.CLOSED):
            raise _refuse(_("This challenge is no longer open."), "challenge_closed")
        if challenge.deadline <= (now or timezone.now()):
            raise _refuse(_("The deadline of this challenge has passed."), "deadline_passed")
        if Proposal.objects.filter(challenge=challenge, organisation=organisation).exists():
            raise _refuse(_("Your organisation has already proposed for this challenge."), "already_proposed")
        try:
            with transaction.atomic():
                proposal = Proposal.objects.create(
                    challenge=challenge,
                    organisation=organisation,
                    author=user,
                    text=text,
                    team=team,
                    timeline=timeline,
                    conversation=conversation_for(posting, organisation, user),
                )
        except IntegrityError:
            raise _refuse(_("Your organisation has already proposed for this challenge."), "already_proposed") from None
        for result, name in checked:
            attachment = ProposalAttachment(
                proposal=proposal, name=name, content_type=result.kind.content_type, size=result.size
            )
            attachment.file.save(f"{proposal.pk}.{result.kind.extension}", result.content, save=False)
            attachment.save()
        _tell_poster(proposal)
    return proposal


# ---------------------------------------------------------------- the poster decides


def _decidable(user, proposal_id: int) -> tuple[Challenge, Proposal]:
    proposal = Proposal.objects.select_related("challenge__posting").get(pk=proposal_id)
    challenge = Challenge.objects.select_for_update().select_related("posting").get(pk=proposal.challenge_id)
    if not is_poster(user, challenge):
        if member_of(user, proposal.organisation_id) or is_organizer(user):
            raise PermissionDenied(bilingual(_("Only the poster decides on proposals.")))
        raise Proposal.DoesNotExist
    if challenge.status == Status.MATCHED:
        raise _refuse(_("A proposal was chosen already: this challenge is matched."), "already_matched")
    if challenge.status == Status.CLOSED:
        raise _refuse(_("This challenge is no longer open."), "challenge_closed")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    return challenge, proposal


@transaction.atomic
def shortlist(user, proposal_id: int) -> Proposal:
    challenge, proposal = _decidable(user, proposal_id)
    if proposal.status != PStatus.SUBMITTED:
        raise _refuse(_("Only a submitted proposal can be shortlisted."), "invalid_state")
    proposal.status, proposal.decided_at = PStatus.SHORTLISTED, timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    if challenge.status == Status.OPEN:
        challenge.status = Status.UNDER_REVIEW
        challenge.save(update_fields=["status"])
    _tell_proposer(proposal, "shortlisted")
    return proposal


@transaction.atomic
def decline(user, proposal_id: int) -> Proposal:
    _challenge, proposal = _decidable(user, proposal_id)
    if proposal.status not in (PStatus.SUBMITTED, PStatus.SHORTLISTED):
        raise _refuse(_("This proposal was decided already."), "invalid_state")
    proposal.status, proposal.decided_at = PStatus.DECLINED, timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    _tell_proposer(proposal, "declined")
    return proposal


@transaction.atomic
def choose(user, proposal_id: int) -> Proposal:
    """The challenge is matched with this proposal; every other open one is declined and told."""
    challenge, proposal = _decidable(user, proposal_id)
    if proposal.status not in (PStatus.SUBMITTED, PStatus.SHORTLISTED):
        raise _refuse(_("A declined proposal cannot be chosen."), "invalid_state")
    now = timezone.now()
    proposal.status, proposal.decided_at = PStatus.CHOSEN, now
    proposal.save(update_fields=["status", "decided_at"])
    challenge.status, challenge.matched_at = Status.MATCHED, now
    challenge.save(update_fields=["status", "matched_at"])
    _tell_proposer(proposal, "chosen")
    others = Proposal.objects.select_for_update().filter(
        challenge=challenge, status__in=(PStatus.SUBMITTED, PStatus.SHORTLISTED)
    )
    for other in others.exclude(pk=proposal.pk):
        other.status, other.decided_at = PStatus.DECLINED, now
        other.save(update_fields=["status", "decided_at"])
        _tell_proposer(other, "declined")
    return proposal


# ---------------------------------------------------------------- notifications


def challenge_url(challenge: Challenge) -> str:
    return f"/matchmaking/challenges/{challenge.pk}/"


def _members(organisation_id: int) -> QuerySet:
    from accounts.models import User

    return User.objects.filter(memberships__organisation_id=organisation_id, is_active=True)


def _tell_poster(proposal: Proposal) -> None:
    from notifications.services import notify

    challenge = proposal.challenge
    posting = challenge.posting
    org = proposal.organisation
    notify(
        _members(posting.organisation_id),
        "matchmaking.proposal",
        title_zh=f"新的揭榜方案：{posting.title or posting.title_en}",
        title_en=f"New proposal: {posting.title_en or posting.title}",
        body_zh=f"{org.name} 提交了揭榜方案。",
        body_en=f"{org.name_en or org.name} sent a proposal.",
        url=challenge_url(challenge),
        context={"challenge": challenge.pk, "proposal": proposal.pk},
    )


DECISION_TEXTS = {
    "shortlisted": ("您的揭榜方案已入围", "Your proposal is shortlisted"),
    "chosen": ("您的揭榜方案已被选中", "Your proposal was chosen"),
    "declined": ("您的揭榜方案未被选中", "Your proposal was not chosen"),
}


def _tell_proposer(proposal: Proposal, decision: str) -> None:
    from notifications.services import notify

    posting = proposal.challenge.posting
    zh, en = DECISION_TEXTS[decision]
    notify(
        _members(proposal.organisation_id),
        "matchmaking.decision",
        title_zh=f"{zh}：{posting.title or posting.title_en}",
        title_en=f"{en}: {posting.title_en or posting.title}",
        url=challenge_url(proposal.challenge),
        context={"challenge": proposal.challenge_id, "proposal": proposal.pk, "decision": decision},
    )


# ---------------------------------------------------------------- reads


def board(status: str = "", now: dt.datetime | None = None) -> list[tuple[Challenge, int, str]]:
    """The public board: (challenge, proposal count, status shown), open ones first."""
    now = now or timezone.now()
    rows = (
        Challenge.objects.filter(posting__visibility=Posting.Visibility.PUBLIC)
        .exclude(posting__status=Posting.Status.DRAFT)
        .select_related("posting__organisation")
        .annotate(proposal_count=Count("proposals"))
        .order_by("deadline", "pk")
    )
    out = [(c, c.proposal_count, effective_status(c, now, c.proposal_count)) for c in rows[:500]]
    order = {Status.OPEN: 0, Status.UNDER_REVIEW: 1, Status.MATCHED: 2, Status.CLOSED: 3}
    out.sort(key=lambda item: order[item[2]])
    return [item for item in out if not status or item[2] == status]


def visible_challenge(challenge_id: int) -> Challenge:
    return (
        Challenge.objects.filter(posting__visibility=Posting.Visibility.PUBLIC)
        .exclude(posting__status=Posting.Status.DRAFT)
        .select_related("posting__organisation")
        .get(pk=challenge_id)
    )


def proposals_visible_to(user, challenge: Challenge) -> QuerySet[Proposal]:
    """The poster and organizers see every proposal; a proposer their own; others none."""
    proposals = challenge.proposals.select_related("organisation", "author").prefetch_related("attachments")
    if is_poster(user, challenge) or is_organizer(user):
        return proposals
    if not user.is_authenticated:
        return proposals.none()
    return proposals.filter(organisation__memberships__user=user)


def proposal_for(user, proposal_id: int) -> Proposal:
    proposal = Proposal.objects.select_related("challenge__posting").get(pk=proposal_id)
    if not proposals_visible_to(user, proposal.challenge).filter(pk=proposal.pk).exists():
        raise Proposal.DoesNotExist
    return proposal


def my_organisations(user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def proposal_count(challenge: Challenge) -> int:
    return challenge.proposals.count()


def challenges_for_posting_ids(ids) -> dict[int, Challenge]:
    return {c.posting_id: c for c in Challenge.objects.filter(posting_id__in=ids)}


def open_q() -> Q:
    return Q(status__in=(Status.OPEN, Status.UNDER_REVIEW))
