"""Profiles, the interest taxonomy, per-field visibility, consent, and the privacy hooks."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from accounts import privacy
from accounts.models import Consent, Interest, Profile, User
from accounts.selectors import has_consent, interest_tree, visible_profile
from accounts.services import (
    create_api_token,
    delete_account,
    profile_for,
    record_consent,
    set_profile_photo,
    update_profile,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return User.objects.create_user("olga", email="olga@example.com", password="pw-olga-long")


@pytest.fixture
def other():
    return User.objects.create_user("oscar", password="pw-oscar-long")


def test_the_seeded_taxonomy_is_bilingual_and_two_levels():
    tree = interest_tree()
    slugs = {node["slug"] for node in tree}
    assert {"information-technology", "biomedicine", "talent-services"} <= slugs
    it = next(node for node in tree if node["slug"] == "information-technology")
    assert it["name"] == "信息技术" and it["name_en"] == "Information technology"
    assert "artificial-intelligence" in {child["slug"] for child in it["children"]}
    assert Interest.objects.get(slug="artificial-intelligence").parent.slug == "information-technology"


def test_profile_for_creates_once(owner):
    first = profile_for(owner)
    again = profile_for(User.objects.get(pk=owner.pk))
    assert first.pk == again.pk
    assert Profile.objects.filter(user=owner).count() == 1
    assert first.listed_in_directory is False


def test_update_profile_validates_and_keeps_nothing_on_error(owner):
    update_profile(owner, display_name="奥尔加", title="工程师")
    with pytest.raises(ValidationError) as caught:
        update_profile(owner, title="经理", country="china", languages=["zh", "!!"], interests=["no-such"])
    assert {"country", "languages", "interests"} <= set(caught.value.message_dict)
    profile = Profile.objects.get(user=owner)
    assert profile.title == "工程师"
    owner.refresh_from_db()
    assert owner.display_name == "奥尔加"  # the name chat uses follows the profile


def test_visibility_per_field_per_viewer(owner, other):
    update_profile(
        owner,
        display_name="奥尔加",
        display_name_en="Olga",
        organisation="示例大学",
        title="教授",
        country="cn",
        languages=["zh", "en"],
        interests=["artificial-intelligence"],
        bio="研究机器学习",
        visibility={"organisation": "public", "title": "attendees", "bio": "nobody", "country": "public"},
    )
    guest = visible_profile(owner, AnonymousUser())
    attendee = visible_profile(owner, other)
    mine = visible_profile(owner, owner)
    assert guest["display_name_en"] == "Olga" and guest["organisation"] == "示例大学" and guest["country"] == "CN"
    assert "title" not in guest and "languages" not in guest and "bio" not in guest
    assert attendee["title"] == "教授" and attendee["languages"] == ["zh", "en"]
    assert attendee["interests"][0]["slug"] == "artificial-intelligence"
    assert "bio" not in attendee and "visibility" not in attendee
    assert mine["bio"] == "研究机器学习" and mine["visibility"]["bio"] == "nobody"
    with pytest.raises(ValidationError):
        update_profile(owner, visibility={"bio": "friends"})
    with pytest.raises(ValidationError):
        update_profile(owner, visibility={"email": "public"})


def _image(fmt="PNG", size=(900, 600)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    out.seek(0)
    return out


def test_photo_is_decoded_and_reencoded(owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    profile = set_profile_photo(owner, _image())
    with Image.open(profile.photo.path) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 512
    with pytest.raises(ValidationError) as caught:
        set_profile_photo(owner, io.BytesIO(b"<?php echo 'not an image'; ?>"))
    assert "photo" in caught.value.message_dict
    assert Profile.objects.get(user=owner).photo.name == profile.photo.name


def test_consent_latest_answer_counts(owner):
    assert has_consent(owner, "privacy_terms") is False
    record_consent(owner, "privacy_terms", granted=True, text_version="2026-12")
    assert has_consent(owner, "privacy_terms") is True
    record_consent(owner, "privacy_terms", granted=False, text_version="2026-12")
    assert has_consent(owner, "privacy_terms") is False
    with pytest.raises(ValueError):
        record_consent(owner, "", granted=True, text_version="x")


def test_export_has_accounts_and_live_sections(owner):
    from live.models import ChatMessage, Room

    room = Room.objects.create(slug="hall", name="Hall")
    ChatMessage.objects.create(room=room, seq=1, author=owner, text="你好 everyone")
    record_consent(owner, "privacy_terms", granted=True, text_version="2026-12")
    data = privacy.export_data(owner)
    assert data["sections"]["account"]["user"]["email"] == "olga@example.com"
    assert data["sections"]["account"]["consents"][0]["purpose"] == "privacy_terms"
    assert data["sections"]["chat_messages"][0]["text"] == "你好 everyone"


def test_delete_account_refuses_a_wrong_password(owner):
    with pytest.raises(PermissionDenied):
        delete_account(owner, password="wrong")
    owner.refresh_from_db()
    assert owner.is_active and owner.deleted_at is None


def test_delete_account_anonymises_and_runs_hooks(owner, other):
    from live.models import ChatMessage, Room

    room = Room.objects.create(slug="hall", name="Hall")
    message = ChatMessage.objects.create(room=room, seq=1, author=owner, text="hi")
    update_profile(owner, display_name="奥尔加", bio="私人简介")
    record_consent(owner, "privacy_terms", granted=True, text_version="2026-12")
    create_api_token(user=owner)
    seen = []
    privacy.register_erasure(seen.append)
    try:
        delete_account(owner, password="pw-olga-long")
    finally:
        privacy._erasures.pop(privacy._key(seen.append), None)
    assert [u.pk for u in seen] == [owner.pk]
    owner.refresh_from_db()
    assert owner.deleted_at is not None and not owner.is_active and not owner.has_usable_password()
    assert owner.email == "" and owner.username.startswith("deleted-")
    assert "Deleted user" in owner.public_name
    assert not Profile.objects.filter(user=owner).exists()
    assert not Consent.objects.filter(user=owner).exists()
    assert not owner.api_tokens.exists()
    message.refresh_from_db()
    assert message.author_id == owner.pk  # their chat stays, naming a deleted user
    assert visible_profile(owner, other) == {
        "id": owner.pk,
        "name": owner.public_name,
        "display_name": "",
        "display_name_en": "",
        "deleted": True,
    }
