"""Reads of the challenge board and the import, shaped for the API and the pages."""

from __future__ import annotations

from django.urls import reverse

from matchmaking import challenges
from matchmaking.imports import progress
from matchmaking.models import Challenge, ImportJob, ManualMatch, Posting, Proposal
from translation.selectors import add_shown


def challenge_out(challenge: Challenge, count: int | None = None, status: str | None = None) -> dict:
    posting = challenge.posting
    org = posting.organisation
    count = challenge.proposals.count() if count is None else count
    return {
        "id": challenge.pk,
        "posting_id": posting.pk,
        "title": posting.title,
        "title_en": posting.title_en,
        "body": posting.body,
        "body_en": posting.body_en,
        "kind": posting.kind,
        "organisation_id": org.pk,
        "organisation": org.name,
        "organisation_en": org.name_en,
        "deadline": challenge.deadline.isoformat(),
        "status": status or challenges.effective_status(challenge, proposals=count),
        "proposals": count,
        "url": challenges.challenge_url(challenge),
    }


def proposal_out(proposal: Proposal) -> dict:
    org = proposal.organisation
    return {
        "id": proposal.pk,
        "organisation_id": org.pk,
        "organisation": org.name,
        "organisation_en": org.name_en,
        "text": proposal.text,
        "team": proposal.team,
        "timeline": proposal.timeline,
        "status": proposal.status,
        "created_at": proposal.created_at.isoformat(),
        "conversation_id": proposal.conversation_id,
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "url": f"/api/matchmaking/proposals/{proposal.pk}/attachments/{a.pk}",
            }
            for a in proposal.attachments.all()
        ],
    }


def you(user, challenge: Challenge) -> dict:
    poster = challenges.is_poster(user, challenge)
    status = challenges.effective_status(challenge)
    mine = challenges.my_organisations(user).exclude(pk=challenge.posting.organisation_id)
    proposed = set(challenge.proposals.values_list("organisation_id", flat=True))
    can = [o for o in mine if o.pk not in proposed]
    return {
        "authenticated": bool(user.is_authenticated),
        "poster": poster,
        "organizer": challenges.is_organizer(user),
        "can_propose": status == Challenge.Status.OPEN and bool(can),
        "organisations": [{"id": o.pk, "name": o.name, "name_en": o.name_en} for o in can],
    }


def challenge_detail(user, challenge: Challenge) -> dict:
    out = challenge_out(challenge) | {
        "you": you(user, challenge),
        "proposal_list": [proposal_out(p) for p in challenges.proposals_visible_to(user, challenge)],
    }
    # Texts in the reader's language (translation app), each list in one batch.
    add_shown([out], ("title", "body"))
    add_shown(out["proposal_list"], ("text", "team", "timeline"))
    return out


def import_out(job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "filename": job.filename,
        "file_format": job.file_format,
        "mode": job.mode,
        "status": job.status,
        "total": job.total_rows,
        "processed": job.processed_rows,
        "created": job.created_count,
        "updated": job.updated_count,
        "skipped": job.skipped_count,
        "error_rows": job.error_rows,
        "errors": job.error_count,
        "message": job.message,
        "room": progress.room_slug(job.pk),
        "report_url": reverse("api:mm-import-report", args=[job.pk]) if job.report else None,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


def import_detail(job: ImportJob, limit: int = 200) -> dict:
    problems = [
        {
            "sheet": e.sheet,
            "row": e.row,
            "column": e.column,
            "code": e.code,
            "message": e.message,
            "message_en": e.message_en,
        }
        for e in job.errors.all()[:limit]
    ]
    return import_out(job) | {"problems": problems}


def match_out(match: ManualMatch) -> dict:
    return {
        "id": match.pk,
        "posting_id": match.posting_id,
        "counterpart_id": match.counterpart_id,
        "counterpart": match.counterpart.name if match.counterpart else match.counterpart_text,
        "note": match.note,
        "by": match.by.public_name if match.by else None,
        "at": match.at.isoformat(),
    }


def queue_out(posting: Posting) -> dict:
    return {
        "id": posting.pk,
        "reference": posting.reference,
        "kind": posting.kind,
        "title": posting.title,
        "title_en": posting.title_en,
        "organisation_id": posting.organisation_id,
        "organisation": posting.organisation.name,
        "matches": [match_out(m) for m in posting.manual_matches.all()],
    }
