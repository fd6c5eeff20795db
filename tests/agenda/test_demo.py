"""load_demo_agenda: alice and bob get bookmarks of the demo conference, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from agenda import selectors
from agenda.models import Bookmark

pytestmark = pytest.mark.django_db


def test_alice_and_bob_get_bookmarks_once(fast_password_hashing, settings):
    settings.DEBUG = True
    call_command("load_demo_conference", "--live-now", stdout=StringIO())
    out = StringIO()
    call_command("load_demo_agenda", stdout=out)
    call_command("load_demo_agenda", stdout=StringIO())
    alice, bob = User.objects.get(username="alice"), User.objects.get(username="bob")
    assert 3 <= Bookmark.objects.filter(user=alice).count() <= 5
    assert 3 <= Bookmark.objects.filter(user=bob).count() <= 5
    assert "alice:" in out.getvalue()
    assert bob.agenda_settings.reminder_minutes == 30
    items = selectors.agenda_items(alice, timezone.get_default_timezone())
    assert any(item.has_conflict for item in items)  # the opening and a forum overlap


def test_refused_in_production_without_the_flag(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_agenda", stdout=StringIO())
