"""Project roadshows (项目推介会): a session whose stage goes through an ordered list of pitches.
Each pitch names what is pitched (a matchmaking posting, an organisation's project, or only a
title: the competition's final uses the same services for its teams), its presenter, slides
and video, its time slot. The moderator moves the stage from pitch to pitch (a sequenced room
event, through streams.pins so that latecomers get the current pitch with the stage state);
questions asked meanwhile are tagged with the pitch; viewers ask for a meeting with the
presenter (meetings.services, the pitch as context); a report counts per pitch."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Organisation
from activities import pitch_media, rights
from activities.models import Pitch, PitchMeetingRequest, PitchQuestion, PitchViewer, Roadshow
from activities.protocol import RoadshowPitchOut
from activities.subvenues import _line, _text
from live.errors import LiveError
from live.protocol import ErrorCode
from streams.models import Session
from streams.pins import StagePins, changed, pinning_session

MAX_PITCHES = 30


def _session_subvenue(session: Session) -> int | None:
    return rights.session_subvenue_id(session)


def require_roadshow_organizer(by, roadshow: Roadshow) -> None:
    rights.require_organizer(by, _session_subvenue(roadshow.session))


# ---- reads


def get_roadshow(session_id: int) -> Roadshow:
    roadshow = Roadshow.objects.select_related("session__room", "session__event").filter(session_id=session_id).first()
    if roadshow is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No roadshow in session {session_id}.")
    return roadshow


def pitches_of(roadshow: Roadshow) -> list[Pitch]:
    return list(roadshow.pitches.select_related("presenter", "organisation", "posting").order_by("position"))


def pitch_out(pitch: Pitch, count: int, started_at: datetime | None) -> dict[str, Any]:
    organisation = pitch.organisation or (pitch.posting.organisation if pitch.posting_id else None)
    return {
        "id": pitch.pk,
        "position": pitch.position,
        "count": count,
        "title": pitch.title,
        "title_en": pitch.title_en,
        "presenter_id": pitch.presenter_id,
        "presenter": pitch.presenter.public_name,
        "organisation": organisation.name if organisation else "",
        **pitch_media.media_urls(pitch),
        "minutes": pitch.minutes,
        "started_at": (started_at or timezone.now()).isoformat(),
    }


def current_pitch(room_id: int) -> list[dict[str, Any]]:
    """The stage's current pitch as a list of one (none before the first and after the last)."""
    roadshow = (
        Roadshow.objects.select_related("current_pitch__presenter", "current_pitch__organisation")
        .filter(session__room_id=room_id)
        .first()
    )
    if roadshow is None or roadshow.current_pitch is None:
        return []
    count = roadshow.pitches.count()
    return [pitch_out(roadshow.current_pitch, count, roadshow.pitch_started_at)]


PINS = StagePins(
    field="roadshow_pitch",
    event="roadshow.pitch",
    item=RoadshowPitchOut,
    items=current_pitch,
    description="The roadshow's pitch now on the stage (a list of one; empty on other stages).",
    noun="pitches",
    where="roadshows",
)


def roadshow_out(roadshow: Roadshow) -> dict[str, Any]:
    pitches = pitches_of(roadshow)
    session = roadshow.session
    return {
        "session_id": session.pk,
        "title": session.title,
        "title_en": session.title_en,
        "room_slug": session.room.slug if session.room_id else None,
        "current_pitch_id": roadshow.current_pitch_id,
        "pitch_started_at": roadshow.pitch_started_at.isoformat() if roadshow.pitch_started_at else None,
        "pitches": [{**pitch_out(p, len(pitches), None), "starts_at": p.starts_at.isoformat()} for p in pitches],
    }


# ---- writes


@transaction.atomic
def create_roadshow(*, by, session_id: int) -> Roadshow:
    """Make a programme session a roadshow (its organizers: the conference's, or its sub-venue's)."""
    rights.require_login(by)
    session = Session.objects.select_for_update().filter(pk=session_id).first()
    if session is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No session {session_id}.")
    rights.require_organizer(by, _session_subvenue(session))
    roadshow, _created = Roadshow.objects.get_or_create(session=session)
    return roadshow


def _url(name: str, value: Any) -> str:
    text = _line(name, value, limit=500)
    if text and not (text.startswith(("https://", "http://")) or (text.startswith("/") and not text.startswith("//"))):
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field '{name}': an http(s) address or a path on this site.")
    return text


@transaction.atomic
def add_pitch(*, by, roadshow: Roadshow, title: str, presenter_id: int, starts_at: Any, **fields) -> Pitch:
    require_roadshow_organizer(by, roadshow)
    Roadshow.objects.select_for_update().filter(pk=roadshow.pk).first()
    if roadshow.pitches.count() >= MAX_PITCHES:
        raise LiveError(ErrorCode.INVALID_STATE, f"A roadshow has at most {MAX_PITCHES} pitches.")
    presenter = get_user_model().objects.filter(pk=presenter_id or 0, is_active=True).first()
    if presenter is None:
        raise LiveError(ErrorCode.INVALID_FIELDS, f"field 'presenter_id': no user {presenter_id}.")
    if not isinstance(starts_at, datetime) or starts_at.tzinfo is None:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'starts_at': a date-time with a zone.")
    minutes = fields.get("minutes") or 10
    if not isinstance(minutes, int) or not 1 <= minutes <= 120:
        raise LiveError(ErrorCode.INVALID_FIELDS, "field 'minutes': 1 to 120.")
    posting = None
    if fields.get("posting_id"):
        from matchmaking.models import Posting

        posting = Posting.objects.filter(pk=fields["posting_id"], status="published").first()
        if posting is None:
            raise LiveError(
                ErrorCode.INVALID_FIELDS, f"field 'posting_id': no published posting {fields['posting_id']}."
            )
    organisation = None
    if fields.get("organisation_id"):
        organisation = Organisation.objects.filter(pk=fields["organisation_id"]).first()
        if organisation is None:
            raise LiveError(
                ErrorCode.INVALID_FIELDS, f"field 'organisation_id': no organisation {fields['organisation_id']}."
            )
    last = roadshow.pitches.order_by("-position").values_list("position", flat=True).first() or 0
    return Pitch.objects.create(
        roadshow=roadshow,
        position=last + 1,
        title=_line("title", title, required=True),
        title_en=_line("title_en", fields.get("title_en")),
        summary=_text("summary", fields.get("summary")),
        summary_en=_text("summary_en", fields.get("summary_en")),
        presenter=presenter,
        posting=posting,
        organisation=organisation or (posting.organisation if posting else None),
        slides_url=_url("slides_url", fields.get("slides_url")),
        video_url=_url("video_url", fields.get("video_url")),
        starts_at=starts_at,
        minutes=minutes,
    )


