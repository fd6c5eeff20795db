"""The personal agenda in a real browser against a real Daphne, in Chinese and English:
bookmark a session from the programme, see it on "my agenda" at the time of the viewer's
own zone, download its .ics and read it back; unbookmark from the agenda."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, timedelta
from pathlib import Path
from urllib.parse import quote

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from agenda.models import Bookmark
from streams import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _programme():
    start = (timezone.now() + timedelta(days=2)).astimezone(UTC).replace(hour=1, minute=0, second=0, microsecond=0)
    event = services.create_event(
        name="人才大会",
        name_en="Talent Conference",
        slug="e2e-agenda",
        starts_at=start,
        ends_at=start + timedelta(days=2),
    )
    forum = services.create_session(
        event=event,
        kind="main_forum",
        slug="forum",
        title="主论坛",
        title_en="Main forum",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    services.create_session(
        event=event,
        kind="sub_forum",
        slug="other",
        title="分论坛",
        title_en="Sub-forum",
        starts_at=start + timedelta(hours=3),
        ends_at=start + timedelta(hours=4),
    )
    return event, forum


@pytest.mark.parametrize(
    ("locale", "zone", "bookmark", "bookmarked", "heading", "title"),
    [
        ("zh-CN", "Asia/Shanghai", "☆ 收藏", "★ 已收藏", "我的日程", "主论坛"),
        ("en-US", "America/New_York", "☆ Bookmark", "★ Bookmarked", "My agenda", "Main forum"),
    ],
)
def test_bookmark_from_the_programme_then_my_agenda_then_the_ics(
    browser, server, locale, zone, bookmark, bookmarked, heading, title
):
    event, forum = _programme()
    User.objects.create_user(username="viewer", password="pw-viewer-1", timezone=zone)
    context = browser.new_context(base_url=server.url, locale=locale, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"page error: {error}"))
    path = f"/?event={event.slug}"
    page.goto(f"/accounts/login/?next={quote(path)}")
    page.fill("#id_login", "viewer")
    page.fill("#id_password", "pw-viewer-1")
    page.click("#login-submit")
    page.wait_for_url(f"**{path}")
    expect(page.locator("body[data-bookmarks-ready=true]")).to_have_count(1)

    toggle = page.locator(f"#session-{forum.pk} button[data-bookmark-session]")
    expect(toggle).to_have_text(bookmark)
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).to_have_text(bookmarked)
    assert Bookmark.objects.filter(user__username="viewer", session=forum).exists()

    page.goto("/agenda/")
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator("#agenda-zone")).to_have_attribute("data-zone", zone)
    item = page.locator(f"#agenda-session-{forum.pk}")
    expect(item).to_be_visible()
    expect(item.locator("h4")).to_have_text(title)
    local = forum.starts_at.astimezone(zoneinfo.ZoneInfo(zone))
    expect(item.locator(".time time").first).to_have_text(local.strftime("%H:%M"))
    expect(page.locator("h3.day time").first).to_have_attribute("datetime", local.strftime("%Y-%m-%d"))

    with page.expect_download() as download_info:
        item.locator("a.ics-link").click()
    download = download_info.value
    assert download.suggested_filename == f"session-{forum.pk}.ics"
    (vevent,) = icalendar.Calendar.from_ical(Path(download.path()).read_bytes()).walk("VEVENT")
    assert str(vevent["summary"]) == title
    assert vevent.decoded("dtstart") == forum.starts_at.astimezone(UTC)
    assert str(vevent["uid"]) == f"session-{forum.pk}@pavilion"

    # Unbookmark from the agenda: the item leaves the list and the bookmark is gone.
    item.locator("button[data-bookmark-session]").click()
    expect(item).to_have_count(0)
    assert not Bookmark.objects.filter(user__username="viewer").exists()
    context.close()
