"""Fixtures of matchmaking: organisations with members, a published posting."""

from __future__ import annotations

import itertools

import pytest

from accounts.models import Organisation, OrganisationMembership, User

_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def person(db):
    def make(username: str, **fields) -> User:
        return User.objects.create_user(
            username=username,
            password="pw-" + username,
            display_name=username.title(),
            email=f"{username}@example.org",
            **fields,
        )

    return make


@pytest.fixture
def organisation(db, person):
    """organisation("清华", admin=user, staff=[...], status="verified") -> Organisation"""

    def make(name: str, *, admin: User | None = None, staff=(), status: str = "verified", **fields) -> Organisation:
        org = Organisation.objects.create(
            name=name, name_en=fields.pop("name_en", f"{name} (en)"), status=status, **fields
        )
        if admin is not None:
            OrganisationMembership.objects.create(organisation=org, user=admin, role="admin")
        for user in staff:
            OrganisationMembership.objects.create(organisation=org, user=user, role="staff")
        return org

    return make


@pytest.fixture
def world(person, organisation):
    """Two verified organisations with an admin and a staff member each, an outsider, an organizer."""

    class World:
        poster_admin = person("pa")
        poster_staff = person("ps")
        responder_admin = person("ra")
        responder_staff = person("rs")
        outsider = person("out")
        organizer = person("org", is_staff=True)

    w = World()
    w.poster = organisation("海淀研究院", admin=w.poster_admin, staff=[w.poster_staff], country="CN")
    w.responder = organisation("Fraunhofer Demo", admin=w.responder_admin, staff=[w.responder_staff], country="DE")
    return w
