"""Matchmaking in Chromium, zh and en: a member publishes a posting through the form → another
organisation's member is refused a rating before any conversation, responds → the poster
replies with an attachment → the responder downloads it, schedules a video meeting from the
conversation, rates → the organisation page shows the average; strangers get 404."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation, OrganisationMembership, User
from tests import media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = {
    "zh-CN": {"published": "需求已发布。", "rated": "谢谢，评价已保存。", "average": "4.0 ★（1 条评价）"},
    "en-US": {
        "published": "The posting is published.",
        "rated": "Thank you: your rating is saved.",
        "average": "4.0 ★ from 1 rating",
    },
}


def logged_in(browser, server, username, locale, path):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"/accounts/login/?next={path}")
    page.fill("#id_login", username)
    page.fill("#id_password", f"pw-{username}-1234")
    page.click("#login-submit")
    page.wait_for_url(f"**{path}")
    return context, page


def member(username: str, org: Organisation, role: str = "admin") -> User:
    user = User.objects.create_user(username=username, password=f"pw-{username}-1234", display_name=username.title())
    OrganisationMembership.objects.create(organisation=org, user=user, role=role)
    return user


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_publish_respond_negotiate_meet_and_rate(browser, server, locale, tmp_path):
    text = TEXT[locale]
    poster_org = Organisation.objects.create(name="华能新能源", name_en="Huaneng New Energy", status="verified")
    partner_org = Organisation.objects.create(name="德国工程师协会", name_en="German Engineers", status="verified")
    member("poster", poster_org)
    member("partner", partner_org)
    member("stranger", Organisation.objects.create(name="第三方", name_en="Third", status="verified"))

    p_context, poster = logged_in(browser, server, "poster", locale, "/matchmaking/postings/new/")
    poster.select_option("#p-kind", "project_cooperation")
    poster.select_option("#p-subkind", "technology_need")
    poster.fill("#p-title", "海上风电储能技术需求")
    poster.fill("#p-title-en", "Offshore wind storage need")
    poster.fill("#p-body", "寻找电池管理合作伙伴")
    poster.fill("#p-body-en", "Looking for battery management partners")
    poster.check("input[name=languages][value=en]")
    poster.click("#publish-now")
    poster.wait_for_url(re.compile(r"/matchmaking/postings/\d+/$"))
    expect(poster.locator("#site-messages")).to_contain_text(text["published"])
    posting_path = poster.url.split(server.url)[-1]

    r_context, partner = logged_in(browser, server, "partner", locale, "/matchmaking/")
    partner.fill("#f-q", "储能")
    partner.click("#apply-filters")
    partner.click("#posting-list a >> nth=0")
    partner.wait_for_url(f"**{posting_path}")
    # Rating before any conversation: refused, with the reason.
    partner.click("#rate-poster summary")
    partner.click("#send-rating")
    expect(partner.locator("#posting-errors")).to_contain_text("conversation")
    partner.click("#favourite")
    expect(partner.locator("#unfavourite")).to_be_visible()
    partner.fill("#respond-body", "我们有成熟的 BMS 方案 / We have a BMS solution")
    partner.click("#send-response")
    partner.wait_for_url(re.compile(r"/matchmaking/conversations/\d+/$"))
    conversation_path = partner.url.split(server.url)[-1]

    poster.goto(conversation_path)
    expect(poster.locator("#messages")).to_contain_text("BMS")
    spec = tmp_path / "spec.pdf"
    spec.write_bytes(media.pdf())
    poster.fill("#reply-body", "请看规格书 / see the specification")
    poster.set_input_files("#reply-files", str(spec))
    poster.click("#send-reply")
    expect(poster.locator("#messages .attachment")).to_have_text("spec.pdf")

    partner.reload()
    expect(partner.locator("#messages")).to_contain_text("see the specification")
    with partner.expect_download() as download:
        partner.click("#messages .attachment")
    assert download.value.suggested_filename == "spec.pdf"
    partner.click("#schedule summary")
    start = timezone.localtime(timezone.now() + timedelta(days=2)).replace(minute=0, second=0)
    partner.fill("#slot-0", start.strftime("%Y-%m-%dT%H:%M"))
    partner.click("#send-meeting")
    partner.wait_for_url(re.compile(r"/meetings/\d+/$"))
    partner.goto(conversation_path)
    expect(partner.locator("#meeting-list")).to_have_count(1)
    partner.select_option("#c-stars", "4")
    partner.fill("#c-comment", "专业 professional")
    partner.click("#send-conversation-rating")
    expect(partner.locator("#site-messages")).to_contain_text(text["rated"])
    expect(partner.locator("#my-rating")).to_contain_text("4")

    partner.goto(f"/matchmaking/organisations/{poster_org.pk}/")
    expect(partner.locator("#rating-summary")).to_have_text(text["average"])
    partner.goto("/matchmaking/mine/")
    expect(partner.locator("#favourites")).to_contain_text(
        "海上风电储能技术需求" if locale == "zh-CN" else "Offshore wind"
    )

    s_context, stranger = logged_in(browser, server, "stranger", locale, "/matchmaking/conversations/")
    response = stranger.goto(conversation_path)
    assert response.status == 404
    s_context.close()
    r_context.close()
    p_context.close()
