"""The board's demo: challenges with proposals, idempotent; the sample files import as the
demo says (the bad one: five rows refused, nothing created)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organisation, OrganisationMembership, User
from matchmaking.board_demo import load_demo_board, write_samples
from matchmaking.imports import services
from matchmaking.models import Challenge, Proposal

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_board_and_samples(tmp_path):
    organizer = User.objects.create_user("organizer", password="pw", is_staff=True)
    exhibitor = User.objects.create_user("exhibitor", password="pw")
    org = Organisation.objects.create(name="示例展商（演示）", status="verified")
    OrganisationMembership.objects.create(organisation=org, user=exhibitor, role="admin")
    Organisation.objects.create(name="另一展商（演示）", status="verified")
    assert load_demo_board() == {"challenges": 3, "proposals": 3}
    assert load_demo_board() == {"challenges": 0, "proposals": 0}
    assert sorted(Challenge.objects.values_list("status", flat=True)) == ["matched", "open", "under_review"]
    assert Proposal.objects.filter(status="chosen").count() == 1
    assert User.objects.get(username="proposer").check_password("pavilion-proposer")
    template, good, bad = write_samples(tmp_path)
    rejected = services.start(organizer, services.upload(organizer, SimpleUploadedFile(bad.name, bad.read_bytes())))
    assert (rejected.status, rejected.error_rows) == ("rejected", 5)
    done = services.start(organizer, services.upload(organizer, SimpleUploadedFile(good.name, good.read_bytes())))
    assert (done.status, done.created_count) == ("done", 6)
    assert template.read_bytes().startswith(b"PK")
