"""The job fairs over the API: organizers create and edit zones, city cards and policy talks
and admit or refuse employers; employers' admins ask to join; a zone's page data."""

from __future__ import annotations

import datetime as dt

import pytest

from recruitment.models import ZoneEmployer
from tests.recruitment.conftest import client_for

pytestmark = pytest.mark.django_db


def test_join_admit_refuse_and_the_zone_page(fair, event):
    from recruitment import jobs
    from streams import services
    from streams.models import Session
    from tests.programme import UTC_0526_0100

    zone = fair["zones"]["foreign"]
    acme, other = fair["orgs"]["acme"], fair["orgs"]["other"]
    admin, organizer = client_for(fair["admin"]), client_for(fair["organizer"])
    url = f"/api/recruitment/zones/{zone.slug}/join"

    # Only the organisation's admins commit it; staff of others do not even see it.
    staff = client_for(fair["staff"]).post(url, {"organisation_id": acme.pk}, content_type="application/json")
    assert (staff.status_code, staff.json()["code"]) == (403, "forbidden")
    foreign = client_for(fair["other"]).post(url, {"organisation_id": acme.pk}, content_type="application/json")
    assert foreign.status_code == 404
    pending = client_for(fair["pending_admin"]).post(
        url, {"organisation_id": fair["orgs"]["pending"].pk}, content_type="application/json"
    )
    assert pending.json()["code"] == "organisation_unverified"

    asked = admin.post(url, {"organisation_id": acme.pk, "note": "我们招聘外籍工程师"}, content_type="application/json")
    assert asked.status_code == 201 and asked.json()["status"] == "applied"
    again = admin.post(url, {"organisation_id": acme.pk}, content_type="application/json")
    assert again.json()["code"] == "already_requested"
    assert client_for(fair["admin"]).get(f"/api/recruitment/zones/{zone.slug}/employers").status_code == 403

    queue = organizer.get(f"/api/recruitment/zones/{zone.slug}/employers").json()
    assert [(p["organisation"]["id"], p["status"], p["note"]) for p in queue] == [
        (acme.pk, "applied", "我们招聘外籍工程师")
    ]
    place = queue[0]["id"]
    assert admin.post(f"/api/recruitment/employers/{place}/admit").status_code == 403
    admitted = organizer.post(f"/api/recruitment/employers/{place}/admit")
    assert admitted.json()["status"] == "admitted"
    assert organizer.post(f"/api/recruitment/employers/{place}/admit").json()["code"] == "already_decided"

    # The other employer asks and is refused, with a reason it reads on its own list.
    other_place = fair["other"]
    client_for(other_place).post(url, {"organisation_id": other.pk}, content_type="application/json")
    refused_id = ZoneEmployer.objects.get(organisation=other).pk
    refused = organizer.post(
        f"/api/recruitment/employers/{refused_id}/refuse", {"reason": "不符合专场定位"}, content_type="application/json"
    )
    assert refused.json()["status"] == "refused"
    mine = client_for(fair["other"]).get("/api/recruitment/my/zones").json()
    assert [(p["zone"], p["status"], p["reason"]) for p in mine] == [(zone.slug, "refused", "不符合专场定位")]
    # Each side's staff were told of the decision, in their inbox (the reason with the refusal).
    from notifications.models import Notification

    told = Notification.objects.filter(kind="job_fair_admission").order_by("pk")
    assert {(n.recipient_id, n.context["status"]) for n in told} == {
        (fair["admin"].pk, "admitted"),
        (fair["staff"].pk, "admitted"),
        (fair["other"].pk, "refused"),
    }
    assert told.get(recipient=fair["other"]).body == "不符合专场定位"
    # Refused employers may ask again.
    assert (
        client_for(fair["other"]).post(url, {"organisation_id": other.pk}, content_type="application/json").status_code
        == 201
    )

    # The zone's page: audience, schedule, admitted employers with their jobs in the zone,
    # city cards, policy talks.
    edited = organizer.patch(
        f"/api/recruitment/zones/{zone.slug}",
        {
            "audience": "在华及海外外籍人才",
            "audience_en": "Foreign professionals in China and abroad",
            "schedule": "5月26日—11月30日",
            "starts_on": "2026-05-26",
            "ends_on": "2026-11-30",
        },
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["ends_on"] == "2026-11-30"
    backwards = organizer.patch(
        f"/api/recruitment/zones/{zone.slug}", {"ends_on": "2026-01-01"}, content_type="application/json"
    )
    assert backwards.json()["code"] == "invalid_dates"
    card = organizer.post(
        f"/api/recruitment/zones/{zone.slug}/city-cards",
        {
            "city": "深圳",
            "city_en": "Shenzhen",
            "policy": "孔雀计划",
            "contacts": "0755-0000",
            "video_url": "https://v.example/sz.mp4",
        },
        content_type="application/json",
    )
    assert card.status_code == 201
    bad_video = organizer.post(
        f"/api/recruitment/zones/{zone.slug}/city-cards",
        {"city": "X", "video_url": "javascript:alert(1)"},
        content_type="application/json",
    )
    assert bad_video.status_code == 400 and "video_url" in bad_video.json()["fields"]
    talk = services.create_session(
        event=event,
        kind=Session.Kind.RECRUITMENT_LIVESTREAM,
        title="深圳人才政策宣讲",
        title_en="Shenzhen talent policy",
        slug="policy-talk",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + dt.timedelta(hours=1),
    )
    talks = organizer.put(
        f"/api/recruitment/zones/{zone.slug}/policy-talks", {"session_ids": [talk.pk]}, content_type="application/json"
    )
    assert [t["title_en"] for t in talks.json()["policy_talks"]] == ["Shenzhen talent policy"]
    assert (
        organizer.put(
            f"/api/recruitment/zones/{zone.slug}/policy-talks",
            {"session_ids": [999999]},
            content_type="application/json",
        ).status_code
        == 400
    )
    job = jobs.create_job(
        by=fair["staff"], organisation=acme, title="外籍工程师", description="d", zone=zone.slug, publish=True
    )
    jobs.create_job(by=fair["staff"], organisation=acme, title="草稿", zone=zone.slug)  # a draft: not shown
    page = client_for().get(f"/api/recruitment/zones/{zone.slug}").json()
    assert page["audience_en"] == "Foreign professionals in China and abroad"
    assert [(e["id"], [j["id"] for j in e["jobs"]]) for e in page["employers"]] == [(acme.pk, [job.pk])]
    assert [c["city_en"] for c in page["city_cards"]] == ["Shenzhen"]
    assert page["policy_talks"][0]["room_url"] == f"/rooms/{talk.room.slug}/"
    assert [z["slug"] for z in client_for().get("/api/recruitment/zones").json()] == ["foreign-talent", "returnees"]
    assert client_for().get("/api/recruitment/zones/nope").status_code == 404

    # Refusing an admitted employer takes its jobs out of the zone (they stay on the board).
    acme_place = ZoneEmployer.objects.get(organisation=acme).pk
    organizer.post(f"/api/recruitment/employers/{acme_place}/refuse", {}, content_type="application/json")
    job.refresh_from_db()
    assert job.zone is None and job.status == "published"
    assert client_for().get(f"/api/recruitment/zones/{zone.slug}").json()["employers"] == []


def test_organizers_create_zones(fair):
    organizer = client_for(fair["organizer"])
    body = {
        "slug": "global-wisdom",
        "name": "智汇全球",
        "name_en": "Global Wisdom",
        "boards": [{"title": "海外招才引智", "title_en": "Overseas recruitment", "text": "…"}],
    }
    created = organizer.post("/api/recruitment/zones", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["boards"][0]["title_en"] == "Overseas recruitment"
    taken = organizer.post("/api/recruitment/zones", body, content_type="application/json")
    assert (taken.status_code, taken.json()["code"]) == (400, "slug_taken")
    assert (
        client_for(fair["admin"]).post("/api/recruitment/zones", body, content_type="application/json").status_code
        == 403
    )
    assert client_for().post("/api/recruitment/zones", body, content_type="application/json").status_code == 401
