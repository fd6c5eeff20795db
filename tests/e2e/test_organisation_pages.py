"""我要参展 in a real browser against a real Daphne, in Chinese and English: a verified person
registers an organisation, an organizer verifies it in the queue, its admin invites a colleague
by e-mail, the colleague opens the link from the e-mail the server sent (its file backend) and
accepts, the admin removes the colleague, and the colleague's access to the team page ends."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation, OrganisationMembership, User
from halls.models import BoothApplication, Hall, Zone

from .conftest import mail_text, sent_mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SERVER_MAIL_TO_FILES = True
CREDIT_CODE = "91350100M000100Y43"  # a real, valid GB 32100-2015 code (tests/accounts/test_organisations.py)


def login(browser, server, locale, username, next_path):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"/accounts/login/?next={quote(next_path)}")
    page.fill("#id_login", username)
    page.fill("#id_password", "pw-" + username)
    page.click("#login-submit")
    page.wait_for_url(f"**{next_path}")
    return context, page


def invitation_links(server, email):
    links = []
    for message in sent_mail(server):
        if email in message["To"]:
            links += dict.fromkeys(re.findall(r"https?://\S+/organisations/invitations/[^\s/]+/", mail_text(message)))
    return links


@pytest.mark.parametrize(
    ("locale", "lang"),
    [("en-US", "en"), ("zh-CN", "zh-hans")],
)
def test_register_verify_invite_accept_remove(browser, server, locale, lang):
    User.objects.create_user(username="founder", password="pw-founder", email="founder@example.org")
    User.objects.create_user(username="organizer", password="pw-organizer", email="org@example.org", is_staff=True)
    colleague = User.objects.create_user(
        username="colleague", password="pw-colleague", email="colleague@example.org", display_name="Colleague"
    )

    # Register the organisation: its registrant becomes its admin, it waits for verification.
    a_context, admin = login(browser, server, locale, "founder", "/exhibitor/register/")
    expect(admin.locator("html")).to_have_attribute("lang", lang)
    admin.fill("#id_name", "未来人才科技有限公司")
    admin.fill("#id_name_en", "Future Talent Technology Ltd")
    admin.select_option("#id_country", "CN")
    admin.fill("#id_credit_code", CREDIT_CODE)
    admin.fill("#id_contact_name", "王芳")
    admin.fill("#id_contact_email", "contact@example.org")
    admin.fill("#id_contact_phone", "+86 10 6512 3456")
    admin.click("#register-form button[type=submit]")
    admin.wait_for_url(re.compile(r"/exhibitor/organisations/\d+/team/$"))
    organisation = Organisation.objects.get(credit_code=CREDIT_CODE)
    assert organisation.status == Organisation.Status.PENDING
    assert OrganisationMembership.objects.filter(
        organisation=organisation, user__username="founder", role=OrganisationMembership.Role.ADMIN
    ).exists()
    expect(admin.locator("#org-status")).to_have_attribute("data-status", "pending")
    team_path = f"/exhibitor/organisations/{organisation.pk}/team/"

    # Not verified yet: its booth application is refused on the exhibitor page, nothing stored.
    hall = Hall.objects.create(
        slug="ciec", name="网上展厅", name_en="Online hall", applications_close_at=timezone.now() + timedelta(days=9)
    )
    Zone.objects.create(hall=hall, slug="tech", code="A", name="科技部展示专区", name_en="MOST", order=1)
    admin.goto("/exhibitor/")
    admin.select_option("#apply-organisation", str(organisation.pk))
    admin.fill("#apply-name", "未来人才展位")
    admin.fill("#apply-contact-name", "王芳")
    admin.fill("#apply-contact-email", "contact@example.org")
    admin.click("#apply-submit")
    expect(admin.locator("#apply-error")).to_have_attribute("data-code", "organisation_unverified")
    expect(admin.locator("#apply-error")).to_be_visible()
    assert not BoothApplication.objects.filter(organisation=organisation).exists()
    admin.goto(team_path)

    # The organizer verifies it in the queue.
    o_context, organizer = login(browser, server, locale, "organizer", "/organizer/organisations/")
    row = organizer.locator(f"#pending tr[data-organisation='{organisation.pk}']")
    expect(row).to_be_visible()
    row.locator("button.verify").click()
    organizer.wait_for_url("**/organizer/organisations/")
    expect(organizer.locator(f"#pending tr[data-organisation='{organisation.pk}']")).to_have_count(0)
    expect(organizer.locator("#recent")).to_contain_text("未来人才科技有限公司")
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED
    o_context.close()
    admin.reload()
    expect(admin.locator("#org-status")).to_have_attribute("data-status", "verified")

    # The admin invites a colleague by e-mail.
    admin.fill("#invite-email", "colleague@example.org")
    admin.click("#invite-form button[type=submit]")
    admin.wait_for_url(f"**{team_path}")
    expect(admin.locator("#invitations")).to_contain_text("colleague@example.org")
    links = invitation_links(server, "colleague@example.org")
    assert len(links) == 1, links  # one e-mail, its link given once in each language
    link = links[0]
    assert link.startswith(server.url)

    # The colleague opens the link (logged out: the login page first, then back) and accepts.
    c_context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    c_context.set_default_timeout(15_000)
    colleague_page = c_context.new_page()
    colleague_page.goto(link)
    assert "/accounts/login/" in colleague_page.url
    colleague_page.fill("#id_login", "colleague")
    colleague_page.fill("#id_password", "pw-colleague")
    colleague_page.click("#login-submit")
    colleague_page.wait_for_url(f"**{link.split(server.url, 1)[1]}")
    expect(colleague_page.locator("#invitation-problem")).to_have_count(0)
    colleague_page.click("#accept-form button[type=submit]")
    colleague_page.wait_for_url(f"**{team_path}")
    expect(colleague_page.locator("#members tr[data-user='colleague']")).to_be_visible()
    assert OrganisationMembership.objects.filter(organisation=organisation, user=colleague).exists()
    # The link is used up: opening it again says so.
    colleague_page.goto(link)
    expect(colleague_page.locator("#invitation-problem")).to_be_visible()

    # The admin removes the colleague: their access to the team page ends at once.
    admin.reload()
    admin.locator("#members tr[data-user='colleague'] button.remove").click()
    admin.wait_for_url(f"**{team_path}")
    expect(admin.locator("#members tr[data-user='colleague']")).to_have_count(0)
    expect(admin.locator("#members tr[data-user='founder']")).to_be_visible()
    assert not OrganisationMembership.objects.filter(organisation=organisation, user=colleague).exists()
    response = colleague_page.goto(team_path)
    assert response is not None and response.status == 403
    expect(colleague_page.locator("#members")).to_have_count(0)
    c_context.close()
    a_context.close()
