"""The connection a log record belongs to (docs/operations.md, "Logs").

LiveConsumer.connect sets `conn_id` in its task's context; everything that socket's frames
run (handlers, hooks started from them, database_sync_to_async threads, which copy the
context) logs with it. ConnectionIdFilter, on the console handler (config/settings.py), puts
it on every record as `conn_id` ("" outside a socket), which the JSON formatter writes out.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

conn_id: ContextVar[str] = ContextVar("pavilion_conn_id", default="")


class ConnectionIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.conn_id = conn_id.get()
        return True