def go_to_pitch(*, room_id: int, roles, pitch_id: int) -> dict[str, Any]:
    """Put a pitch on the stage (its moderators and speakers); returns the sequenced event."""
    with transaction.atomic():
        session = pinning_session(room_id, roles, PINS)
        roadshow = Roadshow.objects.select_for_update().filter(session=session).first()
        if roadshow is None:
            raise LiveError(ErrorCode.NOT_FOUND, "This stage is no roadshow.")
        pitch = roadshow.pitches.filter(pk=pitch_id).first()
        if pitch is None:
            raise LiveError(ErrorCode.NOT_FOUND, f"field 'pitch_id': no pitch {pitch_id} in this roadshow.")
        if roadshow.current_pitch_id == pitch.pk:
            raise LiveError(ErrorCode.INVALID_STATE, "This pitch is on the stage already.")
        roadshow.current_pitch = pitch
        roadshow.pitch_started_at = timezone.now()
        roadshow.save(update_fields=["current_pitch", "pitch_started_at"])
        return changed(room_id, PINS)


def record_view(*, room_id: int, user, pitch_id: int) -> bool:
    """A viewer saw the pitch on the stage: only the current one counts, once per person."""
    roadshow = Roadshow.objects.filter(session__room_id=room_id).first()
    if roadshow is None:
        raise LiveError(ErrorCode.NOT_FOUND, "This stage is no roadshow.")
    if roadshow.current_pitch_id != pitch_id:
        raise LiveError(ErrorCode.INVALID_STATE, f"Pitch {pitch_id} is not on the stage now.")
    _view, created = PitchViewer.objects.get_or_create(pitch_id=pitch_id, user=user)
    return created


def question_asked(sender, instance, created: bool = False, **kwargs) -> None:
    """A stage question asked while a pitch is on a roadshow's stage is that pitch's (post_save
    of live.Question, connected in ActivitiesConfig.ready)."""
    if not created:
        return
    pitch_id = (
        Roadshow.objects.filter(session__room_id=instance.room_id).values_list("current_pitch_id", flat=True).first()
    )
    if pitch_id:
        PitchQuestion.objects.get_or_create(question=instance, defaults={"pitch_id": pitch_id})


@transaction.atomic
def request_meeting(*, by, pitch_id: int, slots, message: str = ""):
    """Ask the presenter for a meeting about the pitch (a meetings.Meeting with the pitch as
    its context; the presenter accepts a slot or proposes others, as any meeting)."""
    from meetings import services as meetings

    rights.require_login(by)
    pitch = Pitch.objects.select_related("roadshow__session__room").filter(pk=pitch_id).first()
    if pitch is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No pitch {pitch_id}.")
    if pitch.presenter_id == by.pk:
        raise LiveError(ErrorCode.INVALID_STATE, "This is your own pitch.")
    session = pitch.roadshow.session
    topic = _line("topic", message or f"{pitch.title} · {session.title}", required=True)
    meeting = meetings.request_meeting(
        by,
        [pitch.presenter_id],
        topic=topic[:200],
        slots=slots,
        context={
            "kind": "pitch",
            "id": pitch.pk,
            "label_zh": f"项目推介：{pitch.title}"[:200],
            "label_en": f"Pitch: {pitch.title_en or pitch.title}"[:200],
            "url": f"/roadshows/{session.pk}/",
        },
    )
    PitchMeetingRequest.objects.create(pitch=pitch, meeting=meeting, requested_by=by)
    return meeting


def report(*, by, session_id: int) -> dict[str, Any]:
    """Viewers, questions and meeting requests per pitch: all of them for the organizers, a
    presenter's own pitches for the presenter; refused to anyone else."""
    rights.require_login(by)
    roadshow = get_roadshow(session_id)
    pitches = roadshow.pitches.all()
    if not rights.can_organize(by, _session_subvenue(roadshow.session)):
        pitches = pitches.filter(presenter=by)
        if not pitches.exists():
            raise LiveError(ErrorCode.FORBIDDEN, "The report is for the roadshow's organizers and presenters.")
    rows = pitches.annotate(
        n_viewers=Count("viewers", distinct=True),
        n_questions=Count("questions", distinct=True),
        n_meetings=Count("meeting_requests", distinct=True),
    ).select_related("presenter")
    return {
        "session_id": roadshow.session_id,
        "title": roadshow.session.title,
        "title_en": roadshow.session.title_en,
        "pitches": [
            {
                "id": p.pk,
                "position": p.position,
                "title": p.title,
                "title_en": p.title_en,
                "presenter": p.presenter.public_name,
                "viewers": p.n_viewers,
                "questions": p.n_questions,
                "meeting_requests": p.n_meetings,
            }
            for p in rows.order_by("position")
        ],
    }
