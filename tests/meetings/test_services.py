"""The meetings service API: the state machine and every refusal (no sockets here)."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from icalendar import Calendar

from live.errors import LiveError
from meetings import errors, ics, selectors, services
from meetings.models import Change, Meeting, Participant
from tests.meetings.helpers import slot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def alice(person):
    return person("alice", timezone="Asia/Shanghai")


@pytest.fixture
def bob(person):
    return person("bob", timezone="Europe/Berlin")


def refused(code, fn, *args, **kwargs) -> LiveError:
    with pytest.raises(LiveError) as caught:
        fn(*args, **kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_request_accept_confirms_and_both_zones_are_shown(alice, bob):
    meeting = services.request_meeting(alice, [bob], topic="Interview", slots=[slot(24), slot(26)])
    assert meeting.status == "proposed"
    out = selectors.meeting_out(meeting, bob)
    assert [p["timezone"] for p in out["participants"]] == ["Asia/Shanghai", "Europe/Berlin"]
    assert set(out["slots"][0]["zones"]) == {"Asia/Shanghai", "Europe/Berlin"}
    assert out["slots"][0]["local"]["timezone"] == "Europe/Berlin"
    assert out["you"]["may_accept"] is True
    assert selectors.meeting_out(meeting, alice)["you"]["may_accept"] is False  # her own slots
    chosen = out["slots"][1]["id"]
    services.accept(meeting, bob, chosen)
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"
    assert meeting.start_at.isoformat() == out["slots"][1]["start"]
    assert list(Participant.objects.filter(meeting=meeting).values_list("response", flat=True)) == ["accepted"] * 2
    assert [c.action for c in Change.objects.filter(meeting=meeting)] == ["requested", "confirmed"]


def test_more_than_six_people_refused(person, alice):
    others = [person(f"p{i}") for i in range(6)]
    refused(errors.TOO_MANY_PEOPLE, services.request_meeting, alice, others, topic="Crowd", slots=[slot(5)])
    meeting = services.request_meeting(alice, others[:5], topic="Six", slots=[slot(5)])
    assert meeting.participants.count() == 6
    assert Meeting.objects.count() == 1


def test_more_than_three_slots_past_slots_and_bad_input_refused(alice, bob):
    refused(
        errors.TOO_MANY_SLOTS, services.request_meeting, alice, [bob], topic="x", slots=[slot(i + 1) for i in range(4)]
    )
    refused(errors.SLOT_IN_PAST, services.request_meeting, alice, [bob], topic="x", slots=[slot(-1)])
    refused("invalid_fields", services.request_meeting, alice, [bob], topic="", slots=[slot(3)])
    refused("invalid_fields", services.request_meeting, alice, [alice], topic="me", slots=[slot(3)])
    refused("invalid_fields", services.request_meeting, alice, [bob], topic="long", slots=[slot(3, 600)])
    refused("not_found", services.request_meeting, alice, [99999], topic="ghost", slots=[slot(3)])
    refused(
        "invalid_fields",
        services.request_meeting,
        alice,
        [bob],
        topic="x",
        slots=[slot(3)],
        context={"kind": "job", "url": "https://evil.example/"},
    )
    assert Meeting.objects.count() == 0


def test_slot_outside_availability_refused_in_the_invitees_zone(alice, bob):
    start, _end = slot(48)
    berlin = start.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
    # Bob takes meetings on that day only from 2 hours after the slot's (Berlin) start.
    later = (berlin + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    if later < berlin.time():  # the window would cross midnight: use the morning instead
        later = berlin.time().replace(hour=0, minute=0)
        services.set_availability(bob, [{"date": berlin.date().isoformat(), "start": "00:00", "end": "00:05"}])
    else:
        services.set_availability(
            bob, [{"date": berlin.date().isoformat(), "start": later.strftime("%H:%M"), "end": "23:59"}]
        )
    error = refused(
        errors.OUTSIDE_AVAILABILITY, services.request_meeting, alice, [bob], topic="x", slots=[(start, _end)]
    )
    assert error.extra["user_id"] == bob.pk
    # The same local hours weekly: accepted.
    services.set_availability(
        bob,
        [{"weekday": berlin.weekday(), "start": berlin.strftime("%H:%M"), "end": "23:59"}] if berlin.hour < 23 else [],
    )
    meeting = services.request_meeting(alice, [bob], topic="ok", slots=[(start, _end)])
    assert meeting.pk


def test_availability_windows_are_read_in_their_own_zone(bob):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    services.set_availability(bob, [{"weekday": 0, "start": "09:00", "end": "12:00"}], tz="Europe/Berlin")
    monday = date(2030, 1, 7)  # a Monday (winter: Berlin is UTC+1)
    assert services.is_available(
        bob, datetime(2030, 1, 7, 8, 0, tzinfo=ZoneInfo("UTC")), datetime(2030, 1, 7, 9, 0, tzinfo=ZoneInfo("UTC"))
    )
    assert not services.is_available(
        bob, datetime(2030, 1, 7, 7, 30, tzinfo=ZoneInfo("UTC")), datetime(2030, 1, 7, 8, 30, tzinfo=ZoneInfo("UTC"))
    )
    assert not services.is_available(
        bob, datetime(2030, 1, 8, 8, 0, tzinfo=ZoneInfo("UTC")), datetime(2030, 1, 8, 9, 0, tzinfo=ZoneInfo("UTC"))
    )
    assert monday.weekday() == 0
    refused("invalid_fields", services.set_availability, bob, [{"weekday": 9, "start": "09:00", "end": "10:00"}])
    refused("invalid_fields", services.set_availability, bob, [{"weekday": 1, "start": "11:00", "end": "10:00"}])
    refused("invalid_fields", services.set_availability, bob, [{"start": "09:00", "end": "10:00"}])
    refused("invalid_fields", services.set_availability, bob, [], tz="Mars/Base")
    assert selectors.availability_out(bob)["windows"][0]["start"] == "09:00"  # refusals changed nothing


def test_double_booking_refused_for_any_participant(person, alice, bob):
    carol = person("carol")
    first = services.request_meeting(alice, [bob], topic="First", slots=[slot(30)])
    services.accept(first, bob, first.slots.get().pk)
    # Carol asks Bob for an overlapping time: refused when he accepts.
    start, end = slot(30)
    second = services.request_meeting(
        carol, [bob], topic="Second", slots=[(start + timedelta(minutes=10), end + timedelta(minutes=10))]
    )
    error = refused(errors.DOUBLE_BOOKED, services.accept, second, bob, second.slots.get().pk)
    assert error.extra["user_id"] == bob.pk
    second.refresh_from_db()
    assert second.status == "proposed"
    # Alice herself cannot even ask for a time she is booked.
    refused(errors.DOUBLE_BOOKED, services.request_meeting, alice, [carol], topic="Third", slots=[slot(30)])
    # Back to back is fine.
    after = services.request_meeting(carol, [bob], topic="After", slots=[(end, end + timedelta(minutes=30))])
    services.accept(after, bob, after.slots.get().pk)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_double_booking_is_race_safe_on_postgresql(person, alice, bob):
    carol = person("carol")
    one = services.request_meeting(alice, [bob], topic="One", slots=[slot(40)])
    two = services.request_meeting(carol, [bob], topic="Two", slots=[slot(40)])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take(meeting):
        from django.db import connections

        try:
            barrier.wait()
            services.accept(meeting.pk, bob, meeting.slots.get().pk)
            outcomes.append("ok")
        except LiveError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(m,)) for m in (one, two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [errors.DOUBLE_BOOKED, "ok"]
    assert Meeting.objects.filter(status="confirmed").count() == 1
    assert connection.vendor == "postgresql"


def test_not_a_participant_hears_not_found(person, alice, bob):
    mallory = person("mallory")
    meeting = services.request_meeting(alice, [bob], topic="Private", slots=[slot(10)])
    slot_id = meeting.slots.get().pk
    for action in (
        lambda: services.accept(meeting.pk, mallory, slot_id),
        lambda: services.decline(meeting.pk, mallory),
        lambda: services.propose_other_slots(meeting.pk, mallory, [slot(11)]),
        lambda: services.reschedule(meeting.pk, mallory, [slot(11)]),
        lambda: services.cancel(meeting.pk, mallory),
        lambda: selectors.meeting_for(mallory, meeting.pk),
        lambda: services.join_call(meeting_id=meeting.pk, user=mallory),
    ):
        refused("not_found", action)
    assert selectors.meetings_for(mallory).count() == 0
    assert selectors.agenda_items(mallory, slot(0)[0], slot(48)[0]) == []


def test_propose_other_slots_starts_a_new_round(alice, bob):
    meeting = services.request_meeting(alice, [bob], topic="Chat", slots=[slot(5)])
    refused("invalid_state", services.accept, meeting, alice, meeting.slots.get().pk)  # her own proposal
    services.propose_other_slots(meeting, bob, [slot(6), slot(7)])
    meeting.refresh_from_db()
    assert (meeting.round, meeting.status) == (2, "proposed")
    old = meeting.slots.get(round=1)
    refused("not_found", services.accept, meeting, alice, old.pk)  # the old round is gone
    refused("invalid_state", services.accept, meeting, bob, meeting.slots.filter(round=2).first().pk)
    services.accept(meeting, alice, meeting.slots.filter(round=2).last().pk)
    meeting.refresh_from_db()
    assert meeting.status == "confirmed" and meeting.start_at == slot(7)[0]
    refused("invalid_state", services.propose_other_slots, meeting, bob, [slot(8)])  # fixed: reschedule instead


def test_reschedule_bumps_sequence_and_cancel_is_for_the_organiser(alice, bob):
    meeting = services.request_meeting(alice, [bob], topic="Move me", slots=[slot(5)])
    refused("invalid_state", services.reschedule, meeting, alice, [slot(6)])  # not confirmed yet
    services.accept(meeting, bob, meeting.slots.get().pk)
    meeting.refresh_from_db()
    confirmed_sequence = meeting.sequence
    services.reschedule(meeting, bob, [slot(9)])
    meeting.refresh_from_db()
    assert meeting.status == "proposed" and meeting.start_at is None and meeting.sequence > confirmed_sequence
    assert Participant.objects.get(meeting=meeting, user=alice).response == "pending"
    refused("forbidden", services.cancel, meeting, bob)
    refused("invalid_state", services.decline, meeting, alice)  # the organiser cancels instead
    services.cancel(meeting, alice)
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    refused("invalid_state", services.accept, meeting, alice, meeting.slots.last().pk)
    refused("invalid_state", services.cancel, meeting, alice)


def test_group_meeting_decline_and_late_accept(person, alice, bob):
    carol, dan = person("carol"), person("dan")
    meeting = services.request_meeting(alice, [bob, carol, dan], topic="Panel prep", slots=[slot(12)])
    services.decline(meeting, dan)
    refused("invalid_state", services.decline, meeting, dan)
    services.accept(meeting, bob, meeting.slots.get().pk)
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"
    services.accept(meeting, carol)  # answers the fixed time
    refused("invalid_state", services.accept, meeting, carol)
    responses = dict(Participant.objects.filter(meeting=meeting).values_list("user__username", "response"))
    assert responses == {"alice": "accepted", "bob": "accepted", "carol": "accepted", "dan": "declined"}
    items = selectors.agenda_items(carol, meeting.start_at - timedelta(hours=1), meeting.end_at + timedelta(hours=1))
    assert [(i["kind"], i["id"], i["title"]) for i in items] == [("meeting", meeting.pk, "Panel prep")]
    assert selectors.agenda_items(dan, meeting.start_at, meeting.end_at) == []
    assert selectors.agenda_items(carol, meeting.end_at, meeting.end_at + timedelta(hours=1)) == []


def test_everyone_declining_declines_the_meeting(alice, bob):
    meeting = services.request_meeting(alice, [bob], topic="No", slots=[slot(5)])
    services.decline(meeting, bob)
    meeting.refresh_from_db()
    assert meeting.status == "declined"
    refused("invalid_state", services.propose_other_slots, meeting, alice, [slot(6)])


def test_context_is_kept_for_recruitment_and_matchmaking(alice, bob):
    context = {
        "kind": "application",
        "id": 42,
        "label_zh": "软件工程师申请",
        "label_en": "Application: engineer",
        "url": "/jobs/42/",
    }
    meeting = services.request_meeting(alice, [bob], topic="Interview", slots=[slot(5)], context=context)
    assert selectors.meeting_out(meeting, bob)["context"] == context


def test_invitation_email_carries_an_ics_parsed_back(alice, bob):
    meeting = services.request_meeting(alice, [bob], topic="Invitation", slots=[slot(5), slot(7)])
    (invite,) = [m for m in mail.outbox if "bob@example.org" in m.to]
    name, content, mimetype = invite.attachments[0]
    assert name == "meeting.ics" and mimetype.startswith("text/calendar; method=REQUEST")
    cal = Calendar.from_ical(content)
    assert cal["METHOD"] == "REQUEST"
    events = cal.walk("VEVENT")
    assert [str(e["STATUS"]) for e in events] == ["TENTATIVE", "TENTATIVE"]
    assert {str(e["UID"]) for e in events} == {ics.uid_of(meeting, s) for s in meeting.slots.all()}
    mail.outbox.clear()
    services.accept(meeting, bob, meeting.slots.first().pk)
    meeting.refresh_from_db()
    confirmed = {m.to[0]: Calendar.from_ical(m.attachments[0][1]) for m in mail.outbox}
    assert set(confirmed) == {"alice@example.org", "bob@example.org"}
    (event,) = confirmed["bob@example.org"].walk("VEVENT")
    assert str(event["UID"]) == ics.uid_of(meeting) and str(event["STATUS"]) == "CONFIRMED"
    first_sequence = int(event["SEQUENCE"])
    assert event.decoded("DTSTART") == meeting.start_at
    mail.outbox.clear()
    services.reschedule(meeting, alice, [slot(9)])
    services.accept(meeting, bob, meeting.slots.get(round=2).pk)
    (event,) = Calendar.from_ical([m for m in mail.outbox if m.to == ["bob@example.org"]][-1].attachments[0][1]).walk(
        "VEVENT"
    )
    assert str(event["UID"]) == ics.uid_of(meeting) and int(event["SEQUENCE"]) > first_sequence
    mail.outbox.clear()
    services.cancel(meeting, alice)
    cancel = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert cancel["METHOD"] == "CANCEL"
    assert ics.uid_of(meeting) in {str(e["UID"]) for e in cancel.walk("VEVENT")}
    assert {str(e["STATUS"]) for e in cancel.walk("VEVENT")} == {"CANCELLED"}


def test_refusal_sends_nothing(alice, bob):
    refused(errors.SLOT_IN_PAST, services.request_meeting, alice, [bob], topic="x", slots=[slot(-2)])
    assert mail.outbox == []


def test_notifications_and_the_reminder_follow_the_meeting(alice, bob):
    from notifications.models import Notification, ScheduledReminder

    meeting = services.request_meeting(alice, [bob], topic="Remind me", slots=[slot(6)])
    assert list(Notification.objects.filter(recipient=bob).values_list("kind", flat=True)) == ["meeting_invitation"]
    services.accept(meeting, bob, meeting.slots.get().pk)
    meeting.refresh_from_db()
    assert Notification.objects.filter(recipient=alice, kind="meeting_accepted").count() == 1

    def reminders():
        return ScheduledReminder.objects.filter(key=f"meeting:{meeting.pk}")

    assert {r.recipient_id for r in reminders()} == {alice.pk, bob.pk}
    assert {r.due_at for r in reminders()} == {meeting.start_at - timedelta(minutes=15)}
    services.reschedule(meeting, alice, [slot(8)])
    assert not reminders().exists()  # no fixed time: no reminder
    assert Notification.objects.filter(recipient=bob, kind="meeting_rescheduled").count() == 1
    services.accept(meeting, bob, meeting.slots.get(round=2).pk)
    meeting.refresh_from_db()
    assert {r.due_at for r in reminders()} == {meeting.start_at - timedelta(minutes=15)}
    services.cancel(meeting, alice)
    assert not reminders().exists()
    assert Notification.objects.filter(recipient=bob, kind="meeting_cancelled").count() == 1
