"""The exhibitor flow through the services: every step, every refusal, the history and the mail."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from halls import services
from halls.models import ApplicationStateChange, Booth, BoothApplication
from live.models import Room

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def statuses(application):
    return list(ApplicationStateChange.objects.filter(application=application).values_list("from_status", "to_status"))


def test_whole_flow_records_every_state_and_mails_each_step(
    commit, staff_a, org_a, zone, organizer, files, apply_fields
):
    with commit():
        application = services.apply_for_booth(
            user=staff_a, organisation=org_a, zone=zone, booth_name_en="Alpha booth", **apply_fields()
        )
    assert application.status == "submitted"
    assert application.booth_type == "online_hall"
    assert application.booth_name == org_a.name  # defaults to the organisation's name
    # The exhibitor hears it arrived, and so do the organizers.
    assert [m.to for m in mail.outbox] == [
        ["alice@example.org", "contact@alpha.example"],
        ["organizer@example.org"],
    ]

    with commit():
        application = services.approve_application(application=application, user=organizer)
    assert application.status == "confirmation_sent"
    assert application.reviewed_by == organizer
    with application.confirmation_document.open("rb") as stored:
        document = stored.read().decode()
    assert "展位确认协议" in document and org_a.name in document and zone.name in document

    with commit():
        application = services.upload_signed_confirmation(
            application=application, user=staff_a, upload=files.upload("scan.pdf", files.PDF)
        )
    assert application.status == "confirmed"
    assert application.signed_content_type == "application/pdf"
    assert application.signed_confirmation.name.endswith(".pdf")

    with commit():
        booth = services.go_live(application=application, user=organizer)
    application.refresh_from_db()
    assert application.status == "live" and application.booth == booth
    assert booth.status == Booth.Status.LIVE
    assert booth.number == "D-01" and booth.position == 1
    assert booth.name_en == "Alpha booth"
    assert booth.room.kind == "booth" and booth.room.slug == "booth-test-hall-d-01"

    assert statuses(application) == [
        ("", "submitted"),
        ("submitted", "approved"),
        ("approved", "confirmation_sent"),
        ("confirmation_sent", "confirmed"),
        ("confirmed", "live"),
    ]
    actors = list(ApplicationStateChange.objects.filter(application=application).values_list("actor", flat=True))
    assert actors == [staff_a.pk, organizer.pk, organizer.pk, staff_a.pk, organizer.pk]
    subjects = [m.subject for m in mail.outbox]
    for word in ("received", "approved", "Please sign", "Signed confirmation received", "live"):
        assert any(word in subject for subject in subjects), word
    assert any("D-01" in m.body for m in mail.outbox if "live" in m.subject)


def test_second_booth_in_same_board_takes_next_place(board, org_a, org_b):
    first = services.create_booth(organisation=org_a, zone=board.zone, board=board, name="A")
    second = services.create_booth(organisation=org_b, zone=board.zone, board=board, name="B")
    assert (first.number, second.number) == ("B9-01", "B9-02")
    assert first.room != second.room and Room.objects.filter(kind="booth").count() == 2


def test_deadline_boundary_is_the_plans_day_in_beijing_time(staff_a, org_a, zone, apply_fields):
    zone.hall.applications_close_at = datetime(2022, 5, 10, 23, 59, 59, tzinfo=SHANGHAI)
    zone.hall.save()
    on_time = services.apply_for_booth(
        user=staff_a, organisation=org_a, zone=zone, now=datetime(2022, 5, 10, 23, 0, tzinfo=SHANGHAI), **apply_fields()
    )
    assert on_time.status == "submitted"
    on_time.status = "rejected"  # out of the way of the duplicate check
    on_time.save()
    with pytest.raises(ValidationError) as refused:
        services.apply_for_booth(
            user=staff_a,
            organisation=org_a,
            zone=zone,
            now=datetime(2022, 5, 11, 0, 0, tzinfo=SHANGHAI),
            **apply_fields(),
        )
    assert refused.value.code == "deadline_passed"
    assert "2022-05-10 23:59" in refused.value.messages[0]
    assert "逾期不再受理" in refused.value.messages[0]
    assert BoothApplication.objects.count() == 1


def test_applications_after_the_deadline_are_refused_now(staff_a, org_a, zone, apply_fields):
    zone.hall.applications_close_at = datetime(2022, 5, 10, 23, 59, 59, tzinfo=SHANGHAI)
    zone.hall.save()
    with pytest.raises(ValidationError, match="closed on 2022-05-10"):
        services.apply_for_booth(user=staff_a, organisation=org_a, zone=zone, **apply_fields())
    assert not BoothApplication.objects.exists()


def test_only_staff_of_the_organisation_may_apply(staff_b, visitor, organizer, org_a, zone, apply_fields):
    for outsider in (staff_b, visitor, organizer):
        with pytest.raises(PermissionDenied):
            services.apply_for_booth(user=outsider, organisation=org_a, zone=zone, **apply_fields())
    assert not BoothApplication.objects.exists()


def test_a_zone_with_boards_needs_a_board_of_its_own(staff_a, org_a, regional, board, zone, apply_fields):
    with pytest.raises(ValidationError) as missing:
        services.apply_for_booth(user=staff_a, organisation=org_a, zone=regional, **apply_fields())
    assert "board" in missing.value.message_dict
    with pytest.raises(ValidationError) as foreign_board:
        services.apply_for_booth(user=staff_a, organisation=org_a, zone=zone, board=board, **apply_fields())
    assert "board" in foreign_board.value.message_dict
    ok = services.apply_for_booth(user=staff_a, organisation=org_a, zone=regional, board=board, **apply_fields())
    assert ok.board == board


def test_bad_contact_and_duplicate_application_are_refused(staff_a, org_a, zone, submitted, apply_fields):
    with pytest.raises(ValidationError) as duplicate:
        services.apply_for_booth(user=staff_a, organisation=org_a, zone=zone, **apply_fields())
    assert duplicate.value.code == "duplicate"
    submitted.status = "rejected"
    submitted.save()
    with pytest.raises(ValidationError) as bad_email:
        services.apply_for_booth(
            user=staff_a, organisation=org_a, zone=zone, **apply_fields(contact_email="not-an-address")
        )
    assert "contact_email" in bad_email.value.message_dict


def test_non_organizers_cannot_review_or_open_booths(submitted, staff_a, staff_b, visitor):
    for person in (staff_a, staff_b, visitor):
        with pytest.raises(PermissionDenied):
            services.approve_application(application=submitted, user=person)
        with pytest.raises(PermissionDenied):
            services.reject_application(application=submitted, user=person, reason="no")
        with pytest.raises(PermissionDenied):
            services.generate_confirmation(application=submitted, user=person)
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert statuses(submitted) == [("", "submitted")]


def test_rejection_needs_a_reason_which_the_exhibitor_sees_and_is_mailed(commit, submitted, organizer):
    with pytest.raises(ValidationError) as no_reason:
        services.reject_application(application=submitted, user=organizer, reason="  ")
    assert "reason" in no_reason.value.message_dict
    mail.outbox.clear()
    with commit():
        services.reject_application(application=submitted, user=organizer, reason="展位已满 / the zone is full")
    submitted.refresh_from_db()
    assert submitted.status == "rejected"
    assert submitted.rejection_reason == "展位已满 / the zone is full"
    assert statuses(submitted)[-1] == ("submitted", "rejected")
    assert ApplicationStateChange.objects.filter(application=submitted).last().note == submitted.rejection_reason
    assert len(mail.outbox) == 1
    assert "not approved" in mail.outbox[0].subject
    assert "展位已满 / the zone is full" in mail.outbox[0].body
    # A rejected application cannot be approved afterwards.
    with pytest.raises(ValidationError) as late:
        services.approve_application(application=submitted, user=organizer)
    assert late.value.code == "bad_transition"


def test_steps_out_of_order_are_refused(submitted, organizer, staff_a, files):
    with pytest.raises(ValidationError):
        services.upload_signed_confirmation(
            application=submitted, user=staff_a, upload=files.upload("scan.pdf", files.PDF)
        )
    with pytest.raises(ValidationError) as not_yet:
        services.go_live(application=submitted, user=organizer)
    assert not_yet.value.code == "bad_transition"
    assert not Booth.objects.exists() and not Room.objects.exists()


def test_approving_twice_is_one_transition(confirmation_sent, organizer):
    with pytest.raises(ValidationError):
        services.approve_application(application=confirmation_sent, user=organizer)
    assert [s for s in statuses(confirmation_sent) if s[1] == "approved"] == [("submitted", "approved")]


def test_another_organisation_cannot_upload_the_signed_confirmation(confirmation_sent, staff_b, files):
    with pytest.raises(PermissionDenied):
        services.upload_signed_confirmation(
            application=confirmation_sent, user=staff_b, upload=files.upload("scan.pdf", files.PDF)
        )
    confirmation_sent.refresh_from_db()
    assert confirmation_sent.status == "confirmation_sent" and not confirmation_sent.signed_confirmation


def test_going_live_twice_makes_one_booth(booth_a, organizer):
    application = booth_a.application
    with pytest.raises(ValidationError):
        services.go_live(application=application, user=organizer)
    assert Booth.objects.count() == 1
