"""Judges (docs/competition.md, "Judging"): organizers assign them per round and track; a
judge never sees or scores a team of their own organisation, a team they are on (applicant
or a member by e-mail), or one they declared a conflict with (code `judge_conflict`). A
sheet scores every criterion within its range, with a comment; after the round's deadline
it is refused (`score_late`). Every change of a value or the comment is audited."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationMembership
from accounts.text import clean_text
from competition.errors import Refused
from competition.models import (
    Application,
    Conflict,
    Criterion,
    JudgeAssignment,
    Round,
    Score,
    ScoreAudit,
    ScoreSheet,
    Track,
)

COMMENT_MAX = 4000


def require_organizer(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise Refused(401, "auth_required", _("Please log in."))
    if not user.is_organizer:
        raise Refused(403, "forbidden", _("Only the organizers may do this."))


def conflict_reason(judge, application: Application) -> str | None:
    """Why `judge` may not judge `application` ("own_organisation", "own_team", "declared"), or None."""
    if application.applicant_id == judge.pk:
        return "own_team"
    email = (judge.email or "").strip().lower()
    if email and any((m.email or "").strip().lower() == email for m in application.members.all()):
        return "own_team"
    if (
        application.organisation_id
        and OrganisationMembership.objects.filter(user=judge, organisation_id=application.organisation_id).exists()
    ):
        return "own_organisation"
    if Conflict.objects.filter(judge=judge, application=application).exists():
        return "declared"
    return None


@transaction.atomic
def assign_judge(*, round_: Round, track: Track, judge_id: int, by) -> JudgeAssignment:
    require_organizer(by)
    judge = get_user_model().objects.filter(pk=judge_id, is_active=True, deleted_at__isnull=True).first()
    if judge is None:
        raise Refused(400, "not_found", _("No such person."), {"judge_id": [str(_("No such person."))]})
    if track.competition_id != round_.competition_id:
        raise Refused(400, "not_found", _("No such track."), {"track": [str(_("No such track."))]})
    if Application.objects.filter(round=round_, track=track, applicant=judge).exists():
        raise Refused(400, "own_team", _("This person applied to this track: they cannot judge it."))
    if JudgeAssignment.objects.filter(round=round_, track=track, judge=judge).exists():
        raise Refused(409, "judge_already_assigned", _("This person already judges this track."))
    return JudgeAssignment.objects.create(round=round_, track=track, judge=judge, assigned_by=by)


def unassign_judge(*, assignment: JudgeAssignment, by) -> None:
    require_organizer(by)
    assignment.delete()


def assignment_for(judge, application: Application) -> JudgeAssignment | None:
    if not getattr(judge, "is_authenticated", False):
        return None
    return JudgeAssignment.objects.filter(
        round_id=application.round_id, track_id=application.track_id, judge=judge
    ).first()


def _require_judge(judge, application: Application) -> None:
    if assignment_for(judge, application) is None:
        raise Refused(403, "not_a_judge", _("You are not a judge of this round and track."))


def declare_conflict(*, judge, application: Application, reason: str = "") -> Conflict:
    """A judge steps back from a team: their sheet for it, if any, no longer counts (it is kept)."""
    _require_judge(judge, application)
    conflict, _created = Conflict.objects.get_or_create(
        judge=judge, application=application, defaults={"reason": clean_text(reason, multiline=False)[:300]}
    )
    return conflict


def _values(criteria: list[Criterion], raw: Mapping[Any, Any]) -> tuple[dict[int, Decimal], dict[str, list[str]]]:
    values: dict[int, Decimal] = {}
    problems: dict[str, list[str]] = {}
    given = {str(k): v for k, v in raw.items()}
    for criterion in criteria:
        key = str(criterion.pk)
        value = given.get(key)
        if value is None or str(value).strip() == "":
            problems[f"scores.{key}"] = [str(_("Score this criterion."))]
            continue
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not (0 <= number <= criterion.max_score):
            problems[f"scores.{key}"] = [str(_("Give a number from 0 to %(max)s.") % {"max": criterion.max_score})]
            continue
        values[criterion.pk] = number.quantize(Decimal("0.1"))
    unknown = set(given) - {str(c.pk) for c in criteria}
    if unknown:
        problems["scores"] = [str(_("Unknown criteria: %(ids)s.") % {"ids": ", ".join(sorted(unknown))})]
    return values, problems


@transaction.atomic
def submit_scores(
    *, judge, application: Application, scores: Mapping[Any, Any], comment: str = "", now=None
) -> ScoreSheet:
    """Store (or change) a judge's sheet for a team; Refused for a judge of another track, a
    conflict, a late sheet or an incomplete one. Each changed value is audited."""
    now = now or timezone.now()
    _require_judge(judge, application)
    if application.status != Application.Status.SUBMITTED:
        raise Refused(400, "not_in_round", _("This application was withdrawn."))
    reason = conflict_reason(judge, application)
    if reason is not None:
        raise Refused(403, "judge_conflict", _("You have a conflict of interest with this team: you cannot score it."))
    round_ = Round.objects.select_for_update().get(pk=application.round_id)
    if now >= round_.scoring_deadline:
        raise Refused(400, "score_late", _("The scoring deadline has passed: scores are no longer accepted."))
    criteria = list(round_.criteria.all())
    values, problems = _values(criteria, scores)
    if problems:
        raise Refused(400, "score_incomplete", _("Score every criterion within its range."), problems)
    comment = clean_text(comment or "", multiline=True)[:COMMENT_MAX]
    sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(application=application, judge=judge)
    existing = {s.criterion_id: s for s in sheet.scores.all()}
    audit: list[ScoreAudit] = []
    for criterion in criteria:
        new = values[criterion.pk]
        old = existing.get(criterion.pk)
        if old is not None and old.value == new:
            continue
        audit.append(
            ScoreAudit(
                application=application,
                judge=judge,
                criterion=criterion,
                field="score",
                old="" if old is None else str(old.value),
                new=str(new),
                changed_by=judge,
                changed_at=now,
            )
        )
        if old is None:
            Score.objects.create(sheet=sheet, criterion=criterion, value=new)
        else:
            old.value = new
            old.save(update_fields=["value"])
    if comment != sheet.comment:
        audit.append(
            ScoreAudit(
                application=application,
                judge=judge,
                field="comment",
                old=sheet.comment,
                new=comment,
                changed_by=judge,
                changed_at=now,
            )
        )
        sheet.comment = comment
    sheet.save()
    ScoreAudit.objects.bulk_create(audit)
    if round_.is_final and round_.live_scores_released_at is not None:
        from competition import final

        final.announce_scores(round_)
    return sheet
