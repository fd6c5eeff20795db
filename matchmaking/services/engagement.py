"""Favourites and ratings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import User
from accounts.text import clean_text
from matchmaking import rules
from matchmaking.models import Conversation, Favourite, Posting, Rating
from matchmaking.models.engagement import COMMENT_MAX


def _visible_posting(user: User, posting_id: int) -> Posting:
    posting = Posting.objects.filter(pk=posting_id).first()
    if posting is None or not rules.can_see_posting(user, posting):
        raise rules.NotFound()
    return posting


def favourite(*, user: User, posting_id: int) -> Favourite:
    rules.require_login(user)
    posting = _visible_posting(user, posting_id)
    row, _created = Favourite.objects.get_or_create(user=user, posting=posting)
    return row


def unfavourite(*, user: User, posting_id: int) -> None:
    rules.require_login(user)
    posting = _visible_posting(user, posting_id)
    Favourite.objects.filter(user=user, posting=posting).delete()


def _clean_stars(stars: Any) -> int:
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ValidationError({"stars": ValidationError(bilingual(_("Give one to five stars.")), code="invalid_stars")})
    return stars


@transaction.atomic
def rate(*, user: User, posting_id: int, stars: Any, comment: str = "", organisation_id: int | None = None) -> Rating:
    """The user's organisation rates its counterpart in this posting's conversation: refused
    before they have talked (no conversation), once per pair and posting."""
    rules.require_login(user)
    posting = _visible_posting(user, posting_id)
    stars = _clean_stars(stars)
    text = clean_text(comment)
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            {"comment": ValidationError(bilingual(_("At most %(n)s characters."), n=COMMENT_MAX), code="too_long")}
        )
    mine = rules.member_org_ids(user)
    if organisation_id is not None:
        if organisation_id not in mine:
            raise rules.NotFound()
        mine = {organisation_id}
    if posting.organisation_id in mine:
        # The poster rates a responder: which one is the conversation's (organisation_id names
        # the rater; the rated is given by the conversation the caller comes from).
        raise ValidationError(bilingual(_("Rate a responder from its conversation.")), code="conversation_required")
    conversation = (
        Conversation.objects.filter(posting=posting, responder_id__in=mine, messages__isnull=False).distinct().first()
    )
    if conversation is None:
        raise ValidationError(
            bilingual(_("You can rate an organisation once you have had a conversation with it on this posting.")),
            code="no_conversation",
        )
    return _store(user, posting, conversation.responder_id, posting.organisation_id, stars, text)


@transaction.atomic
def rate_in_conversation(*, user: User, conversation_id: int, stars: Any, comment: str = "") -> Rating:
    """Rate the other side of a conversation (from the conversation page)."""
    from matchmaking.selectors import conversation_for

    conversation = conversation_for(user, conversation_id)
    side = rules.conversation_side(user, conversation)
    stars = _clean_stars(stars)
    text = clean_text(comment)
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            {"comment": ValidationError(bilingual(_("At most %(n)s characters."), n=COMMENT_MAX), code="too_long")}
        )
    other = (
        conversation.responder_id
        if side == conversation.posting.organisation_id
        else conversation.posting.organisation_id
    )
    if not conversation.messages.exists():
        raise ValidationError(
            bilingual(_("You can rate an organisation once you have had a conversation with it on this posting.")),
            code="no_conversation",
        )
    return _store(user, conversation.posting, side, other, stars, text)


def _store(user: User, posting: Posting, rater_id: int, rated_id: int, stars: int, comment: str) -> Rating:
    if Rating.objects.filter(posting=posting, rater_id=rater_id, rated_id=rated_id).exists():
        raise ValidationError(
            bilingual(_("Your organisation has rated this organisation for this posting already.")),
            code="already_rated",
        )
    try:
        with transaction.atomic():
            return Rating.objects.create(
                posting=posting, rater_id=rater_id, rated_id=rated_id, author=user, stars=stars, comment=comment
            )
    except IntegrityError:
        raise ValidationError(
            bilingual(_("Your organisation has rated this organisation for this posting already.")),
            code="already_rated",
        ) from None
