"""Rights changes reach open sockets.

Access to a room is decided at join; when what it was decided on changes (an organisation
membership ends, a moderator role ends, an account is deactivated or an organizer demoted),
the app that owns the change calls `recheck_access(user_id)` (or connects its model with
`watch_rights`). That publishes on the person's topic, which every process subscribed for
their sockets hears (through Redis when there are several), and each socket re-evaluates
its rooms with the same rules as a join (live.services.rooms.room_access, room kinds'
roles included): a room no longer allowed is left with `room.removed` (and a reason); changed
roles come as `room.access` (a moderator who is one no more loses the queue and the tools);
a deactivated or deleted account's socket leaves every room and is closed (4003).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from dataclasses import dataclass
from typing import Any, Literal

from channels.db import database_sync_to_async
from django.conf import settings
from django.db.models.signals import post_delete, post_save

from live import protocol
from live.broadcast import RECHECK_ACCESS, hub, moderators_topic, user_topic
from live.fanout import publish_on_commit
from live.permissions import RoomAccess
from live.registry import ROOM_KINDS

logger = logging.getLogger(__name__)

ACCOUNT_CLOSED = "Your account was deactivated."
SIGNED_OUT = "You signed out (or the API token of this connection was revoked)."


@dataclass(frozen=True, slots=True)
class Credential:
    """What an authenticated socket's identity rests on: the browser's session (database
    sessions) or the API token it presented. Rechecked with the person's rooms, so that a
    logout or a revoked token closes the sockets they opened."""

    session_key: str | None = None
    token_id: int | None = None


_running: dict[Any, asyncio.Task] = {}
_again: set[Any] = set()


def recheck_access(user_id: int) -> None:
    """After the transaction commits: every socket of this person, in every process,
    re-evaluates its rooms."""
    publish_on_commit(user_topic(user_id), AccessRecheck.build(), remove_room=RECHECK_ACCESS)


class AccessRecheck(protocol.ServerFrame):
    """Between processes only (on the bus, never sent to a client): recheck this person."""

    type: Literal["access.recheck"]


def watch_rights(model, user_field: str = "user_id") -> None:
    """Recheck a person's sockets whenever a row of `model` that gives them rights is saved
    or deleted (QuerySet.update bypasses signals: call recheck_access there)."""

    def changed(sender, instance, **kwargs) -> None:
        user_id = getattr(instance, user_field, None)
        if user_id is not None:
            recheck_access(user_id)

    uid = f"live.access.{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ".save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ".delete")


ACCOUNT_FIELDS = frozenset({"is_active", "is_staff", "is_superuser"})


def account_saved(sender, instance, created: bool = False, update_fields=None, **kwargs) -> None:
    """A user saved: deactivation or a change of organizer rights matters to open sockets
    (a login's `last_login` update does not)."""
    if created or (update_fields is not None and not ACCOUNT_FIELDS & set(update_fields)):
        return
    recheck_access(instance.pk)


def account_deleted(sender, instance, **kwargs) -> None:
    recheck_access(instance.pk)


def schedule(conn) -> None:
    """From the hub (never blocking its delivery loop): recheck this connection soon; a
    change arriving while one runs makes it run once more."""
    if conn in _running:
        _again.add(conn)
        return
    # A fresh context: when the change was published from a worker thread of this process
    # (LocalBackend), the current one says "inside sync_to_async", and the recheck's own
    # database call would be refused as a deadlock.
    _running[conn] = asyncio.get_running_loop().create_task(_run(conn), context=contextvars.Context())


async def _run(conn) -> None:
    try:
        while True:
            _again.discard(conn)
            try:
                await recheck(conn)
            except Exception:
                logger.exception("rechecking a connection's rooms failed")
            if conn not in _again:
                break
    finally:
        _running.pop(conn, None)
        _again.discard(conn)


def you(access: RoomAccess) -> dict[str, Any]:
    return {"moderator": access.is_moderator, "roles": sorted(access.roles), "can_post": access.can_post}


async def recheck(conn) -> None:
    from live.services.rooms import recheck_rooms

    if not conn.user.is_authenticated:
        return
    rooms = {joined.room_id: joined for joined in conn.rooms.values()}
    user, verdicts = await database_sync_to_async(recheck_rooms)(conn.user.pk, list(rooms))
    if user is None:
        for joined in list(conn.rooms.values()):
            await remove(conn, joined, ACCOUNT_CLOSED)
        await conn.close(code=protocol.CLOSE_ACCOUNT_CLOSED)
        return
    credential = getattr(conn, "credential", None)
    if credential is not None and not await database_sync_to_async(credential_holds)(credential, conn.user.pk):
        for joined in list(conn.rooms.values()):
            await remove(conn, joined, SIGNED_OUT)
        await conn.close(code=protocol.CLOSE_SIGNED_OUT)
        return
    conn.user = user
    for room_id, verdict in verdicts.items():
        joined = rooms[room_id]
        if conn.rooms_by_id.get(room_id) is not joined:
            continue  # left (or rejoined, with fresh rights) meanwhile
        if isinstance(verdict, str):
            await remove(conn, joined, verdict)
            continue
        before, joined.access = joined.access, verdict
        if verdict.is_moderator and not before.is_moderator:
            await hub.subscribe(moderators_topic(room_id), conn)
        elif before.is_moderator and not verdict.is_moderator:
            await hub.unsubscribe(moderators_topic(room_id), conn)
        if you(verdict) != you(before):
            await conn.send_frame(protocol.RoomAccessFrame.build(room=joined.slug, you=you(verdict)))
        kind = ROOM_KINDS.get(joined.kind)
        if kind is not None and kind.on_recheck is not None:
            try:
                await kind.on_recheck(conn, joined)
            except Exception:
                logger.exception("room kind %s: recheck hook failed", joined.kind)


def credential_holds(credential: Credential, user_id: int) -> bool:
    """Sync: whether the session or token still stands for this person (a database session
    that was flushed at logout, or whose password hash is stale, does not)."""
    from accounts.services import token_is_live
    from live.auth import DB_SESSIONS, users_of_sessions

    if credential.token_id is not None:
        return token_is_live(credential.token_id)
    if credential.session_key is not None and settings.SESSION_ENGINE == DB_SESSIONS:
        found = users_of_sessions([credential.session_key])[credential.session_key].user
        return found is not None and found.pk == user_id
    return True  # sessions kept elsewhere (cache, signed cookies): not checked here


def signed_out(sender, request, user, **kwargs) -> None:
    """A logout (django.contrib.auth's signal, before it flushes the session): the session
    ends now, so that every socket it opened is closed by the recheck, whichever runs first."""
    if user is None or request is None:
        return
    request.session.delete()
    recheck_access(user.pk)


async def remove(conn, joined, reason: str) -> None:
    await conn.leave(joined)
    await conn.send_frame(protocol.RoomRemovedFrame.build(room=joined.slug, reason=reason))
