"""The job fairs in a real browser against a real Daphne: an employer joins a fair from the
exhibitor pages, an organizer admits it (in Chinese), the employer posts and publishes a job
(in English) that then shows on the fair's page and the board; a visitor reads a zone's page
and filters and searches the board in Chinese and English."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Interest, Organisation, OrganisationMembership, User
from recruitment.models import CityCard, Job, JobFairZone, ZoneEmployer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WAIT = 15_000


def login(browser, server, locale, username, path):
    context = browser.new_context(base_url=server.url, locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT)
    page = context.new_page()
    if username:
        page.goto(f"/accounts/login/?next={quote(path)}")
        page.fill("#id_login", username)
        page.fill("#id_password", "pw-" + username)
        page.click("#login-submit")
        page.wait_for_url(f"**{path}")
    else:
        page.goto(path)
    return context, page


@pytest.fixture
def fair(db):
    zone = JobFairZone.objects.create(
        slug="foreign-talent",
        name="外籍人才云聘会",
        name_en="Cloud Job Fair for Foreign Talent",
        audience="在华外籍专业人才",
        audience_en="Foreign professionals in China",
        schedule="每月一场",
        schedule_en="Once a month",
    )
    CityCard.objects.create(zone=zone, city="深圳", city_en="Shenzhen", policy="孔雀计划", policy_en="Peacock Plan")
    org = Organisation.objects.create(name="深圳创新科技", name_en="Shenzhen Innovation Tech")
    hr = User.objects.create_user(username="hr", password="pw-hr", display_name="HR")
    OrganisationMembership.objects.create(organisation=org, user=hr, role=OrganisationMembership.Role.ADMIN)
    User.objects.create_user(username="org", password="pw-org", display_name="Organizer", is_staff=True)
    field = Interest.objects.create(slug="e2e-ai", name="人工智能", name_en="Artificial intelligence")
    return {"zone": zone, "org": org, "field": field}


def test_an_employer_joins_a_fair_is_admitted_and_posts_a_job(browser, server, fair):
    zone, org = fair["zone"], fair["org"]
    hr_context, hr = login(browser, server, "en-US", "hr", "/exhibitor/")
    hr.click("#exhibitor-jobs")
    expect(hr.locator("h1")).to_have_text("My organisation's jobs")
    join = hr.locator(f"#join-{zone.slug}")
    join.locator("input[name=note]").fill("We hire engineers from abroad")
    join.get_by_role("button", name="Ask to join").click()
    expect(hr.locator(f"#join-{zone.slug} .status-tag")).to_have_attribute("data-status", "applied")

    # The organizer decides in Chinese.
    org_context, organizer = login(browser, server, "zh-CN", "org", "/jobs/organizer/")
    row = organizer.locator(f"tr[data-organisation='{org.pk}']")
    expect(row).to_contain_text("We hire engineers from abroad")
    row.get_by_role("button", name="准入").click()
    expect(organizer.locator(f"tr[data-organisation='{org.pk}'] .status-tag")).to_have_attribute(
        "data-status", "admitted"
    )
    assert ZoneEmployer.objects.get().status == "admitted"

    # The employer posts a job in the fair: a refusal first (salary range backwards), then saved.
    hr.goto("/jobs/employer/")
    hr.click(f"#new-job-{org.pk}")
    hr.fill("#j-title", "机器学习工程师")
    hr.fill("#j-title-en", "Machine learning engineer")
    hr.fill("#j-description-en", "Train and ship recommendation models.")
    hr.select_option("#j-field", str(fair["field"].pk))
    hr.select_option("#j-education", "master")
    hr.check("input[name=languages][value=en]")
    hr.fill("#j-city-en", "Shenzhen")
    hr.fill("#j-salary-min", "40000")
    hr.fill("#j-salary-max", "30000")
    hr.fill("#j-deadline", (timezone.localdate() + dt.timedelta(days=30)).isoformat())
    hr.select_option("#j-zone", zone.slug)
    hr.click("#job-save-publish")
    expect(hr.locator("#job-errors")).to_contain_text("salary_max")
    hr.fill("#j-salary-max", "60000")
    hr.click("#job-save-publish")
    hr.wait_for_url("**/jobs/employer/")
    job = Job.objects.get()
    expect(hr.locator(f"tr[data-job-id='{job.pk}'] .job-status")).to_have_attribute("data-status", "published")

    # It shows on the fair's page, and its page counts the view.
    hr.goto(f"/jobs/fairs/{zone.slug}/")
    card = hr.locator(f"#employers [data-job-id='{job.pk}']")
    expect(card).to_contain_text("Machine learning engineer")
    card.locator("a.job-title").click()
    expect(hr.locator("#job-title")).to_have_text("Machine learning engineer")
    expect(hr.locator("#job-apply")).to_be_visible()
    hr.goto("/jobs/employer/")
    expect(hr.locator(f"tr[data-job-id='{job.pk}'] .job-views")).to_have_text("1")
    # Closing it takes it off the board.
    hr.locator(f"tr[data-job-id='{job.pk}'] button.close-job").click()
    expect(hr.locator(f"tr[data-job-id='{job.pk}'] .job-status")).to_have_attribute("data-status", "closed")
    hr.goto("/jobs/board/")
    expect(hr.locator("#jobs .job-card")).to_have_count(0)
    hr_context.close()
    org_context.close()


def test_a_visitor_reads_a_fair_and_filters_the_board_in_both_languages(browser, server, fair):
    from recruitment import fairs, jobs

    zone, org = fair["zone"], fair["org"]
    organizer = User.objects.get(username="org")
    hr = User.objects.get(username="hr")
    place = fairs.request_admission(by=hr, zone_id=zone.pk, organisation=org)
    fairs.admit_employer(by=organizer, place_id=place.pk)
    common = {"by": hr, "organisation": org, "publish": True}
    ml = jobs.create_job(
        **common,
        title="算法工程师",
        title_en="Algorithm engineer",
        description="深度学习",
        description_en="Deep learning",
        zone=zone.slug,
        salary_min=30000,
        salary_max=50000,
        city="深圳",
        city_en="Shenzhen",
    )
    nurse = jobs.create_job(
        **common,
        title="临床研究护士",
        title_en="Clinical research nurse",
        description="临床试验",
        description_en="Clinical trials",
        salary_min=10000,
        salary_max=15000,
        city="北京",
        city_en="Beijing",
    )
    for locale, audience, city, heading, ml_title, nurse_title in (
        ("zh-CN", "在华外籍专业人才", "深圳", "职位大厅", "算法工程师", "临床研究护士"),
        (
            "en-US",
            "Foreign professionals in China",
            "Shenzhen",
            "Job board",
            "Algorithm engineer",
            "Clinical research nurse",
        ),
    ):
        context, page = login(browser, server, locale, None, "/jobs/")
        page.locator(f"[data-zone='{zone.slug}'] h2 a").click()
        expect(page.locator("#zone-audience")).to_contain_text(audience)
        expect(page.locator("#city-cards")).to_contain_text(city)
        expect(page.locator(f"#employers [data-job-id='{ml.pk}']")).to_contain_text(ml_title)
        expect(page.locator(f"#employers [data-job-id='{nurse.pk}']")).to_have_count(0)  # not in this fair

        page.goto("/jobs/board/")
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator("#jobs .job-card")).to_have_count(2)
        page.fill("#b-salary-min", "20000")
        page.click("#board-search")
        expect(page.locator("#jobs .job-card")).to_have_count(1)
        expect(page.locator(f"#jobs [data-job-id='{ml.pk}']")).to_contain_text(ml_title)
        page.fill("#b-salary-min", "")
        page.fill("#b-q", "nurse" if locale == "en-US" else "护士")
        page.click("#board-search")
        expect(page.locator("#jobs .job-card")).to_have_count(1)
        expect(page.locator(f"#jobs [data-job-id='{nurse.pk}']")).to_contain_text(nurse_title)
        context.close()
