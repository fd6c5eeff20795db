"""A speaker in Chromium whose publisher is held by another process (the panel is gathered on
the first speaker's process, issue 16) and that process dies: the stage page is told
`rtc.closed` (`publisher_left`) and publishes again by itself, now on its own live process,
where a viewer sees its picture. Two Daphnes sharing Redis; the browser's socket and the
viewer's are on the second, the first speaker (aiortc) on the first."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from playwright.async_api import async_playwright, expect

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.test_stage_video import CHROMIUM_EXTRA_ARGS
from tests.streams.test_interpretation import ORIGINAL_HZ, Tone, publish, view
from tests.system.fixtures_sfu import cluster_stage, two_daphnes  # noqa: F401 (fixtures)
from tests.system.rtc import MEDIA_TIMEOUT, ColourBars
from tests.system.test_stage_cluster_interpretation import make_moderator, speaker_listed

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
WAIT = 30_000  # ms, for the page
GONE = 60_000  # ms: the dead process's key expires (sfu_cluster.NODE_TTL), then the heartbeat


async def publishers(client, room: str) -> list[dict]:
    return (await client.ok("stage.get", room=room))["publishers"]


async def until_listed(client, room: str, user_id: int, not_id: str | None = None) -> dict:
    """The user's publisher as the client's process lists it (another one than `not_id`)."""
    deadline = asyncio.get_running_loop().time() + GONE / 1000
    while True:
        mine = [p for p in await publishers(client, room) if p["user"]["id"] == user_id]
        if mine and mine[0]["publisher_id"] != not_id:
            return mine[0]
        assert asyncio.get_running_loop().time() < deadline, f"never listed: {await publishers(client, room)}"
        await asyncio.sleep(0.5)


async def sees_video(client, room: str, publisher_id: str, peers: list) -> None:
    viewing = await view(client, room, peers, publisher_id)
    deadline = asyncio.get_running_loop().time() + MEDIA_TIMEOUT
    while "video" not in viewing["tracks"]:
        assert asyncio.get_running_loop().time() < deadline, "no video track"
        await asyncio.sleep(0.2)
    frame = await asyncio.wait_for(viewing["tracks"]["video"].recv(), MEDIA_TIMEOUT)
    assert frame.width > 0


async def test_the_stage_page_publishes_again_when_the_panels_process_dies(
    two_daphnes,  # noqa: F811
    ws_client,
    api_token,
    cluster_stage,  # noqa: F811
    loopback_ice,
    make_user,
):
    first, second = two_daphnes
    room = cluster_stage["room"]
    pat = await make_user("pat")
    await make_moderator(cluster_stage, pat)  # may publish on the stage
    peers: list = []
    try:
        async with (
            ws_client(first, token=await api_token(cluster_stage["speaker"])) as speaker,
            ws_client(second, token=await api_token(cluster_stage["viewers"][0])) as viewer,
            async_playwright() as playwright,
        ):
            for client in (speaker, viewer):
                await client.ok("room.join", room=room)
            await speaker.ok("stage.set_state", room=room, state="live")
            await publish(speaker, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)])  # the panel's process
            await speaker_listed(viewer, room)

            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS + CHROMIUM_EXTRA_ARGS, headless=True
            )
            page = await (await browser.new_context(base_url=second.url)).new_page()
            page.on("pageerror", lambda error: print(f"[pat] page error: {error}"))
            await page.goto(f"/accounts/login/?next=/rooms/{room}/")
            await page.fill("#id_login", "pat")
            await page.fill("#id_password", "pw-pat")
            await page.click("#login-submit")
            await expect(page.locator("#room")).to_have_attribute("data-ready", "true", timeout=WAIT)
            await page.click("#go-live-camera")
            await page.click("#go-live-publish")
            go_live = page.locator("#go-live")
            await expect(go_live).to_have_attribute("data-connection", "connected", timeout=WAIT)
            gathered = await until_listed(viewer, room, pat.pk)
            await sees_video(viewer, room, gathered["publisher_id"], peers)  # through the first process

            first.kill()
            # The page publishes again by itself (no click): its new publisher is on the second.
            again = await until_listed(viewer, room, pat.pk, not_id=gathered["publisher_id"])
            await expect(go_live).to_have_attribute("data-connection", "connected", timeout=GONE)
            await expect(go_live).to_have_attribute("data-publishing", "true")
            await sees_video(viewer, room, again["publisher_id"], peers)
            await browser.close()
    finally:
        for pc in peers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pc.close(), 5)
