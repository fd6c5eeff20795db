import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from channels.db import database_sync_to_async

from live.coalesce import reaction_coalescer
from live.errors import LiveError
from live.models import Room
from live.presence import presence
from live.protocol import ChatDelete, ChatDeleteAck, ChatReact, ChatReactAck, ChatSend, ChatSendAck, ErrorCode
from live.ratelimit import BucketTable, limit
from live.registry import ROOM_KINDS, command
from live.services import chat

logger = logging.getLogger(__name__)

# Per person and room, across this process's connections (a second tab gets no more).
post_limits = BucketTable(limit("POST_RATE"), limit("POST_BURST"))


_hook_tasks: set[asyncio.Future] = set()


def run_hook(hook, *args) -> None:
    """A room kind's hook, in a worker thread, after the ack; failures are logged only."""

    async def run() -> None:
        try:
            await database_sync_to_async(hook)(*args)
        except Exception:
            logger.exception("room hook %s failed", getattr(hook, "__name__", hook))

    task = asyncio.ensure_future(run())
    _hook_tasks.add(task)
    task.add_done_callback(_hook_tasks.discard)


@asynccontextmanager
async def post_rate(user_id: int, room_id: int) -> AsyncIterator[None]:
    """Count a post against the person's rate; a post the room refused (slow mode, muted,
    …) is given back, so that being told "no" does not also cost the next try."""
    key = (user_id, room_id)
    wait = post_limits.take(key)
    if wait:
        raise LiveError(ErrorCode.RATE_LIMITED, "You are posting too fast.", retry_after=round(wait, 2))
    try:
        yield
    except LiveError:
        post_limits.refund(key)
        raise


def _room(room_id: int) -> Room:
    return Room.objects.get(pk=room_id)


@database_sync_to_async
def _send(room_id: int, user, text: str, ref: str) -> chat.SendResult:
    return chat.send_message(room=_room(room_id), user=user, text=text, client_ref=ref)


@command("chat.send", logged_in=True, ack=ChatSendAck)
async def send(conn, frame: ChatSend, joined) -> ChatSendAck:
    async with post_rate(conn.user.pk, joined.room_id):
        result = await _send(joined.room_id, conn.user, frame.text, str(frame.ref))
    kind = ROOM_KINDS.get(joined.kind)
    if not result.duplicate and kind is not None and kind.on_message is not None:
        run_hook(kind.on_message, joined.room_id, conn.user, frame.text)
    return ChatSendAck.build(message_id=result.message_id, seq=result.seq, duplicate=result.duplicate)


@command("chat.delete", logged_in=True, ack=ChatDeleteAck)
async def delete(conn, frame: ChatDelete, joined) -> ChatDeleteAck:
    seq = await database_sync_to_async(
        lambda: chat.delete_message(room=_room(joined.room_id), user=conn.user, message_id=frame.message_id)
    )()
    return ChatDeleteAck.build(seq=seq)


@command("chat.react", logged_in=True, ack=ChatReactAck)
async def react(conn, frame: ChatReact, joined) -> ChatReactAck:
    large = presence.is_large(joined.room_id)
    counts = await database_sync_to_async(
        lambda: chat.toggle_reaction(
            room=_room(joined.room_id),
            user=conn.user,
            message_id=frame.message_id,
            emoji=frame.emoji,
            announce=not large,
        )
    )()
    if large:
        reaction_coalescer.mark(joined.room_id, frame.message_id)
    return ChatReactAck.build(reactions=counts)
