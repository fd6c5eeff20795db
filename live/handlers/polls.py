from channels.db import database_sync_to_async

from live import selectors
from live.coalesce import poll_results_coalescer
from live.handlers.chat import _room
from live.protocol import EmptyAck, PollAck, PollClose, PollCreate, PollOpen, PollVote
from live.registry import command
from live.services import polls


def _poll_answer(poll) -> PollAck:
    return PollAck.build(poll=selectors.poll_out(poll))


@command("poll.create", moderator=True, ack=PollAck)
async def create(conn, frame: PollCreate, joined) -> PollAck:
    return await database_sync_to_async(
        lambda: _poll_answer(
            polls.create_poll(
                room=_room(joined.room_id),
                user=conn.user,
                question=frame.question,
                options=list(frame.options),
                open_now=frame.open,
            )
        )
    )()


@command("poll.open", moderator=True, ack=PollAck)
async def open_(conn, frame: PollOpen, joined) -> PollAck:
    return await database_sync_to_async(
        lambda: _poll_answer(polls.open_poll(room=_room(joined.room_id), user=conn.user, poll_id=frame.poll_id))
    )()


@command("poll.close", moderator=True, ack=PollAck)
async def close(conn, frame: PollClose, joined) -> PollAck:
    return await database_sync_to_async(
        lambda: _poll_answer(polls.close_poll(room=_room(joined.room_id), user=conn.user, poll_id=frame.poll_id))
    )()


@command("poll.vote", logged_in=True, ack=EmptyAck)
async def vote(conn, frame: PollVote, joined) -> None:
    await database_sync_to_async(
        lambda: polls.vote(room=_room(joined.room_id), user=conn.user, poll_id=frame.poll_id, option_id=frame.option_id)
    )()
    poll_results_coalescer.mark(frame.poll_id)
