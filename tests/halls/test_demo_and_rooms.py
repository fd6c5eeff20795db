"""The demo exhibition command, and the booth room kind that makes org staff "staff"."""

import pytest
from django.core.management import call_command

from accounts.services import add_organisation_member
from halls import demo
from halls.models import Board, Booth, Hall, Zone
from live.models import Room
from live.permissions import resolve_access

pytestmark = pytest.mark.django_db


def test_demo_exhibition_is_complete_and_idempotent():
    call_command("load_demo_exhibition", not_production=True)
    call_command("load_demo_exhibition", not_production=True)
    assert Hall.objects.count() == 1
    hall = Hall.objects.get()
    assert hall.applications_close_at.isoformat() == "2022-05-10T15:59:59+00:00"
    assert list(Zone.objects.values_list("name", flat=True)) == [
        "科技部展示专区",
        "区域协调发展展示专区",
        "中央企业科技创新成果展示专区",
        "战略性新兴产业展示专区",
        "科技金融服务展示专区",
        "国（境）外专业机构展示专区",
        "科技创新交流与合作展示专区",
        "IT 产业校企合作展示专区",
    ]
    assert all(Zone.objects.values_list("name_en", flat=True))
    regional = Zone.objects.get(slug="regional")
    assert set(Board.objects.values_list("zone", flat=True)) == {regional.pk}
    assert Board.objects.count() == 9
    assert "粤港澳大湾区建设板块" in Board.objects.values_list("name", flat=True)
    booths = Booth.objects.select_related("room")
    assert booths.count() >= 60 and booths.count() == len(demo.EXHIBITORS)
    assert Room.objects.filter(kind="booth").count() == booths.count()
    assert all(b.status == "live" and b.name and b.name_en and b.room.kind == "booth" for b in booths)
    # Every zone and every board has booths; regional booths all sit on a board.
    assert set(booths.values_list("zone", flat=True)) == set(Zone.objects.values_list("pk", flat=True))
    assert set(booths.exclude(board=None).values_list("board", flat=True)) == set(
        Board.objects.values_list("pk", flat=True)
    )
    assert not booths.filter(zone=regional, board=None).exists()
    assert len(set(booths.values_list("zone", "number"))) == booths.count()


def test_booth_room_gives_its_organisation_staff_the_staff_role(booth_a, booth_b, staff_a, staff_b, visitor, organizer):
    room_a = booth_a.room
    assert "staff" in resolve_access(room_a, staff_a).roles
    assert resolve_access(room_a, staff_a).is_staff
    assert "staff" not in resolve_access(room_a, staff_b).roles  # another exhibitor
    assert resolve_access(room_a, visitor).roles == frozenset()
    assert not resolve_access(room_a, visitor).is_staff
    from django.contrib.auth.models import AnonymousUser

    assert resolve_access(room_a, AnonymousUser()).roles == frozenset()
    assert "moderator" in resolve_access(room_a, organizer).roles
    # Joining the organisation makes one staff of its booth.
    add_organisation_member(organisation=booth_a.organisation, user=visitor)
    assert "staff" in resolve_access(room_a, visitor).roles
    assert "staff" not in resolve_access(booth_b.room, visitor).roles


def test_demo_exhibitor_staffs_a_booth_with_requests_waiting():
    from accounts.models import User
    from halls.models import CallRequest, Lead
    from live.models import RoomEvent

    call_command("load_demo_conference", not_production=True, verbosity=0)
    call_command("load_demo_exhibition", not_production=True, verbosity=0)
    call_command("load_demo_exhibition", not_production=True, verbosity=0)  # idempotent

    staff = User.objects.get(username="exhibitor")
    booth = Booth.objects.get(organisation__memberships__user=staff)
    assert booth.status == Booth.Status.LIVE and booth.videos.exists()
    leads = Lead.objects.filter(booth=booth)
    assert sorted(leads.values_list("visitor__username", flat=True)) == ["alice", "bob"]
    assert CallRequest.objects.get(booth=booth).status == CallRequest.Status.PENDING
    notices = RoomEvent.objects.filter(room__slug=f"exhibitor-{booth.organisation_id}", type="lead.new")
    assert notices.count() == 2
