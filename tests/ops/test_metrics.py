"""/metrics (config/health.py, live/metrics.py): what a socket, a join and a bad frame show."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.ops.test_health import get

pytestmark = pytest.mark.django_db(transaction=True)


async def scrape() -> dict[tuple[str, tuple], float]:
    status, headers, body = await get("/metrics")
    assert status == 200, body
    assert headers[b"content-type"].startswith(b"text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_a_socket_a_join_and_a_bad_frame_show(connect, room):
    before = await scrape()
    client = await connect()
    await client.ok("room.join", room=room.slug)
    await client.send_raw("{not json")
    assert (await client.receive())["code"] == "malformed_json"
    during = await scrape()
    assert value(during, "pavilion_sockets_open") == value(before, "pavilion_sockets_open") + 1
    assert value(during, "pavilion_rooms_joined") == value(before, "pavilion_rooms_joined") + 1
    assert value(during, "pavilion_joins_total") == value(before, "pavilion_joins_total") + 1
    assert value(during, "pavilion_errors_total", code="malformed_json") == (
        value(before, "pavilion_errors_total", code="malformed_json") + 1
    )
    # The readiness probe ran for this scrape, and the wait for the sync thread was measured.
    assert value(during, "pavilion_dependency_up", part="database") == 1
    assert ("pavilion_sync_thread_wait_seconds", ()) in during
    await client.close()
    after = await scrape()
    assert value(after, "pavilion_sockets_open") == value(before, "pavilion_sockets_open")
    assert value(after, "pavilion_rooms_joined") == value(before, "pavilion_rooms_joined")
    closed = sum(v for (name, _), v in after.items() if name == "pavilion_sockets_closed_total")
    assert closed == sum(v for (name, _), v in before.items() if name == "pavilion_sockets_closed_total") + 1


async def test_a_message_counts_once_with_its_recipients(connect, make_user, room):
    poster = await connect(await make_user())
    watcher = await connect()
    for client in (poster, watcher):
        await client.ok("room.join", room=room.slug)
    # The joins' presence broadcast is coalesced and sent a moment later (live/presence.py);
    # it is one more hub message, so it has to be out before the count starts.
    await watcher.expect("presence")
    before = await scrape()
    await poster.ok("chat.send", room=room.slug, text="hello")
    await watcher.expect("chat.message")
    after = await scrape()
    assert value(after, "pavilion_messages_total") - value(before, "pavilion_messages_total") == 1
    assert value(after, "pavilion_deliveries_total") - value(before, "pavilion_deliveries_total") == 2


async def test_metrics_are_refused_to_others_without_the_token(settings):
    settings.METRICS_TOKEN = "s3cret-token"
    status, _, body = await get("/metrics", client="203.0.113.7")
    assert status == 403 and b'"forbidden"' in body
    status, _, _ = await get("/metrics", client="203.0.113.7", headers=[(b"authorization", b"Bearer wrong")])
    assert status == 403
    status, _, body = await get("/metrics", client="203.0.113.7", headers=[(b"authorization", b"Bearer s3cret-token")])
    assert status == 200 and b"pavilion_sockets_open" in body


async def test_an_app_gauge_is_read_at_scrape_time():
    from live.metrics import register_gauge

    viewers = {"stage-main": 3}
    register_gauge("pavilion_test_viewers", "Test.", lambda: viewers, "room")
    assert value(await scrape(), "pavilion_test_viewers", room="stage-main") == 3
    viewers["stage-main"] = 5
    assert value(await scrape(), "pavilion_test_viewers", room="stage-main") == 5
    # streams registered its own at start-up (no viewer yet: the family without samples).
    assert b"# TYPE pavilion_stage_relay_viewers gauge" in (await get("/metrics"))[2]
