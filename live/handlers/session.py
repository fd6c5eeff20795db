from django.utils import timezone

from accounts.services import authenticate_tokens
from live.batching import BatchedRead
from live.errors import LiveError
from live.protocol import Auth, AuthAck, ErrorCode, Ping, PingAck
from live.registry import command

# The auth frames of a join storm, checked together (live.batching).
token_checks: BatchedRead = BatchedRead(authenticate_tokens, missing=None)


@command("auth", joined=False, ack=AuthAck)
async def auth(conn, frame: Auth, joined) -> AuthAck:
    if conn.user.is_authenticated:
        raise LiveError(ErrorCode.INVALID_STATE, "This connection is authenticated already.")
    if conn.rooms:
        raise LiveError(ErrorCode.INVALID_STATE, "Authenticate before joining rooms.")
    user = await token_checks.load(frame.token)
    if user is None:
        raise LiveError(ErrorCode.AUTH_FAILED, "Unknown or revoked API token.")
    conn.user = user
    await conn.subscribe_user()
    return AuthAck.build(user=conn.user_ref())


@command("ping", joined=False, ack=PingAck)
async def ping(conn, frame: Ping, joined) -> PingAck:
    return PingAck.build(time=timezone.now().isoformat())
