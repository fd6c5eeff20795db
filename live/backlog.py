"""How much a socket has not sent yet: the signal that a client is too slow.

ASGI has no back-pressure: under Daphne a send never waits, Twisted buffers what the
client does not read. We find the Twisted transport behind the ASGI `send` and read its
buffer size. Other servers (or the test communicator) yield no transport: no lag checks.
"""

from __future__ import annotations

import functools
from typing import Any


def find_transport(send: Any) -> Any | None:
    for _ in range(8):
        if isinstance(send, functools.partial):
            # Daphne: partial(server.handle_reply, protocol)
            protocol = send.args[0] if send.args else None
            transport = getattr(protocol, "transport", None)
            return transport if hasattr(transport, "_tempDataLen") else None
        owner = getattr(send, "__self__", None)
        inner = getattr(owner, "real_send", None)  # channels' session wrapper
        if inner is None:
            return None
        send = inner
    return None


def unsent_bytes(transport: Any) -> int:
    return len(transport.dataBuffer) - transport.offset + transport._tempDataLen
