"""Partner sub-venues: their sessions are programme sessions (programme filters, calendar feed,
search), and their staff's rights end at their sub-venue, over the API and on the stage socket."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.utils import timezone

from activities import subvenues
from activities.models import SubVenueStaff
from live.errors import LiveError
from tests.activities.helpers import user, venues


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.django_db
def test_a_subvenue_organizer_runs_their_programme_and_nothing_else():
    v = venues()
    gd = client_for(v.gd_organizer)
    start = timezone.now() + timedelta(days=3)
    body = {"title": "新活动", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat()}
    created = gd.post("/api/activities/subvenues/gd/sessions", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["room_slug"]
    # another sub-venue: refused, nothing created
    refused = gd.post("/api/activities/subvenues/sc/sessions", json.dumps(body), content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert subvenues.sessions_of(v.sc).count() == 1
    patched = gd.patch(
        f"/api/activities/sessions/{v.sc_session.pk}", json.dumps({"title": "改"}), content_type="application/json"
    )
    assert patched.status_code == 403
    # the main conference's session is none of a sub-venue's: not found
    main = gd.patch(
        f"/api/activities/sessions/{v.main.pk}", json.dumps({"title": "改"}), content_type="application/json"
    )
    assert main.status_code == 404
    v.main.refresh_from_db()
    v.sc_session.refresh_from_db()
    assert v.main.title == "主论坛" and v.sc_session.title == "sc活动"
    # their staff: only their own sub-venue's
    staff = gd.post(
        "/api/activities/subvenues/sc/staff",
        json.dumps({"user_id": v.gd_organizer.pk, "role": "organizer"}),
        content_type="application/json",
    )
    assert staff.status_code == 403
    assert not SubVenueStaff.objects.filter(subvenue=v.sc, user=v.gd_organizer).exists()
    # and no sub-venue can be created by a partner
    assert gd.post("/api/activities/subvenues", json.dumps({}), content_type="application/json").status_code == 422
    with pytest.raises(LiveError) as refusal:
        subvenues.create_subvenue(
            by=v.gd_organizer, event=v.event, organisation_id=v.gd.organisation_id, slug="x", name="x", region="x"
        )
    assert refusal.value.code == "forbidden"
    # the staff list is for the organizers only
    assert "staff" in gd.get("/api/activities/subvenues/gd").json()
    assert "staff" not in gd.get("/api/activities/subvenues/sc").json()


@pytest.mark.django_db
def test_bad_session_input_is_refused_and_nothing_is_created():
    v = venues()
    gd = client_for(v.gd_organizer)
    start = timezone.now()
    later, earlier = (start + timedelta(hours=1)).isoformat(), (start - timedelta(hours=1)).isoformat()
    for body, field in (
        ({"title": "", "starts_at": start.isoformat(), "ends_at": later}, "title"),
        ({"title": "x", "starts_at": start.isoformat(), "ends_at": earlier}, "ends_at"),
        ({"title": "x"}, "starts_at"),
    ):
        answer = gd.post("/api/activities/subvenues/gd/sessions", json.dumps(body), content_type="application/json")
        assert answer.status_code == 400, answer.content
        assert field in answer.json()["message"]
    assert subvenues.sessions_of(v.gd).count() == 1


@pytest.mark.django_db
def test_the_programme_filters_by_subvenue_and_region_and_refuses_unknown_ones():
    venues()
    client = Client()

    def titles(query: str) -> list[str]:
        answer = client.get(f"/api/events/conf/programme?{query}")
        assert answer.status_code == 200, answer.content
        return sorted(s["title"] for day in answer.json()["days"] for s in day["sessions"])

    assert titles("") == ["gd活动", "sc活动", "主论坛"]
    assert titles("subvenue=gd") == ["gd活动"]
    assert titles("region=sichuan") == ["sc活动"]
    assert titles("region=sichuan&subvenue=gd") == []
    unknown = client.get("/api/events/conf/programme?subvenue=nowhere")
    assert unknown.status_code == 400 and "subvenue" in unknown.json()["message"]
    # the home page too
    page = client.get("/?event=conf&subvenue=gd")
    assert "gd活动" in page.content.decode() and "sc活动" not in page.content.decode()
    # and the sub-venue's pages
    listing = client.get("/subvenues/?region=guangdong", HTTP_ACCEPT_LANGUAGE="en")
    assert "gd sub-venue" in listing.content.decode() and "sc sub-venue" not in listing.content.decode()
    assert client.get("/subvenues/?region=nowhere").status_code == 404


@pytest.mark.django_db
def test_the_subvenue_calendar_feed_and_search_find_its_sessions():
    from search.selectors import search

    v = venues()
    feed = Client().get("/api/activities/subvenues/gd/calendar.ics?lang=en")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode()
    assert f"session-{v.gd_session.pk}@" in text and f"session-{v.sc_session.pk}@" not in text
    found = search("sichuan", user("reader"))
    assert any(hit.url == "/subvenues/sc/" for hit in found.hits), found


@pytest.mark.django_db(transaction=True)
async def test_subvenue_staff_moderate_their_own_stages_only(connect):
    v = await database_sync_to_async(venues)()
    target = await database_sync_to_async(user)("target")
    moderator = await database_sync_to_async(user)("gd-mod")
    await database_sync_to_async(subvenues.set_staff)(
        by=v.gd_organizer, subvenue=v.gd, user_id=moderator.pk, role="moderator"
    )
    rooms = await database_sync_to_async(lambda: [s.room.slug for s in (v.gd_session, v.sc_session, v.main)])()
    client = await connect(moderator)
    for slug in rooms:
        await client.ok("room.join", room=slug)
    own, theirs, main = rooms
    assert (await client.request("mod.mute", room=own, user_id=target.pk, minutes=1))["type"] == "ack"
    for slug in (theirs, main):
        answer = await client.request("mod.mute", room=slug, user_id=target.pk, minutes=1)
        assert answer["type"] == "error" and answer["code"] == "forbidden", answer
        answer = await client.request("poll.create", room=slug, question="Q", options=["a", "b"])
        assert answer["code"] == "forbidden"
    # the role taken away reaches the open socket
    await database_sync_to_async(subvenues.remove_staff)(by=v.gd_organizer, subvenue=v.gd, user_id=moderator.pk)
    for _ in range(20):
        answer = await client.request("mod.unmute", room=own, user_id=target.pk)
        if answer["type"] == "error":
            break
    assert answer["type"] == "error" and answer["code"] == "forbidden", answer
