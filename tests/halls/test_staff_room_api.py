"""The REST room overview of a staff room (`/api/rooms/exhibitor-<org id>`) is for its
members only, like joining it: its head seq counts the organisation's visitor requests."""

from __future__ import annotations

import pytest

from halls import staffroom
from halls.leads import services as lead_services

pytestmark = pytest.mark.django_db


def test_staff_room_overview_is_refused_to_others(client, booth_b, staff_a, staff_b, visitor, organizer):
    lead_services.leave_contact(booth=booth_b, visitor=visitor, consent=True, message="hello", contact_phone="1")
    path = f"/api/rooms/{staffroom.room_slug(booth_b.organisation_id)}"

    assert client.get(path).status_code == 401
    for outsider in (staff_a, visitor):
        client.force_login(outsider)
        refused = client.get(path)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
        assert "last_seq" not in refused.json()

    for member in (staff_b, organizer):
        client.force_login(member)
        room = client.get(path).json()
        assert room["last_seq"] == 1 and room["you"]["roles"]
