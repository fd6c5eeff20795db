"""Reaching the WebSocket under Daphne: to send one prepared frame to many sockets, and to
see how much a socket has not sent yet (the signal that a client is too slow).

ASGI has neither: a send never waits (Twisted buffers what the client does not read), and
each send frames the text anew. Under Daphne we find autobahn's protocol object behind the
ASGI `send`; elsewhere (other servers, the test communicator) there is none, and the
consumer falls back to plain ASGI sends without lag checks.
"""

from __future__ import annotations

import functools
from typing import Any

try:
    from autobahn.websocket.protocol import PreparedMessage
except ImportError:  # pragma: no cover - autobahn comes with Daphne
    PreparedMessage = None


def find_protocol(send: Any) -> Any | None:
    for _ in range(8):
        if isinstance(send, functools.partial):
            # Daphne: partial(server.handle_reply, protocol)
            protocol = send.args[0] if send.args else None
            transport = getattr(protocol, "transport", None)
            usable = hasattr(protocol, "sendPreparedMessage") and hasattr(transport, "_tempDataLen")
            return protocol if usable and PreparedMessage is not None else None
        owner = getattr(send, "__self__", None)
        inner = getattr(owner, "real_send", None)  # channels' session wrapper
        if inner is None:
            return None
        send = inner
    return None


def unsent_bytes(protocol: Any) -> int:
    transport = protocol.transport
    return len(transport.dataBuffer) - transport.offset + transport._tempDataLen


def is_open(protocol: Any) -> bool:
    return protocol.state == protocol.STATE_OPEN


def send_prepared(protocol: Any, prepared: Any) -> None:
    """Send a prepared frame. When nothing is queued before it, write straight to the
    socket: Twisted's transport would buffer it and arm the selector twice for every write,
    which is most of the cost of a fan-out to thousands of sockets. Whatever the socket does
    not take goes through the transport as usual, so order is kept."""
    transport = protocol.transport
    if (
        protocol._perMessageCompress is not None
        or protocol.send_queue
        or getattr(transport, "TLS", True)
        or transport._tempDataLen
        or transport.offset != len(transport.dataBuffer)
        or not transport.connected
        or transport.disconnecting
    ):
        protocol.sendPreparedMessage(prepared)
        return
    data = prepared.payloadHybi
    try:
        sent = transport.socket.send(data)
    except (BlockingIOError, InterruptedError):
        sent = 0
    except OSError:
        return  # the connection is gone; Twisted notices and closes it
    if sent < len(data):
        transport.write(data[sent:])


class OutgoingText:
    """One frame's text, framed for the wire at most once however many sockets get it."""

    __slots__ = ("_prepared", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._prepared = None

    def prepared(self) -> Any:
        if self._prepared is None:
            self._prepared = PreparedMessage(self.text.encode(), False, False, True)
        return self._prepared


class _LazyFormat:
    """pprint's text of a value, made only if a log record is ever written."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __str__(self) -> str:
        import pprint

        return pprint.pformat(self.value)

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def quiet_autobahn_debug_logs() -> None:
    """Autobahn pretty-prints every connection's options and transport for two debug log
    lines, logged or not: 7 % of a join storm's CPU (py-spy, docs/performance.md, "Join
    storm"). Its module-level `pformat` is made lazy; the log lines are the same when written."""
    try:
        from autobahn.websocket import protocol as autobahn_protocol
    except ImportError:  # pragma: no cover - autobahn comes with Daphne
        return
    autobahn_protocol.pformat = _LazyFormat
