"""在线洽谈: respond to a posting (opens the conversation with its first message), reply
with attachments, schedule a video meeting from the conversation (a meeting whose context
points back here: meetings.services.request_meeting)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import limits
from accounts.i18n import bilingual
from accounts.models import OrganisationMembership, User
from accounts.text import clean_text
from matchmaking import attachments, notices, rules, selectors
from matchmaking.models import Conversation, Message, MessageAttachment, Posting
from matchmaking.models.conversations import MESSAGE_MAX
from matchmaking.services.postings import _organisation_for


def _clean_body(body: Any, *, required: bool) -> str:
    text = clean_text(body)
    if len(text) > MESSAGE_MAX:
        raise ValidationError(
            {"body": ValidationError(bilingual(_("At most %(n)s characters."), n=MESSAGE_MAX), code="too_long")}
        )
    if required and not text:
        raise ValidationError({"body": ValidationError(bilingual(_("Write a message.")), code="body_required")})
    return text


def _store_message(conversation: Conversation, *, user: User, organisation_id: int, body: str, uploads) -> Message:
    uploads = list(uploads or [])
    if len(uploads) > attachments.MAX_FILES_PER_MESSAGE:
        raise ValidationError(
            bilingual(_("At most %(n)s files per message."), n=attachments.MAX_FILES_PER_MESSAGE),
            code="too_many_attachments",
        )
    checked = [(upload, attachments.check(upload)) for upload in uploads]  # all pass, or none is stored
    if not body and not checked:
        raise ValidationError({"body": ValidationError(bilingual(_("Write a message.")), code="body_required")})
    message = Message.objects.create(conversation=conversation, author=user, organisation_id=organisation_id, body=body)
    for upload, result in checked:
        row = MessageAttachment(
            message=message,
            name=attachments.display_name(upload),
            content_type=result.kind.content_type,
            size=result.size,
        )
        row.file.save(attachments.stored_name(result), result.content, save=False)
        row.save()
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at"])
    return message


@transaction.atomic
def respond(
    *, posting: Posting, user: User, body: str, organisation_id: int | None = None, today: date | None = None
) -> Conversation:
    """The responding organisation's first message: opens its conversation with the poster
    (one per posting and organisation; responding again adds to it)."""
    rules.require_login(user)
    posting = Posting.objects.select_related("organisation").filter(pk=posting.pk).first()
    if posting is None or not rules.can_see_posting(user, posting):
        raise rules.NotFound()
    organisation = _organisation_for(user, organisation_id)
    if organisation.pk == posting.organisation_id:
        raise ValidationError(bilingual(_("This is your organisation's own posting.")), code="own_posting")
    if not organisation.is_verified:
        raise ValidationError(
            bilingual(_("Your organisation responds once the organizers have verified it.")),
            code="organisation_not_verified",
        )
    if not posting.is_public:
        raise ValidationError(bilingual(_("This posting takes no responses now.")), code="not_open")
    if posting.deadline is not None and posting.deadline < (today or timezone.localdate()):
        raise ValidationError(bilingual(_("The deadline of this posting has passed.")), code="deadline_passed")
    text = _clean_body(body, required=True)
    conversation = Conversation.objects.filter(posting=posting, responder=organisation).first()
    created = conversation is None
    if created:
        limits.check("matchmaking_response", user)
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(posting=posting, responder=organisation, started_by=user)
        except IntegrityError:  # two colleagues at once: the other one opened it
            conversation = Conversation.objects.get(posting=posting, responder=organisation)
            created = False
    message = _store_message(conversation, user=user, organisation_id=organisation.pk, body=text, uploads=())
    if created:
        limits.count("matchmaking_response", user)
        notices.responded(conversation, message)
    else:
        notices.new_message(conversation, message)
    return conversation


@transaction.atomic
def reply(*, conversation_id: int, user: User, body: str = "", uploads=()) -> Message:
    conversation = selectors.conversation_for(user, conversation_id)
    side = rules.conversation_side(user, conversation)
    text = _clean_body(body, required=False)
    message = _store_message(conversation, user=user, organisation_id=side, body=text, uploads=uploads)
    notices.new_message(conversation, message)
    return message


def _counterparts(conversation: Conversation, side: int) -> list[int]:
    """Who a meeting invites by default: the other side's person in the conversation (the
    poster's author, or whoever opened it), else the other organisation's admins."""
    other = (
        conversation.responder_id
        if side == conversation.posting.organisation_id
        else conversation.posting.organisation_id
    )
    members = set(
        OrganisationMembership.objects.filter(organisation_id=other, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    preferred = [
        conversation.posting.author_id if other == conversation.posting.organisation_id else conversation.started_by_id
    ]
    preferred += list(
        conversation.messages.filter(organisation_id=other).order_by("-created_at").values_list("author_id", flat=True)
    )
    for pk in preferred:
        if pk in members:
            return [pk]
    admins = OrganisationMembership.objects.filter(
        organisation_id=other, role=OrganisationMembership.Role.ADMIN, user__is_active=True
    ).values_list("user_id", flat=True)
    return list(admins)[:5]


@transaction.atomic
def schedule_meeting(*, conversation_id: int, user: User, topic: str, slots, invitee_ids: list[int] | None = None):
    """A video meeting of the two sides (meetings.services.request_meeting), its context
    pointing back to this conversation; a note in the conversation says so."""
    from meetings.services import request_meeting

    conversation = selectors.conversation_for(user, conversation_id)
    side = rules.conversation_side(user, conversation)
    allowed = set(
        OrganisationMembership.objects.filter(
            organisation_id__in=conversation.organisation_ids(), user__is_active=True
        ).values_list("user_id", flat=True)
    )
    invitees = list(dict.fromkeys(invitee_ids)) if invitee_ids else _counterparts(conversation, side)
    if not invitees or any(pk not in allowed or pk == user.pk for pk in invitees):
        raise ValidationError(
            {
                "invitee_ids": ValidationError(
                    bilingual(_("Invite members of the two organisations of this conversation.")), code="bad_invitee"
                )
            }
        )
    posting = conversation.posting
    meeting = request_meeting(
        user,
        invitees,
        topic=topic,
        slots=slots,
        context={
            "kind": "matchmaking.conversation",
            "id": conversation.pk,
            "label_zh": f"项目洽谈：{posting.title}"[:200],
            "label_en": f"Negotiation: {posting.title_en or posting.title}"[:200],
            "url": selectors.conversation_url(conversation),
        },
    )
    message = _store_message(
        conversation,
        user=user,
        organisation_id=side,
        body=f"📅 {meeting.topic}",
        uploads=(),
    )
    notices.new_message(conversation, message)
    return meeting


def require_party(user: User, conversation: Conversation) -> int:
    side = rules.conversation_side(user, conversation)
    if side is None:
        raise PermissionDenied(bilingual(_("Only the two organisations of a conversation take part in it.")))
    return side
