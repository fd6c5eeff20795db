"""The services: publish, respond, reply with attachments, schedule a meeting, rate; and
their refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from matchmaking import organisation_selectors, rules, selectors
from matchmaking.models import Conversation, Message, Rating
from matchmaking.services import conversations, engagement, postings
from notifications.models import Notification
from tests import media

pytestmark = pytest.mark.django_db


def published(world, **fields):
    values = {
        "kind": "project_cooperation",
        "subkind": "technology_need",
        "title": "固态电池技术需求",
        "body": "寻找合作伙伴",
    }
    values.update(fields)
    return postings.create_posting(user=world.poster_staff, publish=True, **values)


def test_a_draft_becomes_public_when_published_and_leaves_when_closed(world):
    draft = postings.create_posting(user=world.poster_staff, kind="talent_demand", title="招聘", body="说明")
    assert draft.status == "draft" and draft.organisation == world.poster and draft.author == world.poster_staff
    assert selectors.board(world.outsider).total == 0
    with pytest.raises(rules.NotFound):
        selectors.posting_for(world.outsider, draft.pk)
    postings.publish_posting(posting=draft, user=world.poster_admin)
    assert [p.pk for p in selectors.board(None).items] == [draft.pk]
    postings.close_posting(posting=draft, user=world.poster_staff)
    assert selectors.board(None).total == 0
    assert selectors.board(None, status="closed").total == 1
    assert selectors.posting_for(None, draft.pk).status == "closed"


def test_refusals_of_postings(world, organisation, person):
    with pytest.raises(ValidationError) as error:
        postings.create_posting(user=world.poster_staff, kind="talent_demand", subkind="technology_need", title="")
    assert set(error.value.message_dict) == {"title", "subkind"}
    with pytest.raises(ValidationError) as error:
        postings.create_posting(
            user=world.poster_staff, kind="nope", title="x" * 201, fields=["unknown"], country="zz1"
        )
    assert set(error.value.message_dict) >= {"kind", "title", "fields", "country"}
    with pytest.raises(ValidationError):  # no organisation
        postings.create_posting(user=world.outsider, kind="talent_demand", title="t")
    draft = postings.create_posting(user=world.poster_staff, kind="talent_demand", title="t", body="b")
    with pytest.raises(rules.NotFound):  # a draft does not exist for others
        postings.update_posting(posting=draft, user=world.responder_admin, title="hijack")
    pending_admin = person("pending")
    pending = organisation("待审核", admin=pending_admin, status="pending")
    unverified = postings.create_posting(
        user=pending_admin, organisation_id=pending.pk, kind="hr_services", title="t", body="b"
    )
    with pytest.raises(ValidationError) as error:
        postings.publish_posting(posting=unverified, user=pending_admin)
    assert error.value.code == "organisation_not_verified"
    late = postings.create_posting(
        user=world.poster_staff, kind="talent_demand", title="t", body="b", deadline="2020-01-01"
    )
    with pytest.raises(ValidationError) as error:
        postings.publish_posting(posting=late, user=world.poster_staff)
    assert "deadline" in error.value.message_dict
    # Only organizers put postings in the non-public queue.
    hidden = postings.create_posting(user=world.poster_staff, kind="talent_demand", title="t", visibility="organizers")
    assert hidden.visibility == "public"


def test_respond_reply_meeting_and_rate(world):
    posting = published(world)
    # Rating before any conversation is refused.
    with pytest.raises(ValidationError) as error:
        engagement.rate(user=world.responder_staff, posting_id=posting.pk, stars=5)
    assert error.value.code == "no_conversation"
    conversation = conversations.respond(posting=posting, user=world.responder_staff, body="我们有相关技术")
    assert conversation.responder == world.responder
    # The poster's organisation heard of it (both its members), the responder did not.
    notified = set(Notification.objects.filter(kind="matchmaking.response").values_list("recipient_id", flat=True))
    assert notified == {world.poster_admin.pk, world.poster_staff.pk}
    # Responding again adds to the same conversation.
    assert conversations.respond(posting=posting, user=world.responder_admin, body="补充").pk == conversation.pk
    message = conversations.reply(
        conversation_id=conversation.pk,
        user=world.poster_staff,
        body="请发资料",
        uploads=[SimpleUploadedFile("spec.pdf", media.pdf())],
    )
    assert message.organisation_id == world.poster.pk
    assert message.attachments.get().content_type == "application/pdf"
    to_responder = Notification.objects.filter(kind="matchmaking.message", recipient=world.responder_staff)
    assert to_responder.count() == 1
    with pytest.raises(ValidationError) as error:  # an executable named .pdf
        conversations.reply(
            conversation_id=conversation.pk,
            user=world.responder_staff,
            uploads=[SimpleUploadedFile("x.pdf", b"MZ\x90")],
        )
    assert error.value.code == "bad_type"
    assert Message.objects.filter(conversation=conversation).count() == 3  # nothing stored by the refusal
    start = timezone.now() + timedelta(days=2)
    meeting = conversations.schedule_meeting(
        conversation_id=conversation.pk,
        user=world.poster_staff,
        topic="技术洽谈",
        slots=[(start, start + timedelta(hours=1))],
    )
    assert meeting.context["kind"] == "matchmaking.conversation" and meeting.context["id"] == conversation.pk
    assert meeting.context["url"] == f"/matchmaking/conversations/{conversation.pk}/"
    # The responder's person in the conversation (who opened it) is invited by default.
    assert set(meeting.participants.values_list("user_id", flat=True)) == {
        world.poster_staff.pk,
        world.responder_staff.pk,
    }
    assert (
        selectors.conversation_out(conversation, world.responder_admin, messages=True)["meetings"][0]["id"]
        == meeting.pk
    )
    with pytest.raises(ValidationError):
        conversations.schedule_meeting(
            conversation_id=conversation.pk,
            user=world.poster_staff,
            topic="t",
            slots=[(start, start + timedelta(hours=1))],
            invitee_ids=[world.outsider.pk],
        )
    # Ratings: each side once.
    rating = engagement.rate(user=world.responder_staff, posting_id=posting.pk, stars=4, comment="专业")
    assert (rating.rater, rating.rated) == (world.responder, world.poster)
    with pytest.raises(ValidationError) as error:
        engagement.rate_in_conversation(user=world.responder_admin, conversation_id=conversation.pk, stars=5)
    assert error.value.code == "already_rated"
    engagement.rate_in_conversation(user=world.poster_admin, conversation_id=conversation.pk, stars=2)
    assert organisation_selectors.rating_summary(world.poster.pk) == {"average": 4.0, "count": 1}
    with pytest.raises(ValidationError):
        engagement.rate(user=world.responder_staff, posting_id=posting.pk, stars=6)
    assert Rating.objects.count() == 2


def test_a_conversation_is_private_to_its_two_organisations(world, person, organisation):
    posting = published(world)
    conversation = conversations.respond(posting=posting, user=world.responder_staff, body="hello")
    third_admin = person("third")
    organisation("第三方", admin=third_admin)
    for stranger in (world.outsider, world.organizer, third_admin):
        with pytest.raises(rules.NotFound):
            selectors.conversation_for(stranger, conversation.pk)
        with pytest.raises(rules.NotFound):
            conversations.reply(conversation_id=conversation.pk, user=stranger, body="x")
    assert [c.pk for c in selectors.conversations_of(world.poster_admin)] == [conversation.pk]
    assert [c.pk for c in selectors.conversations_of(world.responder_admin)] == [conversation.pk]
    assert list(selectors.conversations_of(third_admin)) == []


def test_respond_refusals(world):
    posting = published(world, deadline=date.today() + timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        conversations.respond(posting=posting, user=world.poster_admin, body="self")
    assert error.value.code == "own_posting"
    with pytest.raises(ValidationError):
        conversations.respond(posting=posting, user=world.outsider, body="no organisation")
    with pytest.raises(ValidationError) as error:
        conversations.respond(posting=posting, user=world.responder_staff, body="   ")
    assert "body" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        conversations.respond(posting=posting, user=world.responder_staff, body="late", today=date(2999, 1, 1))
    assert error.value.code == "deadline_passed"
    postings.close_posting(posting=posting, user=world.poster_admin)
    with pytest.raises(ValidationError) as error:
        conversations.respond(posting=posting, user=world.responder_staff, body="closed")
    assert error.value.code == "not_open"
    assert Conversation.objects.count() == 0


def test_favourites(world):
    posting = published(world)
    engagement.favourite(user=world.outsider, posting_id=posting.pk)
    engagement.favourite(user=world.outsider, posting_id=posting.pk)
    assert [p.pk for p in selectors.favourites(world.outsider)] == [posting.pk]
    engagement.unfavourite(user=world.outsider, posting_id=posting.pk)
    assert selectors.favourites(world.outsider) == []
    draft = postings.create_posting(user=world.poster_staff, kind="talent_demand", title="t")
    with pytest.raises(rules.NotFound):
        engagement.favourite(user=world.outsider, posting_id=draft.pk)
