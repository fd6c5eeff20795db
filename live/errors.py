from typing import Any


class LiveError(Exception):
    """A refusal the client hears about as an `error` frame; nothing was changed.

    `code` is a registered error code (live.protocol.ErrorCode or an app's, see
    live.registry.register_error_codes); `extra` the fields of live.protocol.Error it carries."""

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra
