"""Fixtures of the candidates' tests (imported by each test module: `from
tests.recruitment.candidates_fixtures import *`): people, an employer with staff, jobs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.services import add_organisation_member
from tests.recruitment import resume_media

__all__ = ["api", "candidate", "employer", "fast_hasher", "job", "make_job", "media_root", "person", "resume_of"]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def person(db):
    def make(username: str, **fields) -> User:
        return User.objects.create_user(
            username=username, password="pw", display_name=username.title(), email=f"{username}@example.org", **fields
        )

    return make


@pytest.fixture
def employer(person):
    """An organisation with one staff member: (organisation, staff user)."""
    org = Organisation.objects.create(name="华科技术", name_en="Huake Tech")
    staff = person("hr")
    add_organisation_member(organisation=org, user=staff)
    return org, staff


def _make_job(org, **fields):
    from recruitment.models import Job

    values = {
        "title": "数据科学家",
        "title_en": "Data scientist",
        "status": Job.Status.PUBLISHED,
        "deadline": timezone.localdate() + timedelta(days=30),
    }
    values.update(fields)
    return Job.objects.create(organisation=org, **values)


@pytest.fixture
def make_job():
    return _make_job


@pytest.fixture
def job(employer):
    return _make_job(employer[0])


@pytest.fixture
def candidate(person):
    return person("maria")


def resume_of(user, data: bytes | None = None, name: str = "cv.pdf", **kwargs):
    from recruitment import candidates

    return candidates.upload_resume(
        user, resume_media.upload(resume_media.text_pdf() if data is None else data, name), **kwargs
    )


@pytest.fixture
def api():
    def client_for(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return client_for
