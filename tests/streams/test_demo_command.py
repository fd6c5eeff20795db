"""load_demo_conference: the plan's programme, demo accounts, idempotent, --live-now."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership, User
from live.models import Room
from live.permissions import resolve_access
from streams.models import Event, EventModerator, Session, Speaker

pytestmark = pytest.mark.django_db

PLAN_NAMES = [
    "开幕式",
    "深圳论坛",
    "国际化创新生态圈建设",
    "乡村振兴",
    "双碳环保",
    "产业结构调整",
    "外籍人才云聘会",
    "海归人才云聘会",
    "精英天下",
    "智汇全球",
    "百校千企",
    "海外人才中国行",
]


def run(*args) -> str:
    out = StringIO()
    call_command("load_demo_conference", *args, not_production=True, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        sorted(Session.objects.values_list("slug", "title", "title_en", "starts_at", "ends_at", "room__slug")),
        Room.objects.count(),
        Speaker.objects.count(),
        User.objects.count(),
        EventModerator.objects.count(),
        Organisation.objects.count(),
        OrganisationMembership.objects.count(),
    )


def test_loads_the_plans_programme():
    output = run()
    event = Event.objects.get()
    assert event.slug == "cietc-2022"
    assert event.starts_at.astimezone(timezone.get_default_timezone()).date().isoformat() == "2022-05-26"
    titles = " ".join(Session.objects.values_list("title", flat=True))
    for name in PLAN_NAMES:
        assert name in titles, name
    kinds = list(Session.objects.values_list("kind", flat=True))
    assert kinds.count("opening_ceremony") == 1
    assert kinds.count("main_forum") == 1
    assert kinds.count("sub_forum") == 4
    assert kinds.count("recruitment_livestream") == 5
    assert kinds.count("theme_activity") >= 2
    opening = Session.objects.get(kind="opening_ceremony")
    assert opening.starts_at.astimezone(timezone.get_default_timezone()).date().isoformat() == "2022-05-26"
    main = Session.objects.get(kind="main_forum")
    assert set(Session.objects.filter(kind="sub_forum").values_list("parent", flat=True)) == {main.pk}
    assert all(Session.objects.values_list("title_en", flat=True))
    assert Speaker.objects.count() >= 3
    # Rooms: one stage per session, guests welcome, questions moderated in the forums.
    assert Room.objects.filter(kind="stage", session__isnull=False).count() == Session.objects.count()
    assert not Room.objects.filter(kind="stage", allow_guests=False).exists()
    forum_rooms = Room.objects.filter(session__kind__in=["main_forum", "sub_forum"])
    assert forum_rooms.count() == 5 and all(r.qa_moderated for r in forum_rooms)
    assert "国际化创新生态圈建设" in output and "pavilion-alice" in output


def test_demo_accounts_have_their_documented_passwords_and_roles():
    run()
    for username in ("organizer", "moderator", "alice", "bob", "exhibitor"):
        assert authenticate(username=username, password=f"pavilion-{username}") is not None, username
    organizer = User.objects.get(username="organizer")
    assert organizer.is_staff and organizer.is_superuser
    assert not User.objects.get(username="alice").is_staff
    moderator = User.objects.get(username="moderator")
    assert EventModerator.objects.filter(user=moderator, event__slug="cietc-2022").exists()
    stage = Session.objects.get(kind="sub_forum", title__contains="乡村振兴").room
    assert resolve_access(stage, moderator).is_moderator
    assert not resolve_access(stage, User.objects.get(username="bob")).is_moderator
    membership = OrganisationMembership.objects.get(user__username="exhibitor")
    assert membership.organisation.name_en


def test_running_twice_changes_nothing():
    run()
    first = snapshot()
    output = run()
    assert snapshot() == first
    assert "(0 new)" in output


def test_live_now_puts_the_opening_on_air_and_the_rest_after_it():
    run()
    output = run("--live-now")
    now = timezone.now()
    opening = Session.objects.get(kind="opening_ceremony")
    assert opening.starts_at <= now < opening.ends_at
    live = Session.objects.filter(starts_at__lte=now, ends_at__gt=now)
    assert opening in live
    later = Session.objects.filter(starts_at__gt=now)
    assert later.count() == Session.objects.count() - live.count()
    assert "Live now" in output
    # Running it again keeps a single programme (no duplicates), still live.
    run("--live-now")
    assert Session.objects.count() == 14
    opening.refresh_from_db()
    assert opening.starts_at <= timezone.now() < opening.ends_at
