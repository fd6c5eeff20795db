"""Booth statistics and the organizers' overview by zone and board."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from halls import selectors, services
from halls.leads import services as lead_services
from live.models import ChatMessage

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY1 = datetime(2022, 5, 26, 10, 0, tzinfo=SHANGHAI)
DAY2 = datetime(2022, 5, 27, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def activity(booth_a, booth_b, visitor, staff_a):
    other = User.objects.create_user("olga", password="x")
    # Day 1: the visitor twice (60 s + 120 s), an anonymous session once (30 s), one still inside.
    for start, seconds in ((DAY1, 60), (DAY1 + timedelta(hours=1), 120)):
        visit = services.record_visit_start(booth=booth_a, user=visitor, at=start)
        services.record_visit_end(visit=visit, at=start + timedelta(seconds=seconds))
    anon = services.record_visit_start(booth=booth_a, session_key="s-123", at=DAY1)
    services.record_visit_end(visit=anon, at=DAY1 + timedelta(seconds=30))
    services.record_visit_start(booth=booth_a, user=other, at=DAY1)
    # Day 2: the other person (90 s); and a visit to booth B, which must not count for A.
    visit = services.record_visit_start(booth=booth_a, user=other, at=DAY2)
    services.record_visit_end(visit=visit, at=DAY2 + timedelta(seconds=90))
    services.record_visit_start(booth=booth_b, user=visitor, at=DAY2)
    for seq, (author, text) in enumerate([(visitor, "hi"), (staff_a, "welcome"), (other, "gone")], start=1):
        message = ChatMessage.objects.create(room=booth_a.room, seq=seq, author=author, text=text)
        ChatMessage.objects.filter(pk=message.pk).update(created_at=DAY1)
    ChatMessage.objects.filter(text="gone").update(deleted_at=DAY1)
    lead_services.leave_contact(
        booth=booth_a, visitor=visitor, consent=True, contact_phone="1", message="求职", now=DAY1
    )
    lead_services.record_chat_lead(booth=booth_a, visitor=other, text="investment", now=DAY2)
    lead_services.record_chat_lead(booth=booth_b, visitor=other, text="media", now=DAY2)


def test_booth_statistics(activity, booth_a, staff_a):
    stats = selectors.booth_statistics(user=staff_a, booth=booth_a)
    assert stats["visits"] == 5
    assert stats["unique_visitors"] == 3  # visitor, other, one anonymous session
    assert stats["finished_visits"] == 4
    assert stats["total_seconds"] == 60 + 120 + 30 + 90
    assert stats["average_seconds"] == 75
    assert stats["chat_messages"] == 2  # the deleted one is not counted
    assert stats["leads"] == 2
    assert stats["leads_by_category"]["job_seeking"] == 1
    assert stats["leads_by_category"]["investment_finance"] == 1
    assert stats["leads_by_category"]["media"] == 0
    assert stats["by_day"] == [
        {"day": "2022-05-26", "visits": 4, "unique_visitors": 3, "chat_messages": 2, "leads": 1},
        {"day": "2022-05-27", "visits": 1, "unique_visitors": 1, "chat_messages": 0, "leads": 1},
    ]


def test_booth_statistics_are_for_its_staff_and_organizers(activity, booth_a, staff_b, visitor, organizer):
    for outsider in (staff_b, visitor):
        with pytest.raises(PermissionDenied):
            selectors.booth_statistics(user=outsider, booth=booth_a)
    assert selectors.booth_statistics(user=organizer, booth=booth_a)["visits"] == 5


def test_visit_end_is_idempotent_and_never_before_the_start(booth_a, visitor):
    visit = services.record_visit_start(booth=booth_a, user=visitor, at=DAY1)
    services.record_visit_end(visit=visit, at=DAY1 - timedelta(seconds=5))
    assert visit.left_at == DAY1
    services.record_visit_end(visit=visit, at=DAY1 + timedelta(hours=1))
    assert visit.left_at == DAY1
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValidationError):
        services.record_visit_start(booth=booth_a, user=AnonymousUser())


def test_organizer_overview_by_zone_and_board(activity, booth_a, board, organizer, staff_a, org_b):
    booth_c = services.create_booth(organisation=org_b, zone=board.zone, board=board, name="C", status="live")
    services.record_visit_start(booth=booth_c, session_key="zz", at=DAY1)
    with pytest.raises(PermissionDenied):
        selectors.organizer_overview(user=staff_a, hall=booth_a.zone.hall)
    overview = selectors.organizer_overview(user=organizer, hall=booth_a.zone.hall)
    zones = {z["name"]: z for z in overview["zones"]}
    emerging = zones["战略性新兴产业展示专区"]
    assert emerging["booths"] == 2
    assert emerging["visits"] == 6
    assert emerging["unique_visitors"] == 3
    assert emerging["total_seconds"] == 300
    assert emerging["chat_messages"] == 2
    assert emerging["leads"] == 3
    regional = zones["区域协调发展展示专区"]
    assert regional["booths"] == 1 and regional["visits"] == 1 and regional["unique_visitors"] == 1
    assert regional["boards"] == [
        {
            "id": board.pk,
            "name": board.name,
            "name_en": board.name_en,
            "booths": 1,
            "visits": 1,
            "unique_visitors": 1,
            "total_seconds": 0,
            "chat_messages": 0,
            "leads": 0,
        }
    ]
    assert overview["totals"] == {"booths": 3, "visits": 7, "unique_visitors": 4, "chat_messages": 2, "leads": 3}
