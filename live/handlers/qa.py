from channels.db import database_sync_to_async

from live import selectors
from live.coalesce import upvote_coalescer
from live.handlers.chat import _room, post_rate
from live.presence import presence
from live.protocol import QaAsk, QaModerate, QaUpvote
from live.registry import command
from live.services import qa


@command("qa.ask", logged_in=True)
async def ask(conn, frame: QaAsk, joined) -> dict:
    async with post_rate(conn.user.pk, joined.room_id):
        question = await database_sync_to_async(
            lambda: qa.ask_question(
                room=_room(joined.room_id), user=conn.user, text=frame.text, client_ref=str(frame.ref)
            )
        )()
    return {"question_id": question.pk, "status": question.status}


@command("qa.upvote", logged_in=True)
async def upvote(conn, frame: QaUpvote, joined) -> dict:
    large = presence.is_large(joined.room_id)
    question = await database_sync_to_async(
        lambda: qa.toggle_upvote(
            room=_room(joined.room_id), user=conn.user, question_id=frame.question_id, announce=not large
        )
    )()
    if large:
        upvote_coalescer.mark(joined.room_id, frame.question_id)
    return {"votes": question.votes}


@command("qa.moderate", moderator=True)
async def moderate(conn, frame: QaModerate, joined) -> dict:
    question = await database_sync_to_async(
        lambda: qa.moderate_question(
            room=_room(joined.room_id), user=conn.user, question_id=frame.question_id, action=frame.action
        )
    )()
    return {"question": selectors.question_out(question)}
