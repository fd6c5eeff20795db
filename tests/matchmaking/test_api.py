"""The API: the whole flow over HTTP, the error shape, hostile input (never a 500)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Interest
from tests import media

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def send(client, method, path, data=None):
    return client.generic(method, path, json.dumps(data or {}), content_type="application/json")


def test_publish_respond_reply_meeting_rate_over_http(world):
    Interest.objects.create(slug="energy", name="能源", name_en="Energy")
    poster, responder, guest = client_for(world.poster_staff), client_for(world.responder_staff), client_for(None)
    created = send(
        poster,
        "POST",
        "/api/matchmaking/postings",
        {
            "kind": "project_cooperation",
            "subkind": "technology_transfer",
            "title": "储能技术转让",
            "title_en": "Energy storage technology transfer",
            "body": "固态电池专利",
            "body_en": "Solid-state battery patents",
            "fields": ["energy"],
            "country": "cn",
            "province": "北京",
            "languages": ["zh", "en"],
            "publish": True,
        },
    )
    assert created.status_code == 201, created.content
    posting = created.json()
    assert posting["status"] == "published" and posting["country"] == "CN" and posting["fields"][0]["slug"] == "energy"
    pid = posting["id"]
    upload = poster.post(f"/api/matchmaking/postings/{pid}/attachments", {"file": _file("spec.pdf", media.pdf())})
    assert upload.status_code == 201, upload.content
    download = guest.get(upload.json()["url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # The board: filters and the shared search.
    assert [
        p["id"]
        for p in guest.get("/api/matchmaking/postings?kind=project_cooperation&field=energy&language=en").json()[
            "results"
        ]
    ] == [pid]
    assert guest.get("/api/matchmaking/postings?kind=talent_demand").json()["total"] == 0
    assert [p["id"] for p in guest.get("/api/matchmaking/postings", {"q": "固态电池"}).json()["results"]] == [pid]
    assert [p["id"] for p in guest.get("/api/matchmaking/postings", {"q": "battery"}).json()["results"]] == [pid]
    # Rating before a conversation: refused in the one error shape.
    refused = send(responder, "POST", f"/api/matchmaking/postings/{pid}/rating", {"stars": 5})
    assert refused.status_code == 400 and refused.json()["code"] == "no_conversation"
    opened = send(responder, "POST", f"/api/matchmaking/postings/{pid}/respond", {"body": "We have a team"})
    assert opened.status_code == 201
    cid = opened.json()["id"]
    reply = poster.post(
        f"/api/matchmaking/conversations/{cid}/messages", {"body": "请看附件", "files": [_file("p.png", media.png())]}
    )
    assert reply.status_code == 201 and reply.json()["attachments"][0]["content_type"] == "image/png"
    att_url = reply.json()["attachments"][0]["url"]
    fetched = responder.get(att_url)
    assert fetched.status_code == 200 and b"".join(fetched.streaming_content).startswith(b"\x89PNG")
    assert guest.get(att_url).status_code == 401
    assert client_for(world.outsider).get(att_url).status_code == 404
    assert client_for(world.organizer).get(f"/api/matchmaking/conversations/{cid}").status_code == 404
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    meeting = send(
        responder,
        "POST",
        f"/api/matchmaking/conversations/{cid}/meetings",
        {"topic": "视频洽谈", "slots": [{"start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat()}]},
    )
    assert meeting.status_code == 201, meeting.content
    thread = responder.get(f"/api/matchmaking/conversations/{cid}").json()
    assert thread["meetings"][0]["id"] == meeting.json()["id"]
    assert [m["body"] for m in thread["messages"]][:2] == ["We have a team", "请看附件"]
    rated = send(responder, "POST", f"/api/matchmaking/conversations/{cid}/rating", {"stars": 5, "comment": "好"})
    assert rated.status_code == 201
    again = send(responder, "POST", f"/api/matchmaking/postings/{pid}/rating", {"stars": 3})
    assert again.json()["code"] == "already_rated"
    page = guest.get(f"/api/matchmaking/organisations/{world.poster.pk}").json()
    assert page["ratings"] == {"average": 5.0, "count": 1} and page["postings"][0]["id"] == pid
    assert send(poster, "POST", f"/api/matchmaking/postings/{pid}/favourite").json() == {"favourite": True}
    assert [p["id"] for p in poster.get("/api/matchmaking/favourites").json()] == [pid]


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_refusals_are_one_shape(world):
    poster = client_for(world.poster_staff)
    bad = send(
        poster,
        "POST",
        "/api/matchmaking/postings",
        {"kind": "talent_demand", "subkind": "technology_need", "title": ""},
    )
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"title", "subkind"}
    assert send(poster, "POST", "/api/matchmaking/postings", {"kind": "spaceships"}).status_code == 422
    assert client_for(None).get("/api/matchmaking/postings/999999").json()["code"] == "not_found"
    assert send(client_for(None), "POST", "/api/matchmaking/postings", {}).status_code == 401
    forged = poster.post("/api/matchmaking/postings/1/attachments", {"file": _file("x.pdf", b"<html>")})
    assert forged.status_code in (400, 404)


SAFE_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.dictionaries(
        st.sampled_from(
            [
                "kind",
                "subkind",
                "title",
                "body",
                "fields",
                "country",
                "languages",
                "deadline",
                "budget",
                "reference",
                "visibility",
            ]
        ),
        st.one_of(SAFE_TEXT, st.integers(), st.lists(SAFE_TEXT, max_size=5), st.none(), st.booleans()),
    ),
    query=st.dictionaries(
        st.sampled_from(["q", "kind", "field", "country", "region", "language", "status", "page", "organisation"]),
        SAFE_TEXT,
    ),
)
def test_hostile_input_never_a_500(world, body, query):
    poster = client_for(world.poster_staff)
    assert send(poster, "POST", "/api/matchmaking/postings", body).status_code in (201, 400, 422)
    assert client_for(None).get("/api/matchmaking/postings", query).status_code in (200, 400, 422)
