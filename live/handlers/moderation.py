from channels.db import database_sync_to_async

from live import selectors
from live.handlers.chat import _room
from live.protocol import (
    AuditLogAck,
    EmptyAck,
    ModAuditLog,
    ModBan,
    ModLock,
    ModMute,
    ModMuteAck,
    ModSlowMode,
    ModUnban,
    ModUnmute,
    ModWordFilter,
)
from live.registry import command
from live.services import moderation


def _run(fn, joined, **kwargs):
    return database_sync_to_async(lambda: fn(room=_room(joined.room_id), **kwargs))()


@command("mod.mute", moderator=True, ack=ModMuteAck)
async def mute(conn, frame: ModMute, joined) -> ModMuteAck:
    mute = await _run(
        moderation.mute_user, joined, actor=conn.user, user_id=frame.user_id, minutes=frame.minutes, reason=frame.reason
    )
    return ModMuteAck.build(until=mute.until.isoformat())


@command("mod.unmute", moderator=True, ack=EmptyAck)
async def unmute(conn, frame: ModUnmute, joined) -> None:
    await _run(moderation.unmute_user, joined, actor=conn.user, user_id=frame.user_id)


@command("mod.ban", moderator=True, ack=EmptyAck)
async def ban(conn, frame: ModBan, joined) -> None:
    await _run(moderation.ban_user, joined, actor=conn.user, user_id=frame.user_id, reason=frame.reason)


@command("mod.unban", moderator=True, ack=EmptyAck)
async def unban(conn, frame: ModUnban, joined) -> None:
    await _run(moderation.unban_user, joined, actor=conn.user, user_id=frame.user_id)


@command("mod.slow_mode", moderator=True, ack=EmptyAck)
async def slow_mode(conn, frame: ModSlowMode, joined) -> None:
    await _run(moderation.update_room_settings, joined, actor=conn.user, slow_mode_seconds=frame.seconds)


@command("mod.lock", moderator=True, ack=EmptyAck)
async def lock(conn, frame: ModLock, joined) -> None:
    await _run(moderation.update_room_settings, joined, actor=conn.user, locked=frame.locked)


@command("mod.word_filter", moderator=True, ack=EmptyAck)
async def word_filter(conn, frame: ModWordFilter, joined) -> None:
    await _run(moderation.update_room_settings, joined, actor=conn.user, blocked_words="\n".join(frame.words))


@command("mod.audit_log", moderator=True, ack=AuditLogAck)
async def audit_log(conn, frame: ModAuditLog, joined) -> AuditLogAck:
    actions = await database_sync_to_async(lambda: selectors.audit_log(_room(joined.room_id), frame.limit))()
    return AuditLogAck.build(actions=actions)
