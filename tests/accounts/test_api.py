"""/api/accounts/: one's own profile, someone's as the viewer may see it, the taxonomy,
download my data and delete my account, with their refusals in the one error shape."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from PIL import Image

from accounts.models import User
from accounts.services import update_profile

pytestmark = pytest.mark.django_db
PASSWORD = "pw-olga-long-enough"


@pytest.fixture
def olga():
    return User.objects.create_user("olga", password=PASSWORD, email="olga@example.com")


@pytest.fixture
def me(olga):
    client = Client()
    client.force_login(olga)
    return client


def test_profile_update_and_visibility_seen_by_others(me, olga):
    response = me.patch(
        "/api/accounts/me/profile",
        {
            "display_name": "奥尔加",
            "title": "工程师",
            "interests": ["software"],
            "visibility": {"title": "attendees", "interests": "nobody"},
            "listed_in_directory": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "工程师" and body["visibility"]["interests"] == "nobody" and body["listed_in_directory"]
    guest = Client().get(f"/api/accounts/people/{olga.pk}").json()
    assert guest["display_name"] == "奥尔加" and "title" not in guest and "interests" not in guest
    other = Client()
    other.force_login(User.objects.create_user("oscar", password="x-long-password-1"))
    seen = other.get(f"/api/accounts/people/{olga.pk}").json()
    assert seen["title"] == "工程师" and "interests" not in seen and "visibility" not in seen


def test_bad_profile_input_is_refused_in_the_error_shape(me):
    response = me.patch("/api/accounts/me/profile", {"country": "zz1"}, content_type="application/json")
    assert response.status_code in (400, 422)
    assert set(response.json()) >= {"code", "message"}
    response = me.patch("/api/accounts/me/profile", {"interests": ["nope"]}, content_type="application/json")
    assert response.status_code == 400 and "interests" in response.json()["fields"]
    response = me.patch("/api/accounts/me/profile", {"visibility": {"bio": "friends"}}, content_type="application/json")
    assert response.status_code == 422


def test_photo_upload_checks_the_image(me, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("RGB", (40, 40), "blue").save(out, format="PNG")
    out.seek(0)
    out.name = "me.png"
    response = me.post("/api/accounts/me/photo", {"photo": out})
    assert response.status_code == 200 and response.json()["photo_url"].endswith(".jpg")
    fake = io.BytesIO(b"GIF89a not really")
    fake.name = "x.png"
    refused = me.post("/api/accounts/me/photo", {"photo": fake})
    assert refused.status_code == 400 and "photo" in refused.json()["fields"]


def test_interests_are_public():
    tree = Client().get("/api/accounts/interests").json()
    assert any(node["slug"] == "biomedicine" and node["children"] for node in tree)


def test_export_and_delete(me, olga):
    update_profile(olga, bio="秘密")
    data = me.get("/api/accounts/me/export").json()
    assert data["sections"]["account"]["profile"]["bio"] == "秘密"
    assert "chat_messages" in data["sections"] and "exhibition_leads" in data["sections"]
    wrong = me.post("/api/accounts/me/delete", {"password": "nope"}, content_type="application/json")
    assert wrong.status_code == 403 and wrong.json()["code"] == "forbidden"
    olga.refresh_from_db()
    assert olga.deleted_at is None
    done = me.post("/api/accounts/me/delete", {"password": PASSWORD}, content_type="application/json")
    assert done.status_code == 204
    olga.refresh_from_db()
    assert olga.deleted_at is not None
    # This session ended; the person's profile shows a deleted user.
    assert me.get("/api/accounts/me/profile").status_code == 401
    assert Client().get(f"/api/accounts/people/{olga.pk}").json()["deleted"] is True


def test_an_old_session_of_a_deleted_account_no_longer_logs_in(olga):
    elsewhere = Client()
    elsewhere.force_login(olga)
    from accounts.services import delete_account

    delete_account(User.objects.get(pk=olga.pk), password=PASSWORD)
    assert elsewhere.get("/api/accounts/me/profile").status_code == 401


def test_guests_are_refused(olga):
    guest = Client()
    assert guest.get("/api/accounts/me/profile").status_code == 401
    assert guest.get("/api/accounts/me/export").json()["code"] == "auth_required"
    assert guest.get("/api/accounts/people/999999").status_code == 404


def test_demo_profiles_load_idempotently(settings):
    from accounts.demo_profiles import PROFILES

    for name in PROFILES:
        User.objects.create_user(name, password="x-long-password-1")
    settings.DEBUG = True
    call_command("load_demo_accounts")
    call_command("load_demo_accounts")
    bob = User.objects.get(username="bob")
    assert bob.profile.visibility_of("bio") == "nobody" and bob.profile.interests.count() == 3
    assert bob.emailaddress_set.get().verified
    assert bob.consents.count() == 1
