"""Demo bookmarks: alice and bob each bookmark a few sessions of the demo conference (two
of alice's overlap, so her agenda shows a conflict); bob plans in Berlin time, reminders
30 minutes ahead. Idempotent: run it again and nothing is added twice."""

from __future__ import annotations

from accounts.models import User
from agenda import services
from streams.demo import EVENT_SLUG as DEMO_EVENT
from streams.models import Event, Session


def _pick(event: Event) -> dict[str, list[Session]]:
    sessions = list(Session.objects.filter(event=event).select_related("room").order_by("starts_at", "pk"))
    if not sessions:
        return {}
    by_kind = {}
    for session in sessions:
        by_kind.setdefault(session.kind, []).append(session)
    opening = by_kind.get(Session.Kind.OPENING_CEREMONY, sessions[:1])
    forums = by_kind.get(Session.Kind.SUB_FORUM, []) + by_kind.get(Session.Kind.MAIN_FORUM, [])
    recruitment = by_kind.get(Session.Kind.RECRUITMENT_LIVESTREAM, [])
    alice = opening[:1] + forums[:2] + recruitment[:1]
    bob = opening[:1] + forums[2:4] + recruitment[-1:]
    return {"alice": alice, "bob": bob}


def load_demo_agenda() -> dict[str, int]:
    """Bookmarks for the demo accounts; returns how many each has."""
    event = Event.objects.filter(slug=DEMO_EVENT).first() or Event.objects.order_by("starts_at").first()
    if event is None:
        return {}
    plan = _pick(event)
    counts = {}
    for username, sessions in plan.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        if username == "bob":
            services.set_reminder_minutes(user=user, minutes=30)
        for session in sessions:
            services.bookmark_session(user=user, session=session)
        counts[username] = user.session_bookmarks.count()
    return counts
