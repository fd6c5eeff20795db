"""The database keeps the invariants the services rely on, whatever writes the rows."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from matchmaking.models import Conversation, Favourite, Posting, Rating

pytestmark = pytest.mark.django_db


def make_posting(org, **fields) -> Posting:
    return Posting.objects.create(organisation=org, kind=fields.pop("kind", "talent_demand"), title="T", **fields)


def test_reference_is_unique_per_organisation_only_when_set(world):
    make_posting(world.poster, reference="R-1")
    make_posting(world.poster)
    make_posting(world.poster)  # empty references never collide
    make_posting(world.responder, reference="R-1")  # another organisation's key
    with pytest.raises(IntegrityError), transaction.atomic():
        make_posting(world.poster, reference="R-1")


def test_subkind_only_for_project_cooperation(world):
    make_posting(world.poster, kind="project_cooperation", subkind="technology_need")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_posting(world.poster, kind="talent_demand", subkind="technology_need")


def test_one_conversation_favourite_and_rating_per_pair(world):
    posting = make_posting(world.poster)
    Conversation.objects.create(posting=posting, responder=world.responder)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(posting=posting, responder=world.responder)
    Favourite.objects.create(user=world.outsider, posting=posting)
    with pytest.raises(IntegrityError), transaction.atomic():
        Favourite.objects.create(user=world.outsider, posting=posting)
    Rating.objects.create(posting=posting, rater=world.responder, rated=world.poster, stars=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(posting=posting, rater=world.responder, rated=world.poster, stars=4)


@pytest.mark.parametrize("stars", [0, 6])
def test_stars_between_one_and_five(world, stars):
    posting = make_posting(world.poster)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(posting=posting, rater=world.responder, rated=world.poster, stars=stars)


def test_no_rating_of_oneself(world):
    posting = make_posting(world.poster)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(posting=posting, rater=world.poster, rated=world.poster, stars=3)
