"""The team page's forms (frontend/views/organisations.py) without a browser: the actions that
carry no user_id (invite, withdraw) are not refused for the missing member."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts import organisations as orgs
from accounts.models import OrganisationInvitation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(client):
    admin = User.objects.create_user(username="founder", password="pw-founder", email="founder@example.org")
    organisation = orgs.register_organisation(
        admin,
        name="未来人才科技有限公司",
        credit_code="91350100M000100Y43",
        contact_name="王芳",
        contact_email="contact@example.org",
        contact_phone="+86 10 6512 3456",
    )
    client.force_login(admin)
    return organisation, f"/exhibitor/organisations/{organisation.pk}/team/"


def test_invite_and_withdraw_from_the_team_page(client, team, django_capture_on_commit_callbacks):
    organisation, path = team
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"action": "invite", "email": "colleague@example.org", "role": "staff"})
    assert response.status_code == 302
    invitation = OrganisationInvitation.objects.get(organisation=organisation, email="colleague@example.org")
    assert [m.to for m in mail.outbox] == [["colleague@example.org"]]
    response = client.post(path, {"action": "revoke", "invitation_id": str(invitation.pk)})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_remove_without_a_member_is_a_clear_error(client, team):
    _, path = team
    response = client.post(path, {"action": "remove"}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "Choose someone from the list." in response.content.decode()
