"""The demo's `exhibitor` account (made by load_demo_conference) staffs a demo booth that has
content, with a contact and a call request from the demo attendees waiting, so that
`/exhibitor/` shows live requests, leads and statistics from the first login."""

from __future__ import annotations

from accounts.models import User
from accounts.services import add_organisation_member
from halls.leads import services as lead_services
from halls.models import Booth, Lead

DEMO_STAFF = "exhibitor"


def staff_a_demo_booth() -> Booth | None:
    """Idempotent; does nothing when the demo conference (its accounts) is not loaded."""
    staff = User.objects.filter(username=DEMO_STAFF).first()
    live = Booth.objects.filter(status=Booth.Status.LIVE).order_by("pk")
    booth = live.filter(videos__isnull=False).first() or live.first()
    if staff is None or booth is None:
        return None
    add_organisation_member(organisation=booth.organisation, user=staff)
    if Lead.objects.filter(booth=booth).exists():
        return booth
    visitors = {u.username: u for u in User.objects.filter(username__in=("alice", "bob"))}
    if "alice" in visitors:
        lead_services.leave_contact(
            booth=booth,
            visitor=visitors["alice"],
            consent=True,
            message="希望与贵单位洽谈新材料项目合作。We would like to discuss a joint project.",
            contact_email="alice@example.org",
        )
    if "bob" in visitors:
        lead_services.request_video_call(
            booth=booth,
            visitor=visitors["bob"],
            consent=True,
            message="I am looking for a job as a data engineer. 求职：数据工程师。",
            preferred_time="今天下午 / this afternoon",
            contact_email="bob@example.org",
        )
    return booth
