"""Sessions and speakers in the site's search (docs/search.md): registered with search in
StreamsConfig.ready(); search connects their save/delete signals, this module the links between
them (a speaker renamed, speakers added to a session, re-index the other side)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_save
from django.utils import translation

from search.registry import Entry, register_source
from search.services import reindex


def session_url(session: Any) -> str:
    if session.room_id and session.room is not None:
        return f"/rooms/{session.room.slug}/"
    return f"/?event={session.event.slug}#session-{session.pk}"


def session_entries(session: Any) -> list[Entry]:
    speakers = list(session.speakers.all()) if session.pk else []
    with translation.override("zh-hans"):
        kind = str(session.get_kind_display())
    with translation.override("en"):
        kind_en = str(session.get_kind_display())
    event = session.event
    return [
        Entry(
            session.pk,
            title_zh=session.title,
            title_en=session.title_en,
            body_zh=" ".join(
                filter(None, [session.description, "、".join(s.name for s in speakers), event.name, kind])
            ),
            body_en=" ".join(
                filter(
                    None,
                    [session.description_en, ", ".join(s.name_en or s.name for s in speakers), event.name_en, kind_en],
                )
            ),
            url=session_url(session),
        )
    ]


def speaker_entries(speaker: Any) -> list[Entry]:
    first = speaker.sessions.select_related("event", "room").order_by("starts_at").first() if speaker.pk else None
    return [
        Entry(
            speaker.pk,
            title_zh=speaker.name,
            title_en=speaker.name_en,
            body_zh=" ".join(filter(None, [speaker.title, speaker.affiliation, speaker.bio])),
            body_en=" ".join(filter(None, [speaker.title_en, speaker.affiliation_en, speaker.bio_en])),
            url=session_url(first) if first is not None else "/",
        )
    ]


def _speakers_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    from streams.models import Session, Speaker

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # speaker.sessions.add(...)
        reindex("speaker", [instance.pk])
        reindex("session", pk_set or Session.objects.filter(speakers=instance).values_list("pk", flat=True))
    else:
        reindex("session", [instance.pk])
        reindex("speaker", pk_set or Speaker.objects.filter(sessions=instance).values_list("pk", flat=True))


def _speaker_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        reindex("session", instance.sessions.values_list("pk", flat=True))


def register() -> None:
    from streams.models import Session, Speaker

    register_source(
        "session",
        label_zh="日程",
        label_en="Sessions",
        model=Session,
        entries=session_entries,
        queryset=lambda: Session.objects.select_related("event", "room").prefetch_related("speakers"),
        order=10,
    )
    register_source(
        "speaker",
        label_zh="嘉宾",
        label_en="Speakers",
        model=Speaker,
        entries=speaker_entries,
        queryset=lambda: Speaker.objects.all(),
        order=20,
    )
    m2m_changed.connect(_speakers_changed, sender=Session.speakers.through, dispatch_uid="streams.search_speakers")
    post_save.connect(_speaker_saved, sender=Speaker, dispatch_uid="streams.search_speaker_saved")
