"""The 征集表 import end to end through its services and the (eager) Celery task: per-row
errors with nothing created, the corrected file creating everything once, re-imports that
create nothing twice, valid rows only, CSV, the non-public queue and the activation mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from accounts.models import Organisation, OrganisationMembership, User
from matchmaking.imports import services
from matchmaking.imports.samples import demo_sheets, row
from matchmaking.models import Posting
from matchmaking.models.challenges import Challenge
from matchmaking.models.imports import ImportJob

pytestmark = pytest.mark.django_db(transaction=True)


def run(user, upload, mode="all", kind=""):
    job = services.upload(user, upload, mode=mode, kind=kind)
    return services.start(user, job)


def counts():
    return Organisation.objects.count(), User.objects.filter(is_active=False).count(), Posting.objects.count()


def test_bad_file_creates_nothing_and_says_which_cell(organizer, make_file):
    job = run(organizer, make_file(demo_sheets(bad=True)))
    assert job.status == ImportJob.Status.REJECTED
    assert counts() == (0, 0, 0) and not Challenge.objects.exists()
    errors = {(e.sheet.split()[0], e.row, e.column, e.code) for e in job.errors.all()}
    assert errors == {
        ("项目合作", 2, "registration", "credit_code_invalid"),
        ("项目合作", 3, "contact_email", "invalid"),
        ("项目合作", 4, "deadline", "deadline_passed"),
        ("人才需求", 2, "reference", "required"),
        ("人力资源服务", 2, "public", "invalid_choice"),
    }
    error = job.errors.get(column="contact_email")
    assert error.message.startswith("联系邮箱") and error.message_en.startswith("Contact e-mail")
    assert (job.error_rows, job.processed_rows, job.created_count) == (5, 6, 0)
    with job.report.open("rb") as handle:
        report = handle.read().decode("utf-8-sig")
    assert "未导入 not imported" in report and "错误 error" in report
    assert not mail.outbox


def test_corrected_file_imports_everything_once_and_again_nothing(organizer, make_file):
    job = run(organizer, make_file(demo_sheets()))
    assert job.status == ImportJob.Status.DONE, job.message
    assert (job.created_count, job.updated_count, job.error_rows) == (6, 0, 0)
    # rows 1-2 -> org 0, rows 3-5 -> org 1, row 6 -> org 2 (three postings per organisation)
    assert Organisation.objects.count() == 3 and Posting.objects.count() == 6
    assert User.objects.filter(is_active=False).count() == 3
    for org in Organisation.objects.all():
        assert OrganisationMembership.objects.filter(organisation=org, role="admin").count() == 1
    challenge = Challenge.objects.get()
    assert challenge.posting.featured and challenge.posting.reference == "REQ-000001"
    hidden = Posting.objects.get(reference="REQ-000003")
    assert hidden.visibility == Posting.Visibility.ORGANIZERS
    assert len(mail.outbox) == 3 and "/accounts/activate/" in mail.outbox[0].body
    again = run(organizer, make_file(demo_sheets()))
    assert again.status == ImportJob.Status.DONE
    assert (again.created_count, again.updated_count, again.skipped_count) == (0, 0, 6)
    assert Organisation.objects.count() == 3 and Posting.objects.count() == 6 and Challenge.objects.count() == 1
    assert len(mail.outbox) == 3  # no second activation mail
    # A corrected title updates the posting in place.
    sheets = demo_sheets()
    sheets["hr_services"][0]["title"] = "国际猎头服务（更新）"
    third = run(organizer, make_file(sheets))
    assert (third.created_count, third.updated_count, third.skipped_count) == (0, 1, 5)
    assert Posting.objects.get(reference="REQ-000006").title == "国际猎头服务（更新）"


def test_valid_rows_mode_imports_exactly_the_valid_ones(organizer, make_file):
    job = run(organizer, make_file(demo_sheets(bad=True)), mode="valid_rows")
    assert job.status == ImportJob.Status.DONE
    assert job.created_count == 1 and job.error_rows == 5
    assert list(Posting.objects.values_list("reference", flat=True)) == ["REQ-000005"]


def test_same_reference_twice_in_a_file_and_name_of_another_org(organizer, make_file):
    Organisation.objects.create(name="已有机构", contact_email="old@example.org")
    rows = [row(0), row(1, reference="REQ-000000"), row(9, org_name="已有机构", registration="")]
    job = run(organizer, make_file({"project_cooperation": rows}))
    assert job.status == ImportJob.Status.REJECTED
    codes = {(e.row, e.code) for e in job.errors.all()}
    assert codes == {(3, "duplicate_reference"), (4, "organisation_mismatch")}
    assert Posting.objects.count() == 0 and Organisation.objects.count() == 1


def test_csv_in_gb18030_with_a_kind_column(organizer, make_file):
    upload = make_file(
        csv_rows=[row(0, subkind=""), row(1, subkind="")], name="征集表.csv", with_kind="人才需求", encoding="gb18030"
    )
    job = run(organizer, upload)
    assert job.status == ImportJob.Status.DONE, list(job.errors.values_list("message_en", flat=True))
    assert set(Posting.objects.values_list("kind", flat=True)) == {"talent_demand"}
    assert Posting.objects.get(reference="REQ-000000").title == "智能制造技术需求 0"


def test_file_problems_are_refused_clearly(organizer, make_file):
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as refused:
        services.upload(organizer, SimpleUploadedFile("x.xlsx", b"\x00\x01binary"))
    assert "file" in refused.value.message_dict
    attendee = User.objects.create_user("a", password="pw")
    with pytest.raises(PermissionDenied):
        services.upload(attendee, make_file(demo_sheets()))
    # A CSV without the required columns: the header is the problem, said once.
    job = run(organizer, SimpleUploadedFile("x.csv", "标题,预算\n甲,1\n".encode()))
    assert job.status == ImportJob.Status.REJECTED
    assert {e.column for e in job.errors.all()} == {"org_name", "contact_name", "contact_email", "reference"}
    # A past deadline of a challenge row.
    past = row(0, challenge="是", deadline=dt.date.today() - dt.timedelta(days=1))
    job = run(organizer, make_file({"project_cooperation": [past]}))
    assert [e.code for e in job.errors.all()] == ["deadline_passed"]


def test_a_row_rolled_back_leaves_nothing_behind_for_the_next(organizer, make_file):
    """Row 2 creates its organisation and fails at the posting (unknown field): its savepoint
    rolls the organisation back, and row 3 of the same organisation creates it again."""
    rows = [row(0, fields="不存在的领域"), row(1)]
    job = run(organizer, make_file({"project_cooperation": rows}), mode="valid_rows")
    assert job.status == ImportJob.Status.DONE
    assert [e.code for e in job.errors.all()] == ["unknown_field"]
    assert list(Posting.objects.values_list("reference", flat=True)) == ["REQ-000001"]
    assert Organisation.objects.count() == 1 and Posting.objects.get().organisation == Organisation.objects.get()
