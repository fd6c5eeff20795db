"""The batched stage roles (a join storm's, live.batching) are the per-person ones."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from live.models import Room, RoomBan, RoomRole
from live.permissions import resolve_access, resolve_access_many
from streams.models import Event, EventModerator, Session, Speaker
from streams.permissions import stage_roles, stage_roles_many

pytestmark = pytest.mark.django_db


def make(name: str, **fields):
    return get_user_model().objects.create_user(username=name, password="pw-" + name, **fields)


def test_stage_roles_for_many_people_are_each_persons_own():
    event = Event.objects.create(slug="fair", name="Fair", starts_at="2026-05-26T00:00Z", ends_at="2026-05-27T00:00Z")
    room = Room.objects.create(slug="opening", kind="stage", name="Opening")
    session = Session.objects.create(
        event=event,
        room=room,
        kind=Session.Kind.OPENING_CEREMONY,
        slug="opening",
        title="Opening",
        starts_at="2026-05-26T09:00Z",
        ends_at="2026-05-26T10:00Z",
    )
    people = {name: make(name) for name in ("moderator", "speaker", "both", "banned", "plain", "role")}
    people["organizer"] = make("organizer", is_staff=True)
    for name in ("moderator", "both"):
        EventModerator.objects.create(event=event, user=people[name])
    for name in ("speaker", "both"):
        session.speakers.add(Speaker.objects.create(name=name, user=people[name]))
    RoomBan.objects.create(room=room, user=people["banned"])
    RoomRole.objects.create(room=room, user=people["role"], role="staff")
    users = list(people.values())

    many = stage_roles_many(room, users)
    assert many == {user.pk: stage_roles(room, user) for user in users}
    assert many[people["both"].pk] == {"moderator", "speaker"}
    accesses = resolve_access_many(room, users)
    assert accesses == {user.pk: resolve_access(room, user) for user in users}
    assert accesses[people["banned"].pk].banned and not accesses[people["organizer"].pk].banned
    assert "moderator" in accesses[people["organizer"].pk].roles

    # A stage with no session (yet): nobody has a stage role, in both.
    bare = Room.objects.create(slug="bare", kind="stage", name="Bare")
    assert stage_roles_many(bare, users) == {user.pk: set() for user in users}
