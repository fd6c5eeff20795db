"""Fixtures of the exhibition: a hall whose applications are open, two exhibitors with
staff, an organizer, a visitor, and helpers to walk an application through the flow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.services import add_organisation_member
from halls import services
from halls.models import Board, Hall, Zone
from tests import media

# Real files: uploads are decoded (halls/decoding.py), a header alone no longer passes.
PDF_BYTES = media.pdf()
PNG_BYTES = media.png()
JPEG_BYTES = media.jpeg()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Users are made in most tests; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs what a service deferred to on_commit (the e-mails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def hall(db) -> Hall:
    return Hall.objects.create(
        slug="test-hall",
        name="测试展厅",
        name_en="Test hall",
        applications_close_at=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def zone(hall) -> Zone:
    return Zone.objects.create(hall=hall, slug="emerging", code="D", name="战略性新兴产业展示专区", order=4)


@pytest.fixture
def regional(hall) -> Zone:
    return Zone.objects.create(hall=hall, slug="regional", code="B", name="区域协调发展展示专区", order=2)


@pytest.fixture
def board(regional) -> Board:
    return Board.objects.create(zone=regional, slug="pilot", code="9", name="先行示范区建设板块", order=9)


def _user(username: str, **fields) -> User:
    return User.objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", display_name=username.title(), **fields
    )


@pytest.fixture
def organizer(db) -> User:
    return _user("organizer", is_staff=True)


@pytest.fixture
def org_a(db) -> Organisation:
    return Organisation.objects.create(name="甲科技有限公司", name_en="Alpha Tech")


@pytest.fixture
def org_b(db) -> Organisation:
    return Organisation.objects.create(name="乙大学", name_en="Beta University", kind="university")


@pytest.fixture
def staff_a(org_a) -> User:
    user = _user("alice")
    add_organisation_member(organisation=org_a, user=user)
    return user


@pytest.fixture
def staff_b(org_b) -> User:
    user = _user("bob")
    add_organisation_member(organisation=org_b, user=user)
    return user


@pytest.fixture
def visitor(db) -> User:
    return _user("victor")


def application_fields(**overrides):
    fields = {
        "contact_name": "李雷",
        "contact_phone": "+86 755 8170 0000",
        "contact_email": "contact@alpha.example",
        "template": "standard",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def submitted(staff_a, org_a, zone):
    return services.apply_for_booth(user=staff_a, organisation=org_a, zone=zone, **application_fields())


@pytest.fixture
def confirmation_sent(submitted, organizer):
    return services.approve_application(application=submitted, user=organizer)


@pytest.fixture
def confirmed(confirmation_sent, staff_a):
    return services.upload_signed_confirmation(
        application=confirmation_sent, user=staff_a, upload=upload("signed.pdf", PDF_BYTES)
    )


@pytest.fixture
def booth_a(confirmed, organizer):
    return services.go_live(application=confirmed, user=organizer)


@pytest.fixture
def booth_b(org_b, zone):
    return services.create_booth(organisation=org_b, zone=zone, name="乙大学展位", name_en="Beta booth", status="live")


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


class Files:
    PDF = PDF_BYTES
    PNG = PNG_BYTES
    JPEG = JPEG_BYTES
    upload = staticmethod(upload)


@pytest.fixture
def files() -> type[Files]:
    """Test files and `files.upload(name, bytes)` (test modules cannot import conftest)."""
    return Files


@pytest.fixture
def apply_fields():
    return application_fields
