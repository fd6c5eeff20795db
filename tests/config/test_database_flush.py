"""What a transactional test leaves is gone before the next one (tests/conftest.py flushes
PostgreSQL with DELETE instead of Django's TRUNCATE): rows linked by foreign keys in both
directions, on whichever engine the pass runs. The two tests run in file order."""

from __future__ import annotations

import pytest
from django.db import connection

from accounts.models import User
from live.models import ChatMessage, Room

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_transactional_test_writes_linked_rows():
    user = User.objects.create_user(username="left-behind", password="x")
    room = Room.objects.create(slug="left-behind", name="Left behind")
    ChatMessage.objects.create(room=room, author=user, deleted_by=user, text="still here?", seq=1)
    assert ChatMessage.objects.filter(room__slug="left-behind").count() == 1


def test_the_next_test_finds_every_table_empty():
    assert not User.objects.filter(username="left-behind").exists()
    assert not Room.objects.filter(slug="left-behind").exists()
    assert ChatMessage.objects.count() == 0
    if connection.vendor == "postgresql":
        # Emptied by DELETE in one transaction whose foreign keys are checked at its end.
        statements = connection.ops.sql_flush(None, ["live_room", "live_chatmessage"])
        assert statements[0] == "SET CONSTRAINTS ALL DEFERRED"
        assert [s.split()[0] for s in statements[1:]] == ["DELETE", "DELETE"]
