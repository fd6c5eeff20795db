"""The upload guard around Django's ASGI application (any server): refusals come before
the body is read (receive() is never called), and a body longer than the cap is cut."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from accounts import upload_guard

pytestmark = pytest.mark.django_db(transaction=True)


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def call(path: str, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, bytes, int]:
    from config.asgi import application

    reads = 0
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal reads
        reads += 1
        if reads <= len(chunks):
            return {"type": "http.request", "body": chunks[reads - 1], "more_body": reads < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
        "scheme": "http",
        "http_version": "1.1",
        "root_path": "",
    }
    await application(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body, reads


async def test_refusals_never_read_the_body(booth_a, staff_a, visitor, settings):
    settings.HALLS = {"MAX_DOCUMENT_BYTES": 1024 * 1024}
    settings.UPLOAD_FORM_OVERHEAD_BYTES = 1024
    path = f"/exhibition/api/booths/{booth_a.pk}/content/documents/"
    attendee = await database_sync_to_async(session_cookie)(visitor)
    staff = await database_sync_to_async(session_cookie)(staff_a)
    length = (b"content-length", str(50 * 1024 * 1024).encode())
    for cookie, expected in ((attendee, 403), (b"sessionid=nobody", 401), (staff, 413)):
        status, body, reads = await call(path, [(b"cookie", cookie), length], [b"x" * 1024])
        assert (status, reads) == (expected, 0), body
    assert "上限" in (await call(path, [(b"cookie", staff), length], []))[1].decode()
    # Lying about the length, or not giving one: cut at the cap (1 MB + 1 KB) while reading.
    chunks = [b"x" * 256 * 1024] * 8
    status, body, reads = await call(path, [(b"cookie", staff)], chunks)
    assert status == 413 and reads == 5, (reads, body)


async def test_unguarded_bodies_have_the_general_cap(visitor, settings):
    settings.MAX_REQUEST_BYTES = 1000
    cookie = await database_sync_to_async(session_cookie)(visitor)
    status, _, reads = await call(
        "/exhibition/api/applications/", [(b"cookie", cookie), (b"content-length", b"1001")], []
    )
    assert (status, reads) == (413, 0)


def test_every_guarded_endpoint_is_a_real_route():
    """A guard whose path no longer exists guards nothing: keep them in step with the URLs."""
    import re

    from django.urls import Resolver404, resolve

    # A sample value for each named group, whatever its pattern ("1" for ids and slugs alike).
    samples = {"kind": "documents", "item_id": "2"}
    group = re.compile(r"\(\?P<(\w+)>(?:[^()\\]|\\.)*\)")
    for endpoint in upload_guard._endpoints:
        path = endpoint.pattern.pattern.replace(".*", "booth/add/")
        path = group.sub(lambda m: samples.get(m.group(1), "1"), path)
        try:
            resolve(path)
        except Resolver404:
            pytest.fail(f"guarded path {endpoint.pattern.pattern} matches no URL ({path})")
