"""Daphne judges a request body before receiving it (accounts/upload_guard.py).

Daphne (Twisted) reads a request's whole body into a temporary file and only then starts
the ASGI application, so no application code can refuse an upload before it was received.
This request class hooks the moment Twisted has the headers (`gotLength`): it stops
reading from the socket, asks the guard, and either resumes or answers 401/403/404/413 at
once and closes the connection, while the client is still sending. Bodies that stream in
without a Content-Length are cut off at the endpoint's cap.

`install()` (called by config/asgi.py, so every way Daphne is started gets it) makes
Daphne's HTTP factory build these requests: Daphne offers no setting for its request
class, and `HTTPFactory.buildProtocol` reads the module's `WebRequest` when it builds one.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Any
from urllib.parse import unquote

from accounts import upload_guard
from accounts.upload_guard import Refusal, Verdict

logger = logging.getLogger(__name__)
# After the refusal is written, how long the socket stays open so the client can read it
# before the connection is dropped (closing at once may reset it before it is read).
LINGER_SECONDS = 2.0
_installed = False


def _make_request_class(base: type) -> type:
    class GuardedWebRequest(base):  # type: ignore[misc, valid-type]
        _guard_pending = False
        _guard_refused = False
        _guard_cap: int | None = None
        _guard_received = 0
        _guard_process_waiting = False

        def gotLength(self, length: int | None) -> None:
            super().gotLength(length)
            try:
                method = self.channel._command.decode("latin-1").upper()
                path = unquote(self.channel._path.split(b"?", 1)[0].decode("latin-1"))
            except Exception:
                return  # Daphne answers malformed request lines itself
            headers = {name.lower(): values[-1] for name, values in self.requestHeaders.getAllRawHeaders()}
            if b"upgrade" in headers:
                return  # WebSocket handshakes have no body
            quick = upload_guard.quick_verdict(method, path, upload_guard.parse_length(headers))
            if quick is not None:
                self._apply(quick)
                return
            self._guard_pending = True
            self.channel._networkProducer.pauseProducing()
            task = asyncio.get_event_loop().create_task(upload_guard.judge(method, path, headers))
            task.add_done_callback(self._judged)

        def _judged(self, task: asyncio.Task) -> None:
            self._guard_pending = False
            try:
                verdict: Verdict = task.result()
            except Exception:  # judge() already lets errors through; this is belt and braces
                logger.exception("upload guard")
                verdict = Verdict(None, upload_guard.max_request_bytes())
            self._apply(verdict)
            if self._guard_refused:
                return
            self.requestHeaders.setRawHeaders(upload_guard.JUDGED_HEADER, [upload_guard.judged_secret])
            if self._guard_process_waiting:
                super().process()  # the body had arrived whole while the guard was asked
            elif self.channel.transport is not None:
                self.channel._networkProducer.resumeProducing()

        def _apply(self, verdict: Verdict) -> None:
            if verdict.refusal is not None:
                self._refuse(verdict.refusal)
            else:
                self._guard_cap = verdict.max_bytes

        def handleContentChunk(self, data: bytes) -> None:
            if self._guard_refused:
                return
            self._guard_received += len(data)
            if self._guard_cap is not None and self._guard_received > self._guard_cap:
                self._refuse(upload_guard.too_large(self._guard_cap))
                return
            super().handleContentChunk(data)

        def process(self) -> Any:
            if self._guard_refused:
                return None
            if self._guard_pending:
                self._guard_process_waiting = True
                return None
            return super().process()

        def _refuse(self, refusal: Refusal) -> None:
            if self._guard_refused:
                return
            self._guard_refused = True
            transport = self.channel.transport
            if transport is None:
                return
            self.channel._networkProducer.pauseProducing()
            body = refusal.body()
            reason = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}.get(
                refusal.status, "Content Too Large"
            )
            head = (
                f"HTTP/1.1 {refusal.status} {reason}\r\n"
                "Content-Type: application/json; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
            transport.write(head + body)
            asyncio.get_event_loop().call_later(LINGER_SECONDS, _drop, transport)

    GuardedWebRequest.__name__ = GuardedWebRequest.__qualname__ = "GuardedWebRequest"
    return GuardedWebRequest


def _drop(transport: Any) -> None:
    try:
        transport.abortConnection()
    except Exception:  # already gone: the client closed first
        pass


def install() -> None:
    global _installed
    if _installed:
        return
    try:
        from daphne import http_protocol
    except ImportError:  # another ASGI server: the middleware alone guards
        return
    upload_guard.judged_secret = secrets.token_hex(16).encode()
    http_protocol.WebRequest = _make_request_class(http_protocol.WebRequest)
    _installed = True
