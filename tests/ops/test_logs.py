"""LOG_FORMAT=json (config/settings.py): one JSON object a line, with the connection id of
the socket whose frame was being handled (live/logcontext.py)."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from dataclasses import replace

import pytest
from django.conf import settings

from config.settings import logging_config
from live.registry import COMMANDS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def json_log():
    """The site's JSON logging configuration, its console writing to a buffer."""
    import config.asgi  # first: its django.setup() configures logging again

    buffer = io.StringIO()
    config = logging_config("json", "INFO")
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    yield buffer
    logging.config.dictConfig(settings.LOGGING)


@pytest.fixture
def ping_that_logs(monkeypatch):
    original = COMMANDS["ping"]

    async def handler(consumer, frame, joined):
        logging.getLogger("pavilion.test").info("handling a ping")
        return await original.handler(consumer, frame, joined)

    monkeypatch.setitem(COMMANDS, "ping", replace(original, handler=handler))


def records(buffer: io.StringIO, message: str) -> list[dict]:
    lines = [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]
    return [line for line in lines if line["message"] == message]


async def test_a_record_logged_in_a_handler_carries_its_connection_id(json_log, ping_that_logs, connect):
    first = await connect()
    second = await connect()
    await first.ok("ping")
    await second.ok("ping")
    logged = records(json_log, "handling a ping")
    assert [record["logger"] for record in logged] == ["pavilion.test", "pavilion.test"]
    ids = [record["conn_id"] for record in logged]
    # Each socket's own id (32 hex digits), not one shared by the process.
    assert all(len(conn_id) == 32 for conn_id in ids) and ids[0] != ids[1]
    assert logged[0]["level"] == "INFO" and logged[0]["timestamp"]


def test_outside_a_socket_the_connection_id_is_empty(json_log):
    logging.getLogger("pavilion.test").warning("no socket here")
    assert records(json_log, "no socket here")[0]["conn_id"] == ""


def test_the_default_format_stays_plain_text():
    assert "formatter" not in logging_config("text", "WARNING")["handlers"]["console"]
