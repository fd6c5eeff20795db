"""Demo meetings among the demo accounts (load_demo_meetings): one accepted today (alice and
bob, later today), one waiting for bob's answer, a small group one with the exhibitor and the
speaker. Idempotent: a demo meeting is found again by its topic and organiser."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from meetings import services
from meetings.models import Meeting

TODAY = "人才交流面谈 · Talent exchange interview"
WAITING = "合作洽谈 · Cooperation talk"
GROUP = "展位联合活动筹备 · Joint booth event prep"


def _slot(start, minutes=30):
    return (start, start + timedelta(minutes=minutes))


@transaction.atomic
def load_demo_meetings() -> list[Meeting]:
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["alice", "bob", "exhibitor", "speaker", "organizer"])
    }
    if "alice" not in users or "bob" not in users:
        return []
    now = timezone.now().replace(second=0, microsecond=0)
    soon = now + timedelta(minutes=20)
    made: list[Meeting] = []

    def existing(topic, organiser):
        return (
            Meeting.objects.filter(topic=topic, organiser=organiser)
            .exclude(status__in=["cancelled", "declined"])
            .first()
        )

    today = existing(TODAY, users["alice"])
    if today is None:
        today = services.request_meeting(
            users["alice"], [users["bob"]], topic=TODAY, slots=[_slot(soon), _slot(soon + timedelta(hours=2))]
        )
        services.accept(today, users["bob"], today.slots.order_by("start_at").first().pk)
    made.append(today)
    waiting = existing(WAITING, users["bob"])
    if waiting is None:
        tomorrow = now + timedelta(days=1)
        waiting = services.request_meeting(
            users["bob"], [users["alice"]], topic=WAITING, slots=[_slot(tomorrow), _slot(tomorrow + timedelta(hours=3))]
        )
    made.append(waiting)
    if "exhibitor" in users and "speaker" in users:
        group = existing(GROUP, users["exhibitor"])
        if group is None:
            later = now + timedelta(days=2)
            group = services.request_meeting(
                users["exhibitor"], [users["alice"], users["speaker"]], topic=GROUP, slots=[_slot(later, 45)]
            )
        made.append(group)
    return made
