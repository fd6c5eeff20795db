"""Writes of networking: card exchanges (both consent, either withdraws), blocks and
reports, and opening the direct-message room of a pair.

Every refusal is a live.errors.LiveError, so the socket and the JSON API answer alike.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.text import clean_text
from live.access import recheck_access
from live.errors import LiveError
from live.protocol import ErrorCode
from networking import notices, people, rules
from networking.models import CARD_FIELDS, Block, CardExchange, DirectRoom

User = get_user_model()

CARD_CONSENT = "networking.card"
CARD_CONSENT_VERSION = "2026-12-01"
MAX_CARD_VALUE = 200
MAX_MESSAGE = 300

CANNOT_REACH = _("You cannot exchange cards or messages with this person.")


def _refuse_unreachable() -> LiveError:
    return LiveError(ErrorCode.FORBIDDEN, bilingual(CANNOT_REACH))


def _other_person(user, other_id: int):
    if not user.is_authenticated:
        raise LiveError(ErrorCode.AUTH_REQUIRED, bilingual(_("Please log in.")))
    if other_id == user.pk:
        raise LiveError(ErrorCode.INVALID_STATE, bilingual(_("That is you.")))
    other = User.objects.filter(pk=other_id, is_active=True).first()
    if other is None:
        raise LiveError(ErrorCode.NOT_FOUND, bilingual(_("No such person.")))
    if rules.blocked_between(user.pk, other.pk):
        raise _refuse_unreachable()
    return other


def build_card(user, *, share: list[str] | None = None, card: dict[str, Any] | None = None) -> dict[str, str]:
    """The card this person shares: the fields in `share` (all by default), each the value
    they gave in `card` or else the one on their account and profile; empty fields left out."""
    chosen = list(CARD_FIELDS) if share is None else [name for name in share if name in CARD_FIELDS]
    defaults = people.default_card(user)
    given = card if isinstance(card, dict) else {}
    result: dict[str, str] = {}
    for name in chosen:
        value = given.get(name, defaults.get(name, ""))
        value = clean_text(value, multiline=False)[:MAX_CARD_VALUE]
        if value:
            result[name] = value
    return result


def _record_consent(user, other, *, granted: bool, fields: list[str]) -> None:
    people.record_consent(
        user,
        CARD_CONSENT,
        granted=granted,
        text_version=CARD_CONSENT_VERSION,
        context={"with_user": other.pk if other else None, "fields": fields},
    )


@transaction.atomic
def request_card(
    requester, recipient_id: int, *, share: list[str] | None = None, card: dict | None = None, message: str = ""
) -> CardExchange:
    """Ask to exchange cards. Asking someone who already asked you accepts theirs (both
    consented); asking again while pending or exchanged changes nothing."""
    recipient = _other_person(requester, recipient_id)
    low, high = rules.pair(requester.pk, recipient.pk)
    exchange = CardExchange.objects.select_for_update().filter(user_low_id=low, user_high_id=high).first()
    my_card = build_card(requester, share=share, card=card)
    if exchange is not None:
        if exchange.status == CardExchange.Status.ACCEPTED:
            return exchange
        if exchange.status == CardExchange.Status.PENDING:
            if exchange.recipient_id == requester.pk:
                return _accept(exchange, requester, my_card)
            return exchange
        if exchange.status == CardExchange.Status.DECLINED and exchange.requester_id == requester.pk:
            raise LiveError(ErrorCode.INVALID_STATE, bilingual(_("This person declined your request.")))
    elif not people.listed(recipient):
        # Only people who are in the directory can be asked (no reaching opted-out people).
        raise LiveError(ErrorCode.NOT_FOUND, bilingual(_("No such person.")))
    if exchange is None:
        exchange = CardExchange(user_low_id=low, user_high_id=high)
    exchange.requester, exchange.recipient = requester, recipient
    exchange.status = CardExchange.Status.PENDING
    exchange.requester_card, exchange.recipient_card = my_card, {}
    exchange.message = clean_text(message)[:MAX_MESSAGE]
    exchange.responded_at = None
    exchange.withdrawn_by = None
    try:
        with transaction.atomic():
            exchange.save()
    except IntegrityError as error:  # the other asked at the same moment
        raise LiveError(ErrorCode.INVALID_STATE, bilingual(_("Please try again."))) from error
    _record_consent(requester, recipient, granted=True, fields=sorted(my_card))
    notices.card_requested(exchange)
    return exchange


def _exchange_for(user, exchange_id: int) -> CardExchange:
    mine = Q(user_low_id=user.pk) | Q(user_high_id=user.pk)
    exchange = CardExchange.objects.select_for_update().filter(mine, pk=exchange_id).first()
    if exchange is None:
        raise LiveError(ErrorCode.NOT_FOUND, bilingual(_("No such card exchange.")))
    return exchange


def _accept(exchange: CardExchange, user, my_card: dict[str, str]) -> CardExchange:
    exchange.status = CardExchange.Status.ACCEPTED
    exchange.recipient_card = my_card
    exchange.responded_at = timezone.now()
    exchange.save(update_fields=["status", "recipient_card", "responded_at"])
    _record_consent(user, exchange.requester, granted=True, fields=sorted(my_card))
    notices.card_accepted(exchange)
    return exchange


@transaction.atomic
def respond_card(
    user,
    exchange_id: int,
    *,
    accept: bool,
    share: list[str] | None = None,
    card: dict | None = None,
    block: bool = False,
) -> CardExchange:
    """The recipient accepts (sharing their own card) or declines (and may block the asker)."""
    exchange = _exchange_for(user, exchange_id)
    if exchange.recipient_id != user.pk or exchange.status != CardExchange.Status.PENDING:
        raise LiveError(ErrorCode.INVALID_STATE, bilingual(_("This request is not waiting for your answer.")))
    if accept:
        if rules.blocked_between(exchange.requester_id, user.pk):
            raise _refuse_unreachable()
        return _accept(exchange, user, build_card(user, share=share, card=card))
    exchange.status = CardExchange.Status.DECLINED
    exchange.responded_at = timezone.now()
    exchange.save(update_fields=["status", "responded_at"])
    if block:
        block_person(user, exchange.requester_id)
    return exchange


@transaction.atomic
def withdraw_card(user, exchange_id: int) -> CardExchange:
    """Either side ends an exchange (or takes back a request): neither keeps the other's card."""
    exchange = _exchange_for(user, exchange_id)
    if exchange.status not in (CardExchange.Status.ACCEPTED, CardExchange.Status.PENDING):
        raise LiveError(ErrorCode.INVALID_STATE, bilingual(_("There is nothing to withdraw.")))
    _withdraw(exchange, user)
    return exchange


