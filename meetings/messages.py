"""What a change tells whom, after its transaction commits: in-app notifications
(notifications.services.notify), the e-mail with the .ics (sent here, so that calendar apps
get a real invitation whatever the person's notification e-mail preference), and the
reminder before the start (notifications.services.schedule_reminder, key `meeting:<id>`),
moved or withdrawn with the meeting."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from meetings import ics
from meetings.models import Meeting, Participant
from meetings.zones import zone_of

logger = logging.getLogger(__name__)

KINDS = {
    "meeting_invitation": ("会议邀请", "Meeting invitation"),
    "meeting_accepted": ("会议已接受", "Meeting accepted"),
    "meeting_declined": ("会议已拒绝", "Meeting declined"),
    "meeting_rescheduled": ("会议改期或新时间", "Meeting rescheduled or new times proposed"),
    "meeting_cancelled": ("会议已取消", "Meeting cancelled"),
    "meeting_reminder": ("会议提醒", "Meeting reminder"),
}
# event -> (kind, title zh, title en)
EVENTS = {
    "invited": ("meeting_invitation", "{actor} 邀请您开会：{topic}", "{actor} invites you to a meeting: {topic}"),
    "confirmed": ("meeting_accepted", "{actor} 接受了会议：{topic}", "{actor} accepted the meeting: {topic}"),
    "accepted": ("meeting_accepted", "{actor} 接受了会议：{topic}", "{actor} accepted the meeting: {topic}"),
    "declined": ("meeting_declined", "{actor} 拒绝了会议：{topic}", "{actor} declined the meeting: {topic}"),
    "proposed": ("meeting_rescheduled", "{actor} 提议了其他时间：{topic}", "{actor} proposed other times: {topic}"),
    "rescheduled": ("meeting_rescheduled", "{actor} 请求改期：{topic}", "{actor} asks to reschedule: {topic}"),
    "cancelled": ("meeting_cancelled", "{actor} 取消了会议：{topic}", "{actor} cancelled the meeting: {topic}"),
}
EMAILED = {"invited", "confirmed", "proposed", "rescheduled", "cancelled"}


def reminder_minutes() -> int:
    return int(getattr(settings, "MEETINGS_REMINDER_MINUTES", 15))


def register_kinds() -> None:
    try:
        from notifications.kinds import register_kind
    except ImportError:  # the notifications app has not landed its registry
        return
    for key, (zh, en) in KINDS.items():
        # The .ics e-mails go out from here; the notification's own e-mail is for the reminder.
        register_kind(key, label_zh=zh, label_en=en, email_default=key == "meeting_reminder")


def meeting_url(meeting: Meeting) -> str:
    return f"/meetings/{meeting.pk}/"


def after_commit(meeting_id: int, event: str, *, actor_id: int) -> None:
    transaction.on_commit(lambda: deliver(meeting_id, event, actor_id=actor_id))


def _notify(recipients, kind: str, **fields) -> None:
    try:
        from notifications import services as notifications
    except ImportError:
        return
    try:
        notifications.notify(recipients, kind, **fields)
    except Exception:
        logger.exception("meetings: notifying %s failed", kind)


def _reminders(meeting: Meeting, rows: list[Participant]) -> None:
    try:
        from notifications import services as notifications
    except ImportError:
        return
    key = f"meeting:{meeting.pk}"
    on = meeting.status == Meeting.Status.CONFIRMED
    for p in rows:
        try:
            if on and p.response == Participant.Response.ACCEPTED:
                notifications.schedule_reminder(
                    p.user,
                    key=key,
                    due_at=meeting.start_at - timedelta(minutes=reminder_minutes()),
                    kind="meeting_reminder",
                    title_zh=f"会议即将开始：{meeting.topic}",
                    title_en=f"Your meeting starts soon: {meeting.topic}",
                    body_zh=f"{meeting.start_at.astimezone(zone_of(p.user)):%Y-%m-%d %H:%M} 开始",
                    body_en=f"Starts at {meeting.start_at.astimezone(zone_of(p.user)):%Y-%m-%d %H:%M}",
                    url=meeting_url(meeting),
                )
            else:
                notifications.cancel_reminder(p.user, key)
        except Exception:
            logger.exception("meetings: the reminder of meeting %s for %s failed", meeting.pk, p.user_id)


def _when(meeting: Meeting, user) -> str:
    zone = zone_of(user)
    if meeting.start_at is not None:
        return (
            f"{meeting.start_at.astimezone(zone):%Y-%m-%d %H:%M}–{meeting.end_at.astimezone(zone):%H:%M} ({zone.key})"
        )
    slots = meeting.slots.filter(round=meeting.round)
    return "; ".join(
        f"{s.start_at.astimezone(zone):%Y-%m-%d %H:%M}–{s.end_at.astimezone(zone):%H:%M}" for s in slots
    ) + (f" ({zone.key})")


def _email(meeting: Meeting, people, event: str, title_zh: str, title_en: str, url: str) -> None:
    calendar = ics.meeting_calendar(meeting, url=url, cancel=event == "cancelled")
    method = "CANCEL" if event == "cancelled" else "REQUEST"
    for user in people:
        if not user.email:
            continue
        when = _when(meeting, user)
        body = f"{title_zh}\n时间：{when}\n{url}\n\n{title_en}\nWhen: {when}\n{url}\n"
        message = EmailMessage(subject=f"{title_zh} / {title_en}", body=body, to=[user.email])
        message.attach("meeting.ics", calendar, f"text/calendar; method={method}; charset=utf-8")
        try:
            message.send()
        except Exception:
            logger.exception("meetings: e-mailing %s about meeting %s failed", user.pk, meeting.pk)


def deliver(meeting_id: int, event: str, *, actor_id: int) -> None:
    meeting = Meeting.objects.select_related("organiser").filter(pk=meeting_id).first()
    if meeting is None:
        return
    rows = list(meeting.participants.select_related("user"))
    actor = next((p.user for p in rows if p.user_id == actor_id), None)
    kind, zh, en = EVENTS[event]
    names = {"actor": actor.public_name if actor else "", "topic": meeting.topic}
    title_zh, title_en = zh.format(**names), en.format(**names)
    if event == "declined":
        # The organiser hears of it; so do the others when the time was fixed.
        audience = [p.user for p in rows if p.user_id != actor_id and (p.is_organiser or meeting.start_at)]
    else:
        audience = [p.user for p in rows if p.user_id != actor_id and p.response != Participant.Response.DECLINED]
    url = meeting_url(meeting)
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    if audience:
        _notify(audience, kind, title_zh=title_zh, title_en=title_en, url=url, context={"meeting": meeting.pk})
    if event in EMAILED:
        # The one who fixed the time wants it in their calendar too.
        mailed = audience
        if event == "confirmed":
            mailed = [p.user for p in rows if p.response != Participant.Response.DECLINED]
        _email(meeting, mailed, event, title_zh, title_en, site + url)
    _reminders(meeting, rows)
