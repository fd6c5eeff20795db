"""The demo loads on an empty database and again without doubling anything."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from matchmaking.demo import load_demo_matchmaking
from matchmaking.models import Conversation, Posting, Rating, ShowcaseArea

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(settings):
    settings.DEBUG = True
    first = load_demo_matchmaking()
    call_command("load_demo_matchmaking")
    assert load_demo_matchmaking() == first
    assert first == {"postings": 6, "conversations": 1, "messages": 3, "ratings": 2, "areas": 3}
    assert set(Posting.objects.values_list("kind", flat=True)) == {
        "project_cooperation",
        "talent_demand",
        "hr_services",
    }
    assert all(p.is_public and p.title_en for p in Posting.objects.all())
    assert Conversation.objects.get().messages.count() == 3
    assert Rating.objects.count() == 2
    assert ShowcaseArea.objects.get(slug="germany").postings.count() == 1