def _withdraw(exchange: CardExchange, user) -> None:
    exchange.status = CardExchange.Status.WITHDRAWN
    exchange.withdrawn_by = user
    exchange.requester_card, exchange.recipient_card = {}, {}
    exchange.save(update_fields=["status", "withdrawn_by", "requester_card", "recipient_card"])
    other = User.objects.filter(pk=exchange.other(user.pk)).first()
    _record_consent(user, other, granted=False, fields=[])


@transaction.atomic
def block_person(user, other_id: int, *, report: bool = False, reason: str = "") -> Block:
    """Block (and optionally report) someone: their pending request is declined, an exchanged
    card withdrawn, and neither can reach the other again (their direct room is left at once)."""
    if not user.is_authenticated:
        raise LiveError(ErrorCode.AUTH_REQUIRED, bilingual(_("Please log in.")))
    if other_id == user.pk:
        raise LiveError(ErrorCode.INVALID_STATE, bilingual(_("That is you.")))
    if not User.objects.filter(pk=other_id).exists():
        raise LiveError(ErrorCode.NOT_FOUND, bilingual(_("No such person.")))
    block, created = Block.objects.get_or_create(blocker=user, blocked_id=other_id)
    if report and not block.reported:
        block.reported = True
        block.reason = clean_text(reason)[:500]
        block.save(update_fields=["reported", "reason"])
    low, high = rules.pair(user.pk, other_id)
    exchange = CardExchange.objects.select_for_update().filter(user_low_id=low, user_high_id=high).first()
    if exchange is not None:
        if exchange.status == CardExchange.Status.PENDING and exchange.recipient_id == user.pk:
            exchange.status = CardExchange.Status.DECLINED
            exchange.responded_at = timezone.now()
            exchange.save(update_fields=["status", "responded_at"])
        elif exchange.status in (CardExchange.Status.ACCEPTED, CardExchange.Status.PENDING):
            _withdraw(exchange, user)
    if created:
        # Open sockets in their direct room re-evaluate it (and leave it).
        recheck_access(user.pk)
        recheck_access(other_id)
    return block


@transaction.atomic
def unblock_person(user, other_id: int) -> None:
    deleted, _ = Block.objects.filter(blocker=user, blocked_id=other_id).delete()
    if deleted:
        recheck_access(user.pk)
        recheck_access(other_id)


def can_message(user, other) -> bool:
    """Someone in the directory, someone one exchanged cards with, or an existing conversation."""
    low, high = rules.pair(user.pk, other.pk)
    if DirectRoom.objects.filter(user_low_id=low, user_high_id=high).exists():
        return True
    if CardExchange.objects.filter(user_low_id=low, user_high_id=high, status=CardExchange.Status.ACCEPTED).exists():
        return True
    return people.listed(other)


@transaction.atomic
def open_direct_room(user, other_id: int) -> DirectRoom:
    """The one direct-message room of this pair, created on first use."""
    from networking.roomkind import create_room

    other = _other_person(user, other_id)
    if not can_message(user, other):
        raise LiveError(ErrorCode.NOT_FOUND, bilingual(_("No such person.")))
    low, high = rules.pair(user.pk, other.pk)
    direct = DirectRoom.objects.select_related("room").filter(user_low_id=low, user_high_id=high).first()
    if direct is not None:
        return direct
    try:
        with transaction.atomic():
            return DirectRoom.objects.create(room=create_room(low, high), user_low_id=low, user_high_id=high)
    except IntegrityError:  # both opened it at the same moment
        return DirectRoom.objects.select_related("room").get(user_low_id=low, user_high_id=high)
