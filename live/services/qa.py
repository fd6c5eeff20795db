from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from live import selectors
from live.errors import LiveError
from live.fanout import moderators_topic, publish_on_commit, user_topic
from live.models import Question, QuestionVote, Room
from live.permissions import is_room_moderator
from live.protocol import ErrorCode, QaQueueFrame
from live.services.checks import check_can_post
from live.services.events import append_event, record_action, withdraw_from_events


def _publish_question(room: Room, question: Question) -> None:
    """Approved questions are room events; the queue is for moderators (and the author)."""
    data = selectors.question_out(question)
    if question.status == Question.Status.PENDING:
        frame = QaQueueFrame.build(room=room.slug, question=data)
        publish_on_commit(moderators_topic(room.pk), frame)
        publish_on_commit(user_topic(question.author_id), frame)
    else:
        append_event(room, "qa.question", lambda seq: {"question": data})


def ask_question(*, room: Room, user, text: str, client_ref: str = "") -> Question:
    if client_ref:
        existing = Question.objects.filter(room=room, author=user, client_ref=client_ref).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            roles = check_can_post(room, user, text, slow_mode=False)
            moderated = room.qa_moderated and "moderator" not in roles
            question = Question.objects.create(
                room=room,
                author=user,
                text=text,
                client_ref=client_ref,
                status=Question.Status.PENDING if moderated else Question.Status.APPROVED,
            )
            _publish_question(room, question)
    except IntegrityError:
        existing = Question.objects.filter(room=room, author=user, client_ref=client_ref).first()
        if existing is None:
            raise
        return existing
    return question


@transaction.atomic
def toggle_upvote(*, room: Room, user, question_id: int, announce: bool = True) -> Question:
    """Toggle; `announce=False` (large rooms) leaves telling the room to a coalesced summary."""
    question = Question.objects.select_for_update().filter(room=room, pk=question_id).first()
    if question is None or question.status != Question.Status.APPROVED:
        raise LiveError(ErrorCode.NOT_FOUND, f"No open question {question_id} in this room.")
    removed, _ = QuestionVote.objects.filter(question=question, user=user).delete()
    if removed:
        Question.objects.filter(pk=question.pk).update(votes=F("votes") - 1)
    else:
        QuestionVote.objects.create(question=question, user=user)
        Question.objects.filter(pk=question.pk).update(votes=F("votes") + 1)
    question.refresh_from_db()
    if announce:
        _publish_question(room, question)
    return question


@transaction.atomic
def moderate_question(*, room: Room, user, question_id: int, action: str) -> Question:
    if not is_room_moderator(room, user):
        raise LiveError(ErrorCode.FORBIDDEN, "Only moderators can moderate questions.")
    question = Question.objects.select_for_update().filter(room=room, pk=question_id).first()
    if question is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No question {question_id} in this room.")
    was_public = question.status == Question.Status.APPROVED
    if action == "approve":
        if question.status != Question.Status.PENDING:
            raise LiveError(ErrorCode.INVALID_STATE, "Only pending questions can be approved.")
        question.status = Question.Status.APPROVED
    elif action == "dismiss":
        if question.status == Question.Status.DISMISSED:
            raise LiveError(ErrorCode.INVALID_STATE, "The question is dismissed already.")
        question.status = Question.Status.DISMISSED
    elif question.status != Question.Status.APPROVED:
        raise LiveError(ErrorCode.INVALID_STATE, "Approve the question first.")
    else:
        question.answered = action == "answer" if action in ("answer", "unanswer") else question.answered
        question.pinned = action == "pin" if action in ("pin", "unpin") else question.pinned
    dismissed = question.status == Question.Status.DISMISSED
    if dismissed:
        # Withdrawn for good: its text goes from the question and from every stored event.
        question.text = ""
    question.save(update_fields=["status", "answered", "pinned", "text"])
    record_action(room, user, f"qa.{action}", question.author_id, question_id=question.pk)
    out = selectors.question_out(question)
    if dismissed:
        stored = Q(type="qa.question", data__question__id=question.pk)
        withdraw_from_events(room, stored, lambda data: {**data, "question": out})
    if was_public or question.status == Question.Status.APPROVED:
        append_event(room, "qa.question", lambda seq: {"question": out})
    if not was_public:
        # Tell the queue the question left it.
        frame = QaQueueFrame.build(room=room.slug, question=out)
        publish_on_commit(moderators_topic(room.pk), frame)
        publish_on_commit(user_topic(question.author_id), frame)
    return question
