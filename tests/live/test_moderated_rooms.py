"""`live.selectors.moderated_rooms`: the console's list, answered by each room kind's
`moderated_rooms` hook (live/registry.py) and the apps that own the kinds."""

from __future__ import annotations

import pytest
from django.db.models import Q

from accounts.models import User
from live import registry
from live.models import Room, RoomRole
from live.selectors import moderated_rooms
from streams.models import Event, EventModerator, Session

pytestmark = pytest.mark.django_db


def make(username: str, **fields) -> User:
    return User.objects.create_user(username=username, password="pw", **fields)


def slugs(user) -> list[str]:
    return sorted(moderated_rooms(user).values_list("slug", flat=True))


@pytest.fixture
def lab_kind(monkeypatch):
    """A kind from an app that is not installed here: whoever's username starts its room
    name runs the room."""
    kinds = dict(registry.ROOM_KINDS)
    kinds["lab"] = registry.RoomKind("lab", "Lab", moderated_rooms=lambda user: Q(name__startswith=user.username))
    monkeypatch.setattr(registry, "ROOM_KINDS", kinds)
    import live.selectors

    monkeypatch.setattr(live.selectors, "ROOM_KINDS", kinds)
    return kinds["lab"]


def test_a_registered_kind_answers_for_its_own_rooms(lab_kind):
    Room.objects.create(slug="lab-1", kind="lab", name="carol's lab")
    Room.objects.create(slug="lab-2", kind="lab", name="dave's lab")
    Room.objects.create(slug="hall", kind="room", name="carol's room")
    assert slugs(make("carol")) == ["lab-1"]


def test_stage_booth_and_staff_room_kinds_answer_through_their_apps():
    rooms = {
        kind: Room.objects.create(slug=f"r-{kind}", kind=kind, name=kind)
        for kind in ("room", "stage", "booth", "exhibitor")
    }
    organizer = make("org", is_staff=True)
    # Organizers: every room, but booths and staff rooms (their exhibitors' to run).
    assert slugs(organizer) == ["r-room", "r-stage"]
    event = Event.objects.create(slug="fair", name="Fair", starts_at="2026-05-26T00:00Z", ends_at="2026-05-27T00:00Z")
    other_stage = Room.objects.create(slug="r-stage-2", kind="stage", name="stage 2")
    Session.objects.create(
        event=event,
        room=rooms["stage"],
        kind=Session.Kind.MAIN_FORUM,
        slug="opening",
        title="Opening",
        starts_at="2026-05-26T09:00Z",
        ends_at="2026-05-26T10:00Z",
    )
    moderator = make("mod")
    EventModerator.objects.create(event=event, user=moderator)
    assert slugs(moderator) == ["r-stage"]
    RoomRole.objects.create(room=rooms["booth"], user=moderator, role=RoomRole.Role.MODERATOR)
    assert slugs(moderator) == ["r-booth", "r-stage"]
    assert other_stage.slug not in slugs(moderator)
    assert slugs(make("nobody")) == []
