"""People in the search: only those listed in the directory, and only the fields the searcher
may see (accounts.selectors.visible_profile); unlisting, deactivating and deleting the account
take them out at once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.services import delete_account, profile_for, update_profile
from search.models import Document
from search.selectors import search

pytestmark = pytest.mark.django_db


def ids(q, viewer):
    return [h.object_id for h in search(q, viewer, kinds=["person"]).hits]


@pytest.fixture
def wang(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user(username="wang", password="pw", email="wang@example.org")
    update_profile(
        user,
        display_name="王小明",
        display_name_en="Wang Xiaoming",
        organisation="清华大学",
        bio="研究量子计算",
        visibility={"organisation": "public", "bio": "attendees", "title": "nobody"},
        title="秘密职位",
        listed_in_directory=True,
    )
    return user


@pytest.fixture
def alice(db):
    return User.objects.create_user(username="alice", password="pw")


def test_fields_by_the_viewers_rights(wang, alice):
    anonymous = AnonymousUser()
    assert ids("王小明", anonymous) == [str(wang.pk)]
    assert ids("清华", anonymous) == [str(wang.pk)]  # public field
    assert ids("量子计算", anonymous) == []  # attendees only
    assert ids("量子计算", alice) == [str(wang.pk)]
    assert ids("秘密职位", alice) == []  # nobody: never indexed
    assert not Document.objects.filter(kind="person", body_terms__contains="秘密").exists()
    assert ids("王小明", alice) == [str(wang.pk)]  # one result, not one per variant


def test_visibility_change_reaches_the_index(wang, alice):
    update_profile(wang, visibility={"bio": "nobody"})
    assert ids("量子计算", alice) == []
    update_profile(wang, visibility={"bio": "public"})
    assert ids("量子计算", AnonymousUser()) == [str(wang.pk)]


def test_not_listed_deactivated_or_deleted_is_gone(wang, alice):
    update_profile(wang, listed_in_directory=False)
    assert ids("王小明", alice) == []
    update_profile(wang, listed_in_directory=True)
    assert ids("王小明", alice) == [str(wang.pk)]
    wang.is_active = False
    wang.save()
    assert ids("王小明", alice) == []
    wang.is_active = True
    wang.save()
    assert ids("王小明", alice) == [str(wang.pk)]
    delete_account(wang, check_password=False)
    assert ids("王小明", alice) == []
    assert not Document.objects.filter(kind="person").exists()


def test_unlisted_by_default(alice):
    profile_for(alice)
    assert not Document.objects.filter(kind="person").exists()
