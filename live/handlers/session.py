from __future__ import annotations

import asyncio
import logging

from django.utils import timezone

from accounts.services import CheckedToken, check_tokens, stamp_tokens
from live.access import Credential
from live.batching import BatchedRead
from live.dbread import read_async
from live.errors import LiveError
from live.protocol import Auth, AuthAck, ErrorCode, Ping, PingAck
from live.registry import command

logger = logging.getLogger(__name__)

# The auth frames of a join storm, checked together (live.batching).
token_checks: BatchedRead = BatchedRead(check_tokens, missing=None)


class TokenStamps:
    """The last-use stamps of the tokens that authenticated sockets, written together up to
    `DELAY` seconds later: in a join storm every token is used for the first time in a
    minute, and stamping each batch's tokens as it is checked doubled the check's cost and
    made every batch a write (on SQLite, queued with the chat writes for the one write lock).
    A stamp is informational (when a token was last used, to the minute): what a process that
    dies in those seconds had not written yet is the only thing it loses."""

    DELAY = 1.0

    def __init__(self) -> None:
        self.pending: set[int] = set()
        self.flush: asyncio.TimerHandle | None = None
        self.writing: set[asyncio.Task] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def add(self, token_id: int) -> None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (each test has its own)
            self._loop, self.pending, self.flush = loop, set(), None
        self.pending.add(token_id)
        if self.flush is None:
            self.flush = loop.call_later(self.DELAY, self._write)

    async def drain(self) -> None:
        """Write what is pending now and wait for the writes under way (tests, shutdown)."""
        if self.flush is not None:
            self.flush.cancel()
            self._write()
        if self.writing:
            await asyncio.gather(*self.writing, return_exceptions=True)

    def _write(self) -> None:
        self.flush = None
        ids, self.pending = sorted(self.pending), set()
        if ids:
            task = asyncio.ensure_future(self._stamp(ids))
            self.writing.add(task)
            task.add_done_callback(self.writing.discard)

    @staticmethod
    async def _stamp(ids: list[int]) -> None:
        try:
            await read_async(stamp_tokens)(ids)
        except Exception:
            logger.exception("token stamps: %d tokens not stamped", len(ids))


token_stamps = TokenStamps()


async def token_user(token: str) -> CheckedToken | None:
    """The user and id of an API token (None: unknown or revoked), checked with the other
    tokens of the moment (live.batching); its last use stamped later (TokenStamps). For the
    `auth` frame and the handshake's Authorization header alike."""
    checked = await token_checks.load(token)
    if checked is not None and checked.stamp_due:
        token_stamps.add(checked.token_id)
    return checked


@command("auth", joined=False, ack=AuthAck)
async def auth(conn, frame: Auth, joined) -> AuthAck:
    if conn.user.is_authenticated:
        raise LiveError(ErrorCode.INVALID_STATE, "This connection is authenticated already.")
    if conn.rooms:
        raise LiveError(ErrorCode.INVALID_STATE, "Authenticate before joining rooms.")
    checked = await token_user(frame.token)
    if checked is None:
        raise LiveError(ErrorCode.AUTH_FAILED, "Unknown or revoked API token.")
    conn.user, conn.credential = checked.user, Credential(token_id=checked.token_id)
    await conn.subscribe_user()
    return AuthAck.build(user=conn.user_ref())


@command("ping", joined=False, ack=PingAck)
async def ping(conn, frame: Ping, joined) -> PingAck:
    return PingAck.build(time=timezone.now().isoformat())
