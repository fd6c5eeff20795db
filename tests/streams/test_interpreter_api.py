"""/api/sessions/{id}/interpreters (streams.interpreter_api): who may assign, and every
refusal in the site's error shape, with nothing changed by a refused request."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client

from accounts.models import User
from streams import services
from streams.models import Interpreter, Session
from tests.programme import UTC_0526_0100

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(event):
    return services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="主论坛",
        title_en="Main forum",
        slug="main-forum",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=2),
    )


def person(name: str, **fields) -> User:
    return User.objects.create_user(username=name, password="x", display_name=name.title(), **fields)


def as_(user: User | None) -> Client:
    http = Client()
    if user is not None:
        http.force_login(user)
    return http


def post(http: Client, session_id: int, body) -> tuple[int, dict]:
    answer = http.post(
        f"/api/sessions/{session_id}/interpreters",
        data=body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
    )
    return answer.status_code, answer.json() if answer.content else {}


def test_organizers_and_the_events_moderators_assign_and_remove_interpreters(event, forum):
    organizer, moderator, ian = person("org", is_staff=True), person("mod"), person("ian")
    services.add_event_moderator(event=event, user=moderator)
    path = f"/api/sessions/{forum.pk}/interpreters"

    status, made = post(as_(organizer), forum.pk, {"user_id": ian.pk, "language": "en"})
    assert status == 201, made
    assert made == {**made, "language": "en", "language_name": "English", "user": {"id": ian.pk, "name": "Ian"}}
    status, made_ja = post(as_(moderator), forum.pk, {"user_id": ian.pk, "language": "ja"})
    assert status == 201 and made_ja["language_name"] == "日本語"
    listed = as_(moderator).get(path)
    assert listed.status_code == 200
    assert sorted(entry["language"] for entry in listed.json()) == ["en", "ja"]

    assert as_(organizer).delete(f"{path}/{made['id']}").status_code == 204
    assert list(Interpreter.objects.values_list("language", flat=True)) == ["ja"]
    gone = as_(organizer).delete(f"{path}/{made['id']}")
    assert gone.status_code == 404 and gone.json()["code"] == "not_found"


def test_refusals_name_the_problem_and_change_nothing(event, forum):
    organizer, attendee, ian = person("org", is_staff=True), person("ann"), person("ian")
    other_event = services.create_event(
        name="别的", name_en="Other", slug="other", starts_at=UTC_0526_0100, ends_at=UTC_0526_0100 + timedelta(days=1)
    )
    outsider = person("outsider")
    services.add_event_moderator(event=other_event, user=outsider)  # moderates another event only
    post(as_(organizer), forum.pk, {"user_id": ian.pk, "language": "en"})
    before = list(Interpreter.objects.values_list("pk", "user_id", "language"))
    path = f"/api/sessions/{forum.pk}/interpreters"

    assert post(as_(None), forum.pk, {"user_id": ian.pk, "language": "ja"})[0] == 401
    for who in (attendee, outsider):
        status, body = post(as_(who), forum.pk, {"user_id": ian.pk, "language": "ja"})
        assert status == 403 and body["code"] == "forbidden", body
        assert as_(who).get(path).status_code == 403
    status, body = post(as_(organizer), forum.pk, {"language": "ja"})
    assert status == 400 and body["code"] == "invalid_fields" and list(body["fields"]) == ["user_id"], body
    status, body = post(as_(organizer), forum.pk, {"user_id": ian.pk, "language": "xx"})
    assert status == 400 and body["code"] == "unknown_language" and "language" in body["fields"], body
    status, body = post(as_(organizer), forum.pk, {"user_id": ian.pk, "language": "en"})
    assert status == 409 and body["code"] == "already_assigned", body
    status, body = post(as_(organizer), forum.pk, {"user_id": 2**31 - 1, "language": "ja"})
    assert status == 404 and body["code"] == "not_found", body
    status, body = post(as_(organizer), 2**31 - 1, {"user_id": ian.pk, "language": "ja"})
    assert status == 404, body
    for hostile in ("{", '{"user_id": "x", "language": "en"}', '{"user_id": 1, "language": "' + "e" * 50 + '"}', "[]"):
        status, body = post(as_(organizer), forum.pk, hostile)
        assert 400 <= status < 500 and body.get("code"), (hostile, status, body)
    # Another session's entry is not this session's to remove.
    other = services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="分论坛",
        title_en="Side forum",
        slug="side-forum",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=2),
    )
    entry_id = before[0][0]
    assert as_(organizer).delete(f"/api/sessions/{other.pk}/interpreters/{entry_id}").status_code == 404
    assert list(Interpreter.objects.values_list("pk", "user_id", "language")) == before
