"""张榜/揭榜 and the 征集表 import in a real browser against a real Daphne (Celery eager in the
server, as tests/settings.py sets): an organisation takes up a challenge (English), the
poster shortlists and chooses it (Chinese); an organizer imports a file of bad rows (the
per-row problems, nothing created), then the corrected file with the live progress bar."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation, OrganisationMembership, User
from matchmaking import challenges
from matchmaking.imports.samples import demo_sheets, write_xlsx
from matchmaking.models import Challenge, ImportJob, Posting, Proposal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(browser, server, locale, username, next_path):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"[{username}] page error: {error}"))
    page.goto(f"/accounts/login/?next={quote(next_path)}")
    page.fill("#id_login", username)
    page.fill("#id_password", "pw-" + username)
    page.click("#login-submit")
    page.wait_for_url(f"**{next_path}")
    return page


def member(username: str, org: Organisation, **fields) -> User:
    user = User.objects.create_user(
        username=username, password="pw-" + username, email=f"{username}@example.org", **fields
    )
    if org is not None:
        OrganisationMembership.objects.create(organisation=org, user=user, role="admin")
    return user


def test_take_up_a_challenge_shortlist_and_choose(browser, server):
    poster_org = Organisation.objects.create(name="海淀研究院", name_en="Haidian Institute", status="verified")
    bidder_org = Organisation.objects.create(name="柏林工程公司", name_en="Berlin Engineering", status="verified")
    member("poster", poster_org)
    member("bidder", bidder_org)
    organizer = member("organizer", None, is_staff=True)
    posting = Posting.objects.create(
        organisation=poster_org,
        kind="project_cooperation",
        title="高端装备联合攻关",
        title_en="Joint R&D on equipment",
        body="寻找合作伙伴。",
        body_en="Looking for partners.",
        status="published",
        published_at=timezone.now(),
    )
    challenge = challenges.feature(organizer, posting, timezone.now() + dt.timedelta(days=10))

    # The bidder (English) finds it on the board from the header and takes it up.
    bidder = login(browser, server, "en-US", "bidder", "/")
    bidder.click("#nav-challenges")
    row = bidder.locator(f"#challenge-list li[data-id='{challenge.pk}']")
    expect(row).to_have_attribute("data-status", "open")
    expect(row.locator(".count")).to_have_attribute("data-count", "0")
    row.locator("h2 a").click()
    expect(bidder.locator("h1")).to_have_text("Joint R&D on equipment")
    bidder.fill("#proposal-text", "A pilot line and five-axis machining.")
    bidder.fill("#proposal-team", "8 engineers")
    bidder.fill("#proposal-timeline", "18 months")
    bidder.click("#send-proposal")
    expect(bidder.locator("#proposal-count")).to_have_attribute("data-count", "1")
    expect(bidder.locator(".mm-proposal")).to_have_attribute("data-status", "submitted")
    expect(bidder.locator("#proposal-form")).to_have_count(0)  # once per organisation

    # The poster (Chinese) shortlists it, then chooses it.
    poster = login(browser, server, "zh-CN", "poster", f"/matchmaking/challenges/{challenge.pk}/")
    expect(poster.locator("h1")).to_have_text("高端装备联合攻关")
    proposal = poster.locator(".mm-proposal")
    expect(proposal.locator("h3")).to_contain_text("柏林工程公司")
    # Questions go to the conversation of the two organisations (mm-core's page).
    conversation = Proposal.objects.get().conversation_id
    expect(proposal.locator("a.conversation")).to_have_attribute("href", f"/matchmaking/conversations/{conversation}/")
    proposal.locator("button.shortlist").click()
    expect(poster.locator("#challenge")).to_have_attribute("data-status", "under_review")
    expect(poster.locator(".mm-proposal")).to_have_attribute("data-status", "shortlisted")
    poster.locator(".mm-proposal button.choose").click()
    expect(poster.locator("#challenge")).to_have_attribute("data-status", "matched")
    expect(poster.locator("#challenge-status")).to_have_text("已对接")
    expect(poster.locator(".mm-proposal .decide")).to_have_count(0)
    assert Proposal.objects.get().status == "chosen" and Challenge.objects.get().status == "matched"

    # The bidder sees the decision on the board.
    bidder.goto("/matchmaking/challenges/?status=matched")
    expect(bidder.locator(f"#challenge-list li[data-id='{challenge.pk}']")).to_have_attribute("data-status", "matched")
    bidder.goto("/notifications/")
    expect(bidder.locator("#notification-list")).to_contain_text("Your proposal was chosen")


def test_import_bad_file_then_the_corrected_one_live(browser, server, tmp_path):
    member("organizer", None, is_staff=True)
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    write_xlsx(str(bad), demo_sheets(bad=True))
    write_xlsx(str(good), demo_sheets())

    # English: the bad file, all or nothing: five rows named with their column, nothing created.
    page = login(browser, server, "en-US", "organizer", "/organizer/matchmaking/imports/")
    page.set_input_files("#import-file", str(bad))
    page.click("#upload-button")
    page.wait_for_url(re.compile(r"/organizer/matchmaking/imports/\d+/$"))
    expect(page.locator("#import")).to_have_attribute("data-live", "1")
    page.click("#start-import")
    expect(page.locator("#import")).to_have_attribute("data-status", "rejected")
    expect(page.locator("#problems tbody tr")).to_have_count(5)
    email = page.locator("#problems tr[data-column='contact_email']")
    expect(email).to_have_attribute("data-row", "3")
    expect(email).to_contain_text("Contact e-mail: not a valid e-mail address")
    expect(page.locator("#count-created")).to_have_text("0")
    expect(page.locator("#report-area")).to_be_visible()
    assert Posting.objects.count() == 0 and Organisation.objects.count() == 0

    # Chinese: the corrected file; the bar fills from the socket's import.progress frames.
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": server.url}])
    page.goto("/organizer/matchmaking/imports/")
    expect(page.locator("#upload-button")).to_have_text("上传")
    page.set_input_files("#import-file", str(good))
    page.click("#upload-button")
    page.wait_for_url(re.compile(r"/organizer/matchmaking/imports/\d+/$"))
    expect(page.locator("#import")).to_have_attribute("data-live", "1")
    page.click("#start-import")
    expect(page.locator("#import")).to_have_attribute("data-status", "done")
    expect(page.locator("#import-status")).to_have_text("已导入")
    expect(page.locator("#import-progress")).to_have_attribute("value", "100")
    assert int(page.locator("#import-progress").get_attribute("data-frames")) >= 1
    expect(page.locator("#count-created")).to_have_text("6")
    expect(page.locator("#count-errors")).to_have_text("0")
    job = ImportJob.objects.order_by("-pk").first()
    assert job.status == "done" and Posting.objects.count() == 6 and Challenge.objects.count() == 1
    # The non-public row waits in the organizers' queue.
    page.goto("/organizer/matchmaking/queue/")
    expect(page.locator(".mm-queued")).to_have_count(1)
