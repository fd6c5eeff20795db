"""The meetings pages render for their participants (server side; the browser flow is
tests/e2e/test_meeting_pages.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from meetings import services
from tests.meetings.helpers import slot

pytestmark = pytest.mark.django_db


def test_pages_show_both_zones_and_refuse_strangers(person):
    alice, bob = person("alice", timezone="Asia/Shanghai"), person("bob", timezone="Europe/London")
    meeting = services.request_meeting(alice, [bob], topic="Talent exchange", slots=[slot(30)])
    client = Client()
    client.force_login(bob)
    listing = client.get("/meetings/", HTTP_ACCEPT_LANGUAGE="en")
    assert (
        listing.status_code == 200
        and b"Talent exchange" in listing.content
        and b"Waiting for your answer" in listing.content
    )
    detail = client.get(f"/meetings/{meeting.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Asia/Shanghai" in detail and "Europe/London" in detail and 'data-action="accept"' in detail
    zh = client.get(f"/meetings/{meeting.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "接受此时间" in zh and "参与者" in zh
    assert client.get("/meetings/new/").status_code == 200
    assert client.get(f"/meetings/new/?with={alice.pk}").status_code == 200
    assert client.get("/meetings/availability/").status_code == 200
    stranger = Client()
    stranger.force_login(person("mallory"))
    assert stranger.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert Client().get("/meetings/").status_code == 302
