"""直播带岗: applying to a job pinned on a recruitment livestream without leaving it, and the
hosts' live count per pinned job.

An application made here is rec-apply's (recruitment.applications.apply) with the stage as
its source (`stage:<session id>`), so the employer finds it in its pipeline like any other
and the statistics count it. One click applies with the candidate profile and its default
résumé; a person without a résumé gives the minimum inline (name, contact, a PDF/DOCX or a
short pasted text, which becomes a DOCX résumé of theirs). Each application is announced
after commit to the stage's moderators (their topic of the room) and to its speakers (their
own topic): `stage.job_applied` with the job's count, never to the public.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.text import clean_text
from live.errors import LiveError
from live.fanout import moderators_topic, publish_on_commit, user_topic
from live.protocol import ErrorCode
from recruitment.live_protocol import StageJobApplied
from recruitment.models import Application, PinnedJob

SOURCE_PREFIX = "stage:"
NAME_MAX = 100
CONTACT_MAX = 200
TEXT_MIN = 30
TEXT_MAX = 5000


@dataclass(frozen=True)
class Stage:
    room_id: int
    slug: str
    session_id: int

    @property
    def source(self) -> str:
        return f"{SOURCE_PREFIX}{self.session_id}"


def stage_of_room(room_id: int | None = None, slug: str | None = None) -> Stage:
    """The recruitment livestream behind a room, else not_found / invalid_state."""
    from streams.models import Session

    query = Session.objects.select_related("room")
    session = (query.filter(room_id=room_id) if room_id is not None else query.filter(room__slug=slug)).first()
    if session is None or session.room is None:
        raise LiveError(ErrorCode.NOT_FOUND, "This room is not a stage.")
    if session.kind != Session.Kind.RECRUITMENT_LIVESTREAM:
        raise LiveError(ErrorCode.INVALID_STATE, "Jobs are applied to from recruitment livestreams only.")
    return Stage(session.room_id, session.room.slug, session.pk)


def _pinned(stage: Stage, job_id: int) -> None:
    if not PinnedJob.objects.filter(session_id=stage.session_id, job_id=job_id).exists():
        raise LiveError(ErrorCode.NOT_FOUND, f"field 'job_id': job {job_id} is not pinned on this stage.")


def counts(stage: Stage) -> dict[int, int]:
    """Applications per job from this stage (withdrawn ones left out), pinned jobs at 0."""
    found = dict.fromkeys(PinnedJob.objects.filter(session_id=stage.session_id).values_list("job_id", flat=True), 0)
    rows = (
        Application.objects.filter(source=stage.source)
        .exclude(status="withdrawn")
        .values("job_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        found[row["job_id"]] = row["n"]
    return found


def _hosts_without_moderation(stage: Stage) -> list[int]:
    """The stage's speakers who are not its moderators: they hear the count on their own
    topic (moderators already hear it on the room's moderators' topic)."""
    from live.models import Room
    from live.permissions import roles_in_room
    from streams.models import Session

    room = Room.objects.get(pk=stage.room_id)
    speakers = Session.objects.get(pk=stage.session_id).speakers.exclude(user=None).select_related("user")
    return [
        speaker.user_id
        for speaker in speakers
        if speaker.user.is_active and "moderator" not in roles_in_room(room, speaker.user)
    ]


def announce(stage: Stage, job_id: int) -> None:
    """Tell the hosts (after commit) how many applications the job now has from here."""
    now = counts(stage)
    frame = StageJobApplied.build(room=stage.slug, job_id=job_id, count=now.get(job_id, 0), total=sum(now.values()))
    publish_on_commit(moderators_topic(stage.room_id), frame)
    for user_id in _hosts_without_moderation(stage):
        publish_on_commit(user_topic(user_id), frame)


def _as_live_error(error: Exception) -> LiveError:
    if isinstance(error, ObjectDoesNotExist):
        return LiveError(ErrorCode.NOT_FOUND, str(error) or "Not found.")
    assert isinstance(error, ValidationError)
    code = error.code if getattr(error, "code", None) else "invalid_fields"
    return LiveError(code, " ".join(error.messages))


@transaction.atomic
def apply_on_stage(user, *, room_id: int, job_id: int, note: str = "") -> Application:
    """One click: apply with the profile's default résumé (`no_resume` when there is none)."""
    from recruitment import applications

    stage = stage_of_room(room_id=room_id)
    _pinned(stage, job_id)
    try:
        application = applications.apply(user, job_id, note=note, source=stage.source)
    except (ValidationError, ObjectDoesNotExist) as error:
        raise _as_live_error(error) from error
    announce(stage, job_id)
    return application


def text_resume(name: str, contact: str, text: str) -> SimpleUploadedFile:
    """A pasted résumé as a DOCX file of its own (name and contact on top), so that the
    employer opens it like any other and matching reads its text."""
    from docx import Document

    document = Document()
    document.add_heading(name, level=1)
    document.add_paragraph(contact)
    for paragraph in text.split("\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(
        "resume.docx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@transaction.atomic
def apply_inline(
    user, *, slug: str, job_id: int, name: str, contact: str, upload=None, text: str = "", note: str = ""
) -> Application:
    """A new candidate's minimum: name, contact and a résumé (a file, or a short text made
    into one), then the application from the stage. Refusals: ValidationError per field
    (nothing kept), the apply service's codes, LiveError for a stage or job that is not one."""
    from recruitment import applications, candidates

    stage = stage_of_room(slug=slug)
    _pinned(stage, job_id)
    errors: dict[str, list[Any]] = {}
    name = clean_text(name or "", multiline=False)
    contact = clean_text(contact or "", multiline=False)
    text = clean_text(text or "")
    if not name or len(name) > NAME_MAX:
        errors["name"] = [bilingual(_("Give your name (at most %(n)s characters)."), n=NAME_MAX)]
    if not contact or len(contact) > CONTACT_MAX:
        errors["contact"] = [
            bilingual(_("Give a phone number or e-mail address (at most %(n)s characters)."), n=CONTACT_MAX)
        ]
    if upload is None and not text:
        errors["resume"] = [bilingual(_("Upload a résumé (PDF or DOCX) or paste a short one."))]
    elif upload is not None and text:
        errors["resume"] = [bilingual(_("Either upload a résumé or paste one, not both."))]
    elif upload is None and not TEXT_MIN <= len(text) <= TEXT_MAX:
        errors["text"] = [
            bilingual(_("A pasted résumé has %(low)s to %(high)s characters."), low=TEXT_MIN, high=TEXT_MAX)
        ]
    if errors:
        raise ValidationError(errors)
    if Application.objects.filter(job_id=job_id, candidate=user).exists():
        # Before the résumé is stored: a second try keeps nothing.
        raise ValidationError(bilingual(_("You have already applied to this job.")), code="application_duplicate")
    resume_file = upload if upload is not None else text_resume(name, contact, text)
    resume = candidates.upload_resume(user, resume_file, title=f"{name} · 直播带岗"[:120], make_default=True)
    heading = f"{name} · {contact}"
    full_note = f"{heading}\n{clean_text(note or '')}".strip()[: applications.MAX_NOTE]
    application = applications.apply(user, job_id, resume_id=resume.pk, note=full_note, source=stage.source)
    announce(stage, job_id)
    return application
