"""我要参展 (accounts/organisations/): credit codes, registration, verification, invitations,
members; and halls refusing a booth application from an organisation not verified."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from accounts import organisations as orgs
from accounts.models import Organisation, OrganisationInvitation, OrganisationMembership, User
from halls import services as hall_services
from halls.models import Hall, Zone
from live.http_api import django_validation_code as error_code

# Real codes (published in company registries): the check character of each is right.
VALID_CODES = [
    "91350100M000100Y43",
    "91110000802100433B",
    "911100001000079554",
    "91440300708461136T",
    "12100000400000624D",
]
INVALID_CODES = [
    "91440300708461136X",  # the check character of a real code changed
    "91350100M000100Y44",
    "91350100M00010OY43",  # the letter O is not in the alphabet
    "9144030070846113",  # too short
    "Z1440300708461136T",  # no such registering authority
    "91ABCDEF708461136T",  # the region is six digits
]


def _user(username: str, **fields) -> User:
    return User.objects.create_user(username=username, password="pw", email=f"{username}@example.org", **fields)


def registration(**overrides):
    fields = {
        "name": "深圳市腾云科技有限公司",
        "name_en": "Tengyun Tech",
        "kind": "enterprise",
        "country": "CN",
        "credit_code": "91440300708461136T",
        "contact_name": "王芳",
        "contact_email": "wang@tengyun.example",
        "contact_phone": "+86 755 8601 3388",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def admin(db) -> User:
    return _user("ada")


@pytest.fixture
def organizer(db) -> User:
    return _user("olga", is_staff=True)


@pytest.fixture
def pending(admin) -> Organisation:
    return orgs.register_organisation(admin, **registration())


@pytest.fixture
def zone(db) -> Zone:
    hall = Hall.objects.create(slug="h", name="展厅", applications_close_at=timezone.now() + timedelta(days=9))
    return Zone.objects.create(hall=hall, slug="z", code="D", name="专区", order=1)


APPLY = {"contact_name": "王芳", "contact_phone": "+86 755 8601 3388", "contact_email": "wang@tengyun.example"}


@pytest.mark.parametrize("code", VALID_CODES)
def test_real_credit_codes_pass(code):
    assert orgs.validate_credit_code(code) == code
    assert orgs.validate_credit_code(code.lower()[:6] + " " + code[6:].lower()) == code  # spaces, case


@pytest.mark.parametrize("code", INVALID_CODES)
def test_wrong_credit_codes_are_refused(code):
    with pytest.raises(ValidationError) as caught:
        orgs.validate_credit_code(code)
    assert error_code(caught.value) == "credit_code_invalid"


def test_check_character_is_computed_not_trusted():
    assert orgs.credit_code_check_character("91440300708461136") == "T"
    assert orgs.credit_code_check_character("91350100M000100Y4") == "3"


def test_registration_makes_a_pending_organisation_with_its_admin(admin, pending):
    assert pending.status == Organisation.Status.PENDING
    assert pending.credit_code == "91440300708461136T"
    membership = OrganisationMembership.objects.get(organisation=pending, user=admin)
    assert membership.role == "admin"


def test_registration_refusals(admin):
    with pytest.raises(ValidationError) as caught:
        orgs.register_organisation(admin, **registration(credit_code="91440300708461136X"))
    assert "credit_code" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        orgs.register_organisation(admin, **registration(country="US", credit_code=""))
    assert "registration_number" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        orgs.register_organisation(admin, **registration(contact_email="nope", contact_phone="call me", name=""))
    assert {"contact_email", "contact_phone", "name"} <= set(caught.value.message_dict)
    assert not Organisation.objects.exists()
    orgs.register_organisation(admin, **registration())
    with pytest.raises(ValidationError) as caught:  # the same code twice
        orgs.register_organisation(_user("eve"), **registration(name="另一家公司"))
    assert "credit_code" in caught.value.message_dict


def test_foreign_organisation_registers_with_its_number(admin):
    org = orgs.register_organisation(
        admin, **registration(name="柏林工大", country="de", credit_code="", registration_number="VR 12345 B")
    )
    assert (org.country, org.credit_code, org.registration_number) == ("DE", "", "VR 12345 B")


def test_unverified_organisation_cannot_apply_for_a_booth(admin, pending, zone, organizer):
    with pytest.raises(ValidationError) as caught:
        hall_services.apply_for_booth(user=admin, organisation=pending, zone=zone, **APPLY)
    assert error_code(caught.value) == "organisation_unverified"
    orgs.reject_organisation(organisation=pending, by=organizer, reason="营业执照不清晰")
    with pytest.raises(ValidationError) as caught:
        hall_services.apply_for_booth(user=admin, organisation=pending, zone=zone, **APPLY)
    assert error_code(caught.value) == "organisation_unverified"
    orgs.update_registration(organisation=pending, by=admin, contact_name="王芳芳")
    orgs.verify_organisation(organisation=Organisation.objects.get(pk=pending.pk), by=organizer)
    application = hall_services.apply_for_booth(user=admin, organisation=pending, zone=zone, **APPLY)
    assert application.status == "submitted"


def test_unverified_organisation_is_refused_over_the_api(admin, pending, zone):
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/exhibition/api/applications/",
        {"organisation": pending.pk, "zone": zone.pk, **APPLY},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "organisation_unverified"


def test_only_organizers_verify_and_a_reason_is_required(admin, pending, organizer, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        orgs.verify_organisation(organisation=pending, by=admin)
    with pytest.raises(ValidationError) as caught:
        orgs.reject_organisation(organisation=pending, by=organizer, reason="  ")
    assert error_code(caught.value) == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        orgs.reject_organisation(organisation=pending, by=organizer, reason="信用代码与名称不符")
    pending.refresh_from_db()
    assert (pending.status, pending.verified_by) == ("rejected", organizer)
    # The admin is told, with the reason (by notification, or e-mail before that app lands).
    assert any("信用代码与名称不符" in m.body and m.to == [admin.email] for m in mail.outbox) or _notified(admin)


def _notified(user) -> bool:
    try:
        from notifications.models import Notification
    except ImportError:
        return False
    return Notification.objects.filter(recipient=user).exists()


def test_admin_invites_and_invitee_accepts(admin, pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = orgs.invite_member(
            organisation=pending, by=admin, email="Bea@Example.org", base_url="https://pav.example/"
        )
    assert invitation.email == "bea@example.org"
    assert OrganisationInvitation.objects.get().token_hash != token  # only the hash is stored
    (message,) = mail.outbox
    assert message.to == ["bea@example.org"]
    link = re.search(r"https://pav\.example(/organisations/invitations/[^/\s]+/)", message.body)
    assert link and token in link.group(1)
    bea = _user("bea")
    membership = orgs.accept_invitation(token=token, user=bea)
    assert (membership.organisation, membership.role) == (pending, "staff")
    with pytest.raises(ValidationError) as caught:  # one-time
        orgs.accept_invitation(token=token, user=bea)
    assert error_code(caught.value) == "invitation_used"


def test_invitation_refusals(admin, pending):
    staff = _user("sam")
    OrganisationMembership.objects.create(organisation=pending, user=staff, role="staff")
    with pytest.raises(PermissionDenied):  # staff are not admins
        orgs.invite_member(organisation=pending, by=staff, email="x@example.org")
    with pytest.raises(PermissionDenied):
        orgs.invite_member(organisation=pending, by=_user("stranger"), email="x@example.org")
    with pytest.raises(ValidationError):
        orgs.invite_member(organisation=pending, by=admin, email="not an address")
    with pytest.raises(ValidationError) as caught:
        orgs.invite_member(organisation=pending, by=admin, email="sam@example.org")
    assert error_code(caught.value) == "already_member"

    _, token = orgs.invite_member(organisation=pending, by=admin, email="bea@example.org")
    with pytest.raises(ValidationError) as caught:  # a different person's address
        orgs.accept_invitation(token=token, user=_user("mallory"))
    assert error_code(caught.value) == "invitation_wrong_email"
    with pytest.raises(ValidationError) as caught:
        orgs.accept_invitation(token="forged", user=_user("bea"))
    assert error_code(caught.value) == "invitation_invalid"
    with pytest.raises(ValidationError) as caught:
        orgs.accept_invitation(
            token=token, user=User.objects.get(username="bea"), now=timezone.now() + timedelta(days=8)
        )
    assert error_code(caught.value) == "invitation_expired"
    _, newer = orgs.invite_member(organisation=pending, by=admin, email="bea@example.org")
    with pytest.raises(ValidationError) as caught:  # a newer invitation replaced it
        orgs.accept_invitation(token=token, user=User.objects.get(username="bea"))
    assert error_code(caught.value) == "invitation_revoked"
    assert orgs.accept_invitation(token=newer, user=User.objects.get(username="bea")).role == "staff"
    assert not OrganisationMembership.objects.filter(user__username="mallory").exists()


def test_unverified_address_does_not_accept(admin, pending):
    """Only a verified allauth EmailAddress counts (not the account's field)."""
    from allauth.account.models import EmailAddress

    bea = _user("bea")
    _, token = orgs.invite_member(organisation=pending, by=admin, email="bea@example.org")
    EmailAddress.objects.create(user=bea, email="bea@example.org", verified=False, primary=True)
    with pytest.raises(ValidationError) as caught:
        orgs.accept_invitation(token=token, user=bea)
    assert error_code(caught.value) == "invitation_wrong_email"
    EmailAddress.objects.filter(user=bea).update(verified=True)
    assert orgs.accept_invitation(token=token, user=bea)


def test_roles_and_removal(admin, pending):
    sam = _user("sam")
    OrganisationMembership.objects.create(organisation=pending, user=sam, role="staff")
    with pytest.raises(PermissionDenied):
        orgs.remove_member(organisation=pending, by=sam, user_id=admin.pk)
    with pytest.raises(PermissionDenied):
        orgs.change_role(organisation=pending, by=sam, user_id=sam.pk, role="admin")
    with pytest.raises(ValidationError) as caught:
        orgs.change_role(organisation=pending, by=admin, user_id=admin.pk, role="staff")
    assert error_code(caught.value) == "last_admin"
    with pytest.raises(ValidationError):
        orgs.change_role(organisation=pending, by=admin, user_id=sam.pk, role="owner")
    orgs.change_role(organisation=pending, by=admin, user_id=sam.pk, role="admin")
    orgs.change_role(organisation=pending, by=sam, user_id=admin.pk, role="staff")
    orgs.remove_member(organisation=pending, by=sam, user_id=admin.pk)
    assert list(pending.memberships.values_list("user__username", flat=True)) == ["sam"]
    with pytest.raises(ValidationError) as caught:
        orgs.remove_member(organisation=pending, by=sam, user_id=sam.pk)
    assert error_code(caught.value) == "last_admin"


def test_api_flow_and_refusals(admin, organizer, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(admin)
    response = client.post("/exhibition/api/organisations/", registration(), content_type="application/json")
    assert response.status_code == 201, response.content
    org_id = response.json()["id"]
    assert response.json()["status"] == "pending"
    bad = client.post(
        "/exhibition/api/organisations/",
        registration(name="别家", credit_code="91440300708461136X"),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "credit_code" in bad.json()["fields"]
    assert client.get("/exhibition/api/review/organisations/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        invited = client.post(
            f"/exhibition/api/organisations/{org_id}/invitations/",
            {"email": "bea@example.org"},
            content_type="application/json",
        )
    assert invited.status_code == 201
    token = re.search(r"/organisations/invitations/([^/\s]+)/", mail.outbox[-1].body).group(1)

    bea = _user("bea")
    other = Client()
    other.force_login(bea)
    assert other.get(f"/exhibition/api/organisations/{org_id}/").status_code == 403
    accepted = other.post(
        "/exhibition/api/organisations/invitations/accept/", {"token": token}, content_type="application/json"
    )
    assert accepted.status_code == 200 and accepted.json()["role"] == "staff"
    assert (
        other.post(
            f"/exhibition/api/organisations/{org_id}/invitations/",
            {"email": "x@example.org"},
            content_type="application/json",
        ).json()["code"]
        == "forbidden"
    )
    detail = other.get(f"/exhibition/api/organisations/{org_id}/").json()
    assert {m["email"] for m in detail["members"]} == {"ada@example.org", "bea@example.org"}
    assert client.delete(f"/exhibition/api/organisations/{org_id}/members/{bea.pk}/").status_code == 204
    assert other.get(f"/exhibition/api/organisations/{org_id}/").status_code == 403

    boss = Client()
    boss.force_login(organizer)
    queue = boss.get("/exhibition/api/review/organisations/").json()
    assert [o["id"] for o in queue] == [org_id]
    rejected = boss.post(f"/exhibition/api/review/organisations/{org_id}/reject/", {}, content_type="application/json")
    assert rejected.status_code == 400 and rejected.json()["code"] == "reason_required"
    verified = boss.post(f"/exhibition/api/review/organisations/{org_id}/verify/")
    assert verified.json()["status"] == "verified"
    again = boss.post(f"/exhibition/api/review/organisations/{org_id}/verify/")
    assert again.json()["code"] == "already_verified"
    assert json.loads(boss.get("/exhibition/api/review/organisations/").content) == []


def test_page_links_in_mails_resolve_to_the_pages(pending):
    from django.urls import resolve

    assert resolve(orgs.invitation_link("abc")).url_name == "organisation-invitation"
    assert resolve(orgs.admin_page(pending)).kwargs == {"org_id": pending.pk}


def test_demo_organisations(db):
    from django.core.management import call_command

    from accounts.demo import demo_credit_code, load_demo_orgs

    assert load_demo_orgs() == {}  # no demo accounts yet
    organizer = _user("organizer", is_staff=True)
    exhibitor = _user("exhibitor")
    org = Organisation.objects.create(name="深圳示范科技有限公司（演示）")
    OrganisationMembership.objects.create(organisation=org, user=exhibitor, role="staff")
    call_command("load_demo_orgs", "--i-know-this-is-not-production")
    call_command("load_demo_orgs", "--i-know-this-is-not-production")  # idempotent
    org.refresh_from_db()
    assert (org.status, org.verified_by, org.contact_email != "") == ("verified", organizer, True)
    assert orgs.validate_credit_code(org.credit_code) == org.credit_code == demo_credit_code(1)
    assert OrganisationMembership.objects.get(user=exhibitor).role == "admin"
    (pending,) = orgs.verification_queue()
    assert pending.memberships.get().user.username == "applicant"
    assert orgs.validate_credit_code(pending.credit_code)
