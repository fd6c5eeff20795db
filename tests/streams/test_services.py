"""Writing the programme: sessions get stage rooms, validation, shifting the event in time."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from live.models import Room
from streams import services
from streams.models import Event, Session

pytestmark = pytest.mark.django_db


def test_create_session_creates_its_stage_room(event):
    session = services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="深圳论坛主论坛",
        title_en="Shenzhen Forum: Main Forum",
        starts_at=datetime(2022, 5, 26, 2, tzinfo=UTC),
        ends_at=datetime(2022, 5, 26, 4, tzinfo=UTC),
    )
    room = Room.objects.get(pk=session.room_id)
    assert room.kind == "stage"
    assert room.slug == "cietc-shenzhen-forum-main-forum"
    assert room.name == "深圳论坛主论坛"
    assert room.allow_guests is True
    assert room.qa_moderated is True  # forums take questions through the queue
    assert session.slug == "shenzhen-forum-main-forum"


@pytest.mark.parametrize("kind", [Session.Kind.RECRUITMENT_LIVESTREAM, Session.Kind.THEME_ACTIVITY])
def test_job_fairs_and_theme_activities_get_rooms_too(event, kind):
    session = services.create_session(
        event=event,
        kind=kind,
        title="活动",  # no Latin title: the slug falls back to "session"
        starts_at=datetime(2022, 5, 27, 2, tzinfo=UTC),
        ends_at=datetime(2022, 5, 27, 3, tzinfo=UTC),
    )
    assert session.room.kind == "stage"
    assert session.room.qa_moderated is False
    assert session.slug == "session"


def test_slugs_stay_unique(event):
    times = {"starts_at": datetime(2022, 5, 27, 2, tzinfo=UTC), "ends_at": datetime(2022, 5, 27, 3, tzinfo=UTC)}
    a = services.create_session(event=event, kind="theme_activity", title="A", title_en="Talk", **times)
    b = services.create_session(event=event, kind="theme_activity", title="B", title_en="Talk", **times)
    assert (a.slug, b.slug) == ("talk", "talk-2")
    assert a.room.slug != b.room.slug
    assert Room.objects.filter(kind="stage").count() == 2


def test_session_cannot_end_before_it_starts(event):
    with pytest.raises(ValidationError):
        services.create_session(
            event=event,
            kind="theme_activity",
            title="倒序",
            starts_at=datetime(2022, 5, 27, 3, tzinfo=UTC),
            ends_at=datetime(2022, 5, 27, 2, tzinfo=UTC),
        )
    assert Room.objects.count() == 0  # the room is not left behind


def test_sub_forum_parent_must_be_a_main_forum(programme_sessions):
    with pytest.raises(ValidationError):
        services.create_session(
            event=programme_sessions["opening"].event,
            kind=Session.Kind.SUB_FORUM,
            title="分论坛",
            parent=programme_sessions["fair"],
            starts_at=datetime(2022, 5, 27, 2, tzinfo=UTC),
            ends_at=datetime(2022, 5, 27, 3, tzinfo=UTC),
        )


def test_invalid_event_timezone_is_refused():
    with pytest.raises(ValidationError):
        services.create_event(
            name="x",
            slug="x",
            starts_at=datetime(2022, 5, 26, tzinfo=UTC),
            ends_at=datetime(2022, 5, 27, tzinfo=UTC),
            timezone="Mars/Olympus_Mons",
        )
    assert Event.objects.count() == 0


def test_update_session_renames_its_room(programme_sessions):
    session = services.update_session(session=programme_sessions["main"], title="主论坛（更新）")
    assert Room.objects.get(pk=session.room_id).name == "主论坛（更新）"
    with pytest.raises(ValueError):
        services.update_session(session=session, room=None)


def test_shift_event_moves_everything_by_the_same_delta(event, programme_sessions):
    before = {s.pk: (s.starts_at, s.ends_at) for s in Session.objects.all()}
    services.shift_event(event=event, delta=timedelta(days=3, hours=2))
    for session in Session.objects.all():
        start, end = before[session.pk]
        assert session.starts_at == start + timedelta(days=3, hours=2)
        assert session.ends_at == end + timedelta(days=3, hours=2)
    event.refresh_from_db()
    assert event.starts_at == datetime(2022, 5, 29, 3, tzinfo=UTC)


def test_shift_event_live_now_makes_the_opening_live(event, programme_sessions):
    now = datetime(2030, 1, 1, 12, 7, 30, tzinfo=UTC)
    anchor = services.shift_event_live_now(event=event, now=now)
    assert anchor.pk == programme_sessions["opening"].pk
    assert anchor.starts_at == datetime(2030, 1, 1, 11, 55, tzinfo=UTC)  # 10+ minutes ago, on a 5-minute mark
    assert anchor.starts_at <= now < anchor.ends_at
    main = Session.objects.get(pk=programme_sessions["main"].pk)
    assert main.starts_at == anchor.starts_at + timedelta(hours=2)  # the rest follows as planned


def test_event_moderators(event, django_user_model):
    user = django_user_model.objects.create_user("mod", password="x")
    services.add_event_moderator(event=event, user=user)
    services.add_event_moderator(event=event, user=user)
    assert list(event.moderators.values_list("user__username", flat=True)) == ["mod"]
    services.remove_event_moderator(event=event, user=user)
    assert not event.moderators.exists()


def test_admin_creates_sessions_through_the_service(admin_client, event):
    response = admin_client.post(
        "/admin/streams/session/add/",
        {
            "event": event.pk,
            "kind": "theme_activity",
            "slug": "overseas-tour",
            "title": "海外人才中国行",
            "title_en": "Overseas Talent China Tour",
            "description": "",
            "description_en": "",
            "starts_at_0": "2022-05-30",
            "starts_at_1": "10:00:00",
            "ends_at_0": "2022-05-30",
            "ends_at_1": "11:30:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get(slug="overseas-tour")
    assert session.room.slug == "cietc-overseas-tour"
    # The admin's form takes times in the default zone, Asia/Shanghai.
    assert session.starts_at == datetime(2022, 5, 30, 2, tzinfo=UTC)


def test_admin_edits_go_through_the_service(admin_client, programme_sessions):
    main = programme_sessions["main"]
    assert admin_client.get("/admin/streams/session/").status_code == 200
    assert admin_client.get(f"/admin/streams/session/{main.pk}/change/").status_code == 200
    response = admin_client.post(
        f"/admin/streams/session/{main.pk}/change/",
        {
            "event": main.event_id,
            "kind": "main_forum",
            "slug": main.slug,
            "title": "深圳论坛主论坛（改）",
            "title_en": main.title_en,
            "description": "",
            "description_en": "",
            "starts_at_0": "2022-05-26",
            "starts_at_1": "11:00:00",
            "ends_at_0": "2022-05-26",
            "ends_at_1": "13:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    main.refresh_from_db()
    assert main.title == "深圳论坛主论坛（改）"
    assert main.room.name == "深圳论坛主论坛（改）"
    assert main.starts_at == datetime(2022, 5, 26, 3, tzinfo=UTC)
