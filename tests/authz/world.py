"""One small conference for authorization tests: a person of every role and one object of
every kind the endpoints take an id of. Used by the authorization table (test_table.py)
and by schemathesis (tests/api/test_schemathesis.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts import organisations
from accounts.models import Organisation, OrganisationMembership, User
from accounts.services import add_organisation_member
from halls import services as hall_services
from halls.content import services as content_services
from halls.leads import services as lead_services
from halls.models import Hall, Zone
from streams import services as stream_services
from streams.models import EventModerator, Session
from tests import media

ROLES = ("guest", "attendee", "other_staff", "own_staff", "moderator", "organizer", "removed", "banned")


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)
    # Each role logs in once: its session key, sent by every later client of the role.
    sessions: dict[str, str] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        """A test client logged in as `role` (the guest's is not logged in); CSRF enforced
        as in a browser, with a valid token sent along. A fresh client each time (a request
        that logs out changes only its own client's cookies), with the role's one session:
        logging in for each of the table's thousands of requests was most of its time, and
        what a request writes (a logout, a rotated session) is rolled back after it."""
        client = Client(enforce_csrf_checks=True)
        user = self.users[role]
        if user is not None and role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        elif user is not None:
            client.force_login(user)
            self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        client.cookies["csrftoken"] = CSRF_TOKEN
        client.defaults["HTTP_X_CSRFTOKEN"] = CSRF_TOKEN
        return client

    def session_cookie(self, role: str) -> dict[str, str]:
        client = self.client(role)
        cookies = {"csrftoken": CSRF_TOKEN}
        if "sessionid" in client.cookies:
            cookies["sessionid"] = client.cookies["sessionid"].value
        return cookies


CSRF_TOKEN = "t" * 32


def _user(username: str, **fields: Any) -> User:
    return User.objects.create_user(username=username, password="pw", display_name=username.title(), **fields)


def build_world() -> World:
    world = World()
    users = {
        "guest": None,
        "attendee": _user("attendee"),
        "other_staff": _user("other_staff"),
        "own_staff": _user("own_staff"),
        "moderator": _user("moderator"),
        "organizer": _user("organizer", is_staff=True),
        "removed": _user("removed"),
        "banned": _user("banned"),
    }
    world.users = users
    hall = Hall.objects.create(
        slug="authz-hall", name="展厅", name_en="Hall", applications_close_at=timezone.now() + timedelta(days=30)
    )
    zone = Zone.objects.create(hall=hall, slug="z", code="D", name="专区")
    other_zone = Zone.objects.create(hall=hall, slug="z2", code="E", name="专区二")
    ours = Organisation.objects.create(name="甲公司", name_en="Alpha")
    theirs = Organisation.objects.create(name="乙公司", name_en="Beta")
    for name in ("own_staff", "removed", "banned"):
        add_organisation_member(organisation=ours, user=users[name])
    # own_staff administers its organisation (members, invitations: docs/organisations.md);
    # a colleague (no role of the table) to change and remove, and an open invitation.
    OrganisationMembership.objects.filter(user=users["own_staff"]).update(role=OrganisationMembership.Role.ADMIN)
    colleague = _user("colleague")
    add_organisation_member(organisation=ours, user=colleague)
    invitation, _token = organisations.invite_member(organisation=ours, by=users["own_staff"], email="new@example.org")
    add_organisation_member(organisation=theirs, user=users["other_staff"])
    application = hall_services.apply_for_booth(
        user=users["own_staff"],
        organisation=ours,
        zone=zone,
        contact_name="李雷",
        contact_phone="123",
        contact_email="l@example.org",
    )
    application = hall_services.approve_application(application=application, user=users["organizer"])
    application = hall_services.upload_signed_confirmation(
        application=application, user=users["own_staff"], upload=SimpleUploadedFile("s.pdf", media.pdf())
    )
    booth = hall_services.go_live(application=application, user=users["organizer"])
    pending = hall_services.apply_for_booth(
        user=users["own_staff"],
        organisation=ours,
        zone=other_zone,
        contact_name="李雷",
        contact_phone="123",
        contact_email="l@example.org",
    )
    stop = content_services.add_item(booth=booth, kind="commentary", data={"text": "欢迎", "x": 1, "z": 1})
    lead = lead_services.leave_contact(
        booth=booth, visitor=users["attendee"], consent=True, contact_email="a@example.org", message="hello"
    )
    call = lead_services.request_video_call(booth=booth, visitor=users["attendee"], consent=True)
    # The removed member was staff when the booth opened; the banned one is deactivated.
    OrganisationMembership.objects.filter(user=users["removed"]).delete()
    User.objects.filter(pk=users["banned"].pk).update(is_active=False)
    now = timezone.now()
    event = stream_services.create_event(
        name="大会",
        name_en="Conference",
        slug="authz-event",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=1),
    )
    session = stream_services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="主论坛",
        slug="authz-forum",
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    EventModerator.objects.create(event=event, user=users["moderator"])
    world.ids = {
        "hall": hall.slug,
        "zone": zone.pk,
        "booth": booth.pk,
        "organisation": ours.pk,
        "application": application.pk,
        "pending_application": pending.pk,
        "lead": lead.pk,
        "call_request": call.pk,
        "commentary": stop.pk,
        "event": event.slug,
        "session": session.pk,
        "stage_room": session.room.slug,
        "booth_room": booth.room.slug,
        "colleague": colleague.pk,
        "invitation": invitation.pk,
    }
    # The newer apps add their objects (tests/authz/rows_<app>.py: `extend_world(world)`).
    import tests.authz.table  # noqa: F401 - first: it imports the rows modules, which import it
    from tests.authz import (
        rows_activities,
        rows_competition,
        rows_matchmaking,
        rows_recruitment,
        rows_translation,
    )

    for rows in (rows_recruitment, rows_matchmaking, rows_translation, rows_activities, rows_competition):
        if hasattr(rows, "extend_world"):
            rows.extend_world(world)
    return world
