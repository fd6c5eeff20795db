"""The "stage" room kind: event moderators moderate, linked speakers speak, others attend."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from live.permissions import resolve_access
from live.registry import ROOM_KINDS
from streams import services

pytestmark = pytest.mark.django_db


def test_stage_kind_is_registered():
    assert ROOM_KINDS["stage"].roles_for is not None


def test_event_moderator_is_moderator_in_every_stage_room(event, programme_sessions, django_user_model):
    moderator = django_user_model.objects.create_user("moderator", password="x")
    attendee = django_user_model.objects.create_user("alice", password="x")
    services.add_event_moderator(event=event, user=moderator)
    for session in programme_sessions.values():
        access = resolve_access(session.room, moderator)
        assert access.is_moderator and "moderator" in access.roles
        assert not resolve_access(session.room, attendee).is_moderator
    assert resolve_access(programme_sessions["main"].room, attendee).roles == frozenset()


def test_moderator_of_another_event_is_not(event, programme_sessions, django_user_model):
    other = services.create_event(
        name="其他", slug="other", starts_at=event.starts_at, ends_at=event.ends_at + timedelta(days=1)
    )
    user = django_user_model.objects.create_user("elsewhere", password="x")
    services.add_event_moderator(event=other, user=user)
    assert not resolve_access(programme_sessions["opening"].room, user).is_moderator


def test_linked_speaker_is_speaker_in_their_sessions_only(programme_sessions, django_user_model):
    user = django_user_model.objects.create_user("speaker", password="x")
    speaker = services.create_speaker(name="劳拉", name_en="Laura Becker", user=user)
    programme_sessions["main"].speakers.add(speaker)
    access = resolve_access(programme_sessions["main"].room, user)
    assert access.roles == frozenset({"speaker"})
    assert access.is_staff and not access.is_moderator
    assert resolve_access(programme_sessions["opening"].room, user).roles == frozenset()


def test_guests_get_no_roles(programme_sessions):
    access = resolve_access(programme_sessions["main"].room, AnonymousUser())
    assert access.roles == frozenset() and access.user_id is None
