"""Uploads are judged before their body is received, against a real Daphne: an attendee's
50 MB upload is refused (403) while the client is still sending, a staff member's
oversized upload gets 413 with a readable message, a body without Content-Length is cut
off at the cap, and an allowed upload still goes through."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from pypdf import PdfWriter

from accounts.models import Organisation
from accounts.services import add_organisation_member
from halls import services
from halls.content.models import BoothDocument
from halls.models import Hall, Zone

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
MB = 1024 * 1024
BOUNDARY = "pavilion-boundary"
SEND_TIMEOUT = 30


def a_booth(staff) -> int:
    hall = Hall.objects.create(slug="guard-hall", name="展厅")
    zone = Zone.objects.create(hall=hall, slug="z", code="D", name="专区")
    organisation = Organisation.objects.create(name="甲公司", name_en="Alpha")
    add_organisation_member(organisation=organisation, user=staff)
    return services.create_booth(organisation=organisation, zone=zone, name="甲展位", status="live").pk


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def a_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def multipart_head(title: str = "Brochure") -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\n{title}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()


CSRF = "c" * 32  # the same token in cookie and header is what Django's CSRF check wants
TAIL = f"\r\n--{BOUNDARY}--\r\n".encode()


async def upload(port: int, path: str, cookie: str, *, total: int, payload: bytes | None = None, chunked=False):
    """POST a multipart body of `total` bytes (or `payload`) while reading the answer at the
    same time. Returns (status, json body, bytes sent when the answer arrived, total)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = multipart_head()
    body_file = payload if payload is not None else b""
    if payload is None:
        total = max(total, len(head) + len(TAIL))
    length = len(head) + len(body_file) + len(TAIL) if payload is not None else total
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}"
    writer.write(
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Cookie: sessionid={cookie}; csrftoken={CSRF}\r\nX-CSRFToken: {CSRF}\r\n"
            f"Origin: http://127.0.0.1:{port}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"{framing}\r\n\r\n"
        ).encode()
    )
    sent = 0
    answered = asyncio.Event()

    async def send_body() -> None:
        nonlocal sent
        parts = [head, body_file] if payload is not None else [head]
        filler = length - len(head) - len(TAIL) if payload is None else 0
        chunk = b"%PDF-" + b"0" * (64 * 1024 - 5)
        try:
            for part in parts:
                await write(part)
            while filler > 0 and not answered.is_set():
                piece = chunk[: min(len(chunk), filler)]
                await write(piece)
                filler -= len(piece)
            if not answered.is_set():
                await write(TAIL)
                if chunked:
                    writer.write(b"0\r\n\r\n")
                    await writer.drain()
        except (ConnectionError, OSError):
            pass  # the server closed on us after answering: expected for a refusal

    async def write(data: bytes) -> None:
        nonlocal sent
        if not data:
            return
        writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n" if chunked else data)
        await writer.drain()
        sent += len(data)

    sender = asyncio.create_task(send_body())
    try:
        status_line = await asyncio.wait_for(reader.readline(), SEND_TIMEOUT)
        sent_at_answer = sent
        answered.set()
        headers = {}
        while (line := await asyncio.wait_for(reader.readline(), SEND_TIMEOUT)) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await asyncio.wait_for(reader.readexactly(int(headers["content-length"])), SEND_TIMEOUT)
    finally:
        answered.set()
        sender.cancel()
        writer.close()
    return int(status_line.split()[1]), json.loads(body), sent_at_answer, length


async def test_uploads_are_refused_before_the_body_is_received(start_daphne, make_user):
    staff, attendee = await make_user("alice"), await make_user("victor")
    booth = await database_sync_to_async(a_booth)(staff)
    staff_cookie = await database_sync_to_async(session_cookie)(staff)
    attendee_cookie = await database_sync_to_async(session_cookie)(attendee)
    # Documents: 2 MB of PDF plus 1 MB of form around it.
    server = start_daphne({"HALLS_MAX_DOCUMENT_BYTES": str(2 * MB)})
    path = f"/exhibition/api/booths/{booth}/content/documents/"

    status, body, sent, total = await upload(server.port, path, attendee_cookie, total=50 * MB)
    assert status == 403 and body["code"] == "forbidden", body
    assert sent < total // 2, f"the answer came after {sent} of {total} bytes"

    status, body, sent, total = await upload(server.port, path, "not-a-session", total=50 * MB)
    assert status == 401 and body["code"] == "auth_required"
    assert sent < total // 2

    status, body, sent, total = await upload(server.port, path, staff_cookie, total=50 * MB)
    assert status == 413 and body["code"] == "too_large" and "3 MB" in body["message"] and "上限" in body["message"]
    assert sent < total // 2

    missing = f"/exhibition/api/booths/{booth + 1000}/content/documents/"
    status, body, sent, total = await upload(server.port, missing, staff_cookie, total=50 * MB)
    assert status == 404 and sent < total // 2

    # No Content-Length: counted as it comes, cut at the cap.
    status, body, sent, total = await upload(server.port, path, staff_cookie, total=20 * MB, chunked=True)
    assert status == 413 and body["code"] == "too_large"
    assert sent < 20 * MB

    # An allowed upload goes through the guard to the view.
    status, body, _, _ = await upload(server.port, path, staff_cookie, total=0, payload=a_pdf())
    assert status == 201, body
    assert await database_sync_to_async(BoothDocument.objects.filter(booth_id=booth).count)() == 1


async def test_every_other_body_is_capped(start_daphne, make_user):
    attendee = await make_user("victor")
    cookie = await database_sync_to_async(session_cookie)(attendee)
    server = start_daphne({"MAX_REQUEST_BYTES": str(1 * MB)})
    status, body, sent, total = await upload(server.port, "/exhibition/api/applications/", cookie, total=50 * MB)
    assert status == 413 and "1 MB" in body["message"] and sent < total // 2
