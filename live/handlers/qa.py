from channels.db import database_sync_to_async

from live import selectors
from live.coalesce import upvote_coalescer
from live.handlers.chat import _room, post_rate
from live.presence import presence
from live.protocol import QaAsk, QaAskAck, QaModerate, QaModerateAck, QaUpvote, QaUpvoteAck
from live.registry import command
from live.services import qa


@command("qa.ask", logged_in=True, ack=QaAskAck)
async def ask(conn, frame: QaAsk, joined) -> QaAskAck:
    async with post_rate(conn.user.pk, joined.room_id):
        question = await database_sync_to_async(
            lambda: qa.ask_question(
                room=_room(joined.room_id), user=conn.user, text=frame.text, client_ref=str(frame.ref)
            )
        )()
    return QaAskAck.build(question_id=question.pk, status=question.status)


@command("qa.upvote", logged_in=True, ack=QaUpvoteAck)
async def upvote(conn, frame: QaUpvote, joined) -> QaUpvoteAck:
    large = presence.is_large(joined.room_id)
    question = await database_sync_to_async(
        lambda: qa.toggle_upvote(
            room=_room(joined.room_id), user=conn.user, question_id=frame.question_id, announce=not large
        )
    )()
    if large:
        upvote_coalescer.mark(joined.room_id, frame.question_id)
    return QaUpvoteAck.build(votes=question.votes)


@command("qa.moderate", moderator=True, ack=QaModerateAck)
async def moderate(conn, frame: QaModerate, joined) -> QaModerateAck:
    question = await database_sync_to_async(
        lambda: qa.moderate_question(
            room=_room(joined.room_id), user=conn.user, question_id=frame.question_id, action=frame.action
        )
    )()
    return QaModerateAck.build(question=selectors.question_out(question))
