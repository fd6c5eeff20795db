"""A small world for the activities tests: a conference with a main session, two partner
sub-venues (each with an organizer and a session) and the site's organizer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import Organisation, User
from activities import subvenues
from activities.models import SubVenue, SubVenueStaff
from streams import services as stream_services
from streams.models import Event, Session


@dataclass
class Venues:
    organizer: User
    event: Event
    main: Session
    gd: SubVenue
    sc: SubVenue
    gd_organizer: User
    sc_organizer: User
    gd_session: Session
    sc_session: Session


def user(username: str, **fields) -> User:
    return User.objects.create_user(username=username, password="pw", display_name=username.title(), **fields)


def venues() -> Venues:
    now = timezone.now()
    organizer = user("boss", is_staff=True)
    event = stream_services.create_event(
        name="大会",
        name_en="Conference",
        slug="conf",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=90),
    )
    main = stream_services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="主论坛",
        slug="main",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
    )
    made = {}
    for slug, region in (("gd", "guangdong"), ("sc", "sichuan")):
        partner = Organisation.objects.create(name=f"{slug} 主办方", kind=Organisation.Kind.GOVERNMENT)
        subvenue = subvenues.create_subvenue(
            by=organizer,
            event=event,
            organisation_id=partner.pk,
            slug=slug,
            name=f"{slug}分会场",
            name_en=f"{slug} sub-venue",
            region=region,
            region_name=region,
        )
        staff = user(f"{slug}-org")
        subvenues.set_staff(by=organizer, subvenue=subvenue, user_id=staff.pk, role=SubVenueStaff.Role.ORGANIZER)
        session = subvenues.create_session(
            by=staff,
            subvenue=subvenue,
            title=f"{slug}活动",
            title_en=f"{slug} activity",
            starts_at=now - timedelta(minutes=5),
            ends_at=now + timedelta(hours=1),
        )
        made[slug] = (subvenue, staff, session)
    return Venues(
        organizer=organizer,
        event=event,
        main=main,
        gd=made["gd"][0],
        sc=made["sc"][0],
        gd_organizer=made["gd"][1],
        sc_organizer=made["sc"][1],
        gd_session=made["gd"][2],
        sc_session=made["sc"][2],
    )
