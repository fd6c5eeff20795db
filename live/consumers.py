"""One WebSocket per client, carrying any number of rooms.

Thin by design: parse and check the frame against live.protocol, apply the connection's
rate limit, dispatch to the registered handler, answer with an ack or an error.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import channel_layers
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from pydantic import ValidationError

from accounts import selectors as accounts_selectors
from live import access, footprint, frames, logcontext, metrics, protocol
from live.access import Credential
from live.auth import bearer_token
from live.backlog import OutgoingText, find_protocol, is_open, send_prepared, unsent_bytes
from live.broadcast import RECHECK_ACCESS, hub
from live.errors import LiveError
from live.fanout import encode, encode_data, user_topic
from live.handlers.session import token_user
from live.joining import JoinedRoom, Rooms
from live.protocol import ErrorCode
from live.ratelimit import TokenBucket, limit
from live.registry import COMMANDS, Command

logger = logging.getLogger(__name__)


def describe_validation_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "frame"
    if first["type"] == "extra_forbidden":
        return f"unexpected field '{where}'"
    if first["type"] == "missing":
        return f"missing field '{where}'"
    return f"field '{where}': {first['msg']}"


NO_CHANNEL_LAYER = "live-sockets-need-no-channel"
# Known to Channels as "no layer": otherwise every connection looks the alias up in the
# settings again, to learn once more that it is not there (2 % of a join storm's CPU).
channel_layers.backends.setdefault(NO_CHANNEL_LAYER, None)


class LiveConsumer(AsyncWebsocketConsumer):
    # Rooms are fanned out by live.broadcast, not by the channel layer: no per-socket channel.
    channel_layer_alias = NO_CHANNEL_LAYER

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale DB connections on a worker thread for every message, which
        # halves socket throughput; our handlers only reach the ORM through
        # database_sync_to_async, which does that itself.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        self.conn_id = uuid.uuid4().hex
        # The whole socket runs in this task: its log records carry the id (live/logcontext.py).
        logcontext.conn_id.set(self.conn_id)
        self.user = self.scope.get("user") or AnonymousUser()
        session = self.scope.get("session")
        # What the person's identity rests on: a logout or a revoked token ends the socket's.
        self.credential: Credential | None = None
        if self.user.is_authenticated and session is not None:
            self.credential = Credential(session_key=session.session_key)
        # A script's token in the handshake (Authorization: Bearer), instead of an `auth` frame.
        token, token_problem = (None, None) if self.user.is_authenticated else bearer_token(self.scope)
        if token is not None:
            checked = await token_user(token)
            if checked is None:
                token_problem = "The Authorization header's API token is unknown or revoked."
            else:
                self.user, self.credential = checked.user, Credential(token_id=checked.token_id)
        # A guest's browser session (from the cookie; "" without one): apps tell guests apart by
        # it (booth statistics), never by connection, which a script opens by the dozen.
        self.guest_session = "" if self.user.is_authenticated or session is None else (session.session_key or "")
        # The rooms joined: changed only by live.joining; read here to deliver frames.
        self.memberships = Rooms(self)
        self.rooms: dict[str, JoinedRoom] = self.memberships.by_slug
        self.rooms_by_id: dict[int, JoinedRoom] = self.memberships.by_id
        self.bucket = TokenBucket(limit("CONNECTION_RATE"), limit("CONNECTION_BURST"))
        self.ws_protocol = find_protocol(self.base_send)
        if self.ws_protocol is not None:
            footprint.slim_protocol(self.ws_protocol)
        self.max_backlog = settings.LIVE["MAX_BACKLOG_BYTES"]
        self.refused_in_a_row = 0
        # Called (awaited, in order) when the socket closes: for apps that track a
        # connection outside rooms (e.g. a call's participant).
        self.on_close: list[Callable[[], Awaitable[None]]] = []
        await self.accept()
        metrics.SOCKETS_OPEN.inc()
        self.counted_open = True
        if self.user.is_authenticated:
            await self.subscribe_user()
        await self.send_frame(
            protocol.Hello.build(user=self.user_ref(), limits=protocol_limits(), sequenced=protocol.sequenced_types())
        )
        if token_problem is not None:  # connected as a guest; an `auth` frame may follow
            await self.send_error(None, ErrorCode.AUTH_FAILED, token_problem)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "counted_open", False):
            self.counted_open = False
            metrics.SOCKETS_OPEN.dec()
            metrics.CLOSED.labels(metrics.close_code_label(code)).inc()
        await self.memberships.leave_all()
        for callback in self.on_close:
            try:
                await callback()
            except Exception:
                logger.exception("a close callback failed")
        if self.user.is_authenticated:
            await hub.unsubscribe(user_topic(self.user.pk), self)

    # --- frames from the client ---------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None:
            await self.send_error(None, ErrorCode.MALFORMED_JSON, "Binary frames are not supported; send JSON text.")
            return
        # The boundary (live.frames): size, JSON, depth, refs, integers and strings, for every
        # frame type; a refused frame is answered and the socket stays open.
        ref = None
        try:
            data = frames.load(text_data)
            ref = frames.ref_of(data)
            frames.check_values(data)
        except LiveError as error:
            await self.send_error(ref, error.code, error.message)
            return
        wait = self.bucket.take()
        if wait:
            self.refused_in_a_row += 1
            if self.refused_in_a_row >= protocol.FLOOD_CLOSE_AFTER:
                await self.close(code=protocol.CLOSE_FLOOD, reason="flood")
                return
            await self.send_error(
                ref, ErrorCode.RATE_LIMITED, "Too many frames on this connection.", retry_after=round(wait, 2)
            )
            return
        self.refused_in_a_row = 0
        await self.dispatch_frame(data, ref)

    async def dispatch_frame(self, data: dict[str, Any], ref: Any) -> None:
        frame_type = data.get("type")
        model = protocol.CLIENT_FRAMES.get(frame_type) if isinstance(frame_type, str) else None
        command = COMMANDS.get(frame_type) if model is not None else None
        if command is None:
            await self.send_error(ref, ErrorCode.UNKNOWN_TYPE, f"Unknown message type {frame_type!r}.")
            return
        try:
            frame = model.model_validate(data)
        except ValidationError as error:
            await self.send_error(ref, ErrorCode.INVALID_FIELDS, describe_validation_error(error))
            return
        try:
            joined = None
            if command.joined:
                joined = self.rooms.get(frame.room)
                if joined is None:
                    raise LiveError(ErrorCode.NOT_JOINED, f"Join room {frame.room!r} first.")
            if command.logged_in and not self.user.is_authenticated:
                raise LiveError(ErrorCode.AUTH_REQUIRED, "Log in (or send an auth frame) to do this.")
            if command.moderator and not joined.access.is_moderator:
                raise LiveError(ErrorCode.FORBIDDEN, "Only moderators of this room can do that.")
            result = await command.handler(self, frame, joined)
            ack = ack_frame(command, frame.ref, result)
        except LiveError as error:
            await self.send_error(frame.ref, error.code, error.message, **error.extra)
            return
        except Exception:
            logger.exception("handler %s failed", frame_type)
            await self.send_error(frame.ref, ErrorCode.SERVER_ERROR, "Server error; nothing was stored.")
            return
        await self.send(text_data=ack)
        await self.memberships.release_held()

    # --- frames from the hub (live.broadcast) ---------------------------------------

    async def deliver(self, seq: int, room_id: int, remove_room: int, frame: OutgoingText) -> None:
        if remove_room == RECHECK_ACCESS:
            access.schedule(self)
            return
        if remove_room:
            joined = self.rooms_by_id.get(remove_room)
            if joined is None:
                return
            await self.leave(joined)
        elif room_id:
            joined = self.rooms_by_id.get(room_id)
            if joined is None or joined.lagging:
                return
            if joined.held is not None:
                joined.held.append((seq, frame.text))
                return
            if self.ws_protocol is not None and unsent_bytes(self.ws_protocol) > self.max_backlog:
                await self.lagged(joined)
                return
            if seq:
                if seq <= joined.head_seq:
                    return
                if joined.seen_while_replaying is not None:
                    if seq in joined.seen_while_replaying:
                        return
                    joined.seen_while_replaying.add(seq)
                if seq > joined.last_seq:
                    joined.last_seq = seq
        if self.ws_protocol is not None:
            # The hot path of fan-out: the same framed bytes to every socket, no ASGI layers.
            if is_open(self.ws_protocol):
                send_prepared(self.ws_protocol, frame.prepared())
        else:
            await self.send(text_data=frame.text)

    async def lagged(self, joined: JoinedRoom) -> None:
        """A socket too far behind (a slow or stuck client) stops getting this room's frames,
        so it cannot hold up the room or grow the server's memory; it is told where it is, and
        rejoins with since_seq when it has caught up."""
        joined.lagging = True
        metrics.LAGGED.inc()
        await self.send_frame(protocol.RoomLaggedFrame.build(room=joined.slug, since_seq=joined.last_seq))

    async def server_status(self, status: str, message: str) -> None:
        if status != "ok":
            for joined in self.rooms.values():
                if joined.replay_from is None:
                    joined.replay_from = joined.last_seq
                    joined.seen_while_replaying = set()
        await self.send_frame(protocol.ServerStatusFrame.build(status=status, message=message))

    # --- used by handlers ---------------------------------------------------------

    def user_ref(self) -> dict[str, Any] | None:
        return accounts_selectors.user_ref(self.user)

    async def send_frame(self, frame: protocol.ServerFrame) -> None:
        await self.send(text_data=encode(frame))

    async def send_error(self, ref: Any, code: str, message: str, **extra: Any) -> None:
        try:
            frame = protocol.Error.build(ref=ref, code=str(code), message=message, **extra)
            metrics.ERRORS.labels(str(code)).inc()
        except ValidationError:
            # An unregistered code or an extra it does not declare: a bug, caught in tests.
            logger.exception("error frame %s does not match its model", code)
            frame = protocol.Error.build(
                ref=ref, code=ErrorCode.SERVER_ERROR, message="Server error; nothing was stored."
            )
            metrics.ERRORS.labels(str(ErrorCode.SERVER_ERROR)).inc()
        await self.send_frame(frame)

    async def subscribe_user(self) -> None:
        await hub.subscribe(user_topic(self.user.pk), self)

    async def leave(self, joined: JoinedRoom) -> None:
        await self.memberships.leave(joined)


def ack_frame(command: Command, ref: Any, result: protocol.AckFields | None) -> str:
    """The encoded ack: `type`, `ref`, then the fields of the command's ack model."""
    if result is None:
        result = command.ack.build()
    elif protocol.validating() and type(result) is not command.ack:
        raise TypeError(f"{command.name} answered with {type(result).__name__}, not {command.ack.__name__}")
    envelope = protocol.frame_data(protocol.Ack.build(ref=ref))
    return encode_data({**envelope, **protocol.frame_data(result)})


def protocol_limits() -> dict[str, int | float]:
    return {
        "max_frame_bytes": protocol.MAX_FRAME_BYTES,
        "max_chat_length": protocol.MAX_CHAT_LENGTH,
        "max_question_length": protocol.MAX_QUESTION_LENGTH,
        "max_rooms": protocol.MAX_ROOMS_PER_CONNECTION,
        "frames_per_second": limit("CONNECTION_RATE"),
        "frame_burst": limit("CONNECTION_BURST"),
        "posts_per_second": limit("POST_RATE"),
        "post_burst": limit("POST_BURST"),
    }
