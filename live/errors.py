from typing import Any

from live.protocol import ErrorCode


class LiveError(Exception):
    """A refusal the client hears about as an `error` frame; nothing was changed."""

    def __init__(self, code: ErrorCode, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra
