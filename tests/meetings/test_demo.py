"""load_demo_meetings: meetings among the demo accounts, one accepted today; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_meetings_are_idempotent_and_one_is_accepted_today(person, settings):
    settings.DEBUG = True
    for name in ("alice", "bob", "exhibitor", "speaker"):
        person(name)
    call_command("load_demo_meetings")
    call_command("load_demo_meetings")
    assert Meeting.objects.count() == 3
    today = Meeting.objects.get(status="confirmed")
    assert today.start_at.astimezone(timezone.get_current_timezone()).date() >= timezone.localdate()
    assert {p.user.username for p in today.participants.all()} == {"alice", "bob"}
