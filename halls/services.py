"""Writes of the exhibition: the exhibitor flow (参展流程), booths and their visits.

The flow, one application:

    submitted ─┬─> approved ──> confirmation_sent ──> confirmed ──> live
               └─> rejected (with a reason the exhibitor sees)

Every transition is checked against TRANSITIONS, stored as an ApplicationStateChange and
mailed (halls.notifications) once the transaction commits. Refusals are
ValidationError (the input or the moment is wrong) or PermissionDenied (the person is).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from accounts import limits
from accounts.i18n import bilingual
from accounts.models import Organisation
from accounts.text import clean_text
from halls import rules, staffroom, uploads
from halls.confirmation import render_confirmation
from halls.models import (
    ApplicationStateChange,
    Board,
    Booth,
    BoothApplication,
    BoothTemplate,
    BoothVisit,
    Zone,
)
from halls.notifications import notify_state_change
from live.models import Room

Status = BoothApplication.Status

TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.APPROVED, Status.REJECTED},
    Status.APPROVED: {Status.CONFIRMATION_SENT},
    Status.CONFIRMATION_SENT: {Status.CONFIRMED},
    Status.CONFIRMED: {Status.LIVE},
    Status.REJECTED: set(),
    Status.LIVE: set(),
}
OPEN_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.CONFIRMATION_SENT, Status.CONFIRMED)


def _local(dt: datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M %Z")


def check_applications_open(*, zone: Zone, now: datetime | None = None) -> None:
    close_at = zone.hall.applications_close_at
    now = now or timezone.now()
    if close_at is not None and now > close_at:
        raise ValidationError(
            bilingual(
                _("Booth applications closed on %(date)s; late applications are not accepted."),
                date=_local(close_at),
            ),
            code="deadline_passed",
        )


@transaction.atomic
def apply_for_booth(
    *,
    user,
    organisation: Organisation,
    zone: Zone,
    board: Board | None = None,
    booth_type: str = BoothApplication.BoothType.ONLINE_HALL,
    template: str = BoothTemplate.STANDARD,
    booth_name: str = "",
    booth_name_en: str = "",
    contact_name: str,
    contact_phone: str,
    contact_email: str,
    now: datetime | None = None,
) -> BoothApplication:
    """申请展位: staff of the organisation apply for an online booth in a zone (and board)."""
    rules.require_exhibitor_staff(user, organisation.pk)
    rules.require_verified_organisation(organisation)
    now = now or timezone.now()
    check_applications_open(zone=zone, now=now)
    if board is None and zone.boards.exists():
        raise ValidationError({"board": bilingual(_("Choose a board of this zone."))}, code="board_required")
    if BoothApplication.objects.filter(organisation=organisation, zone=zone, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            bilingual(_("Your organisation already has an application in progress for this zone.")),
            code="duplicate",
        )
    limits.check("application", user)  # each application is mailed to the organizers
    application = BoothApplication(
        hall=zone.hall,
        organisation=organisation,
        applicant=user,
        zone=zone,
        board=board,
        booth_type=booth_type,
        template=template,
        booth_name=clean_text(booth_name, multiline=False) or organisation.name,
        booth_name_en=clean_text(booth_name_en, multiline=False) or organisation.name_en,
        contact_name=clean_text(contact_name, multiline=False),
        contact_phone=clean_text(contact_phone, multiline=False),
        contact_email=clean_text(contact_email, multiline=False),
        status=Status.SUBMITTED,
        submitted_at=now,
    )
    application.full_clean()
    application.save()
    _record(application, from_status="", actor=user, note="", at=now)
    limits.count("application", user)
    return application


def _record(application: BoothApplication, *, from_status: str, actor, note: str, at: datetime) -> None:
    ApplicationStateChange.objects.create(
        application=application, from_status=from_status, to_status=application.status, actor=actor, note=note, at=at
    )
    notify_state_change(application, note=note)


def _locked(application: BoothApplication) -> BoothApplication:
    """Re-read under a row lock so that two organizers clicking at once make one transition."""
    return (
        BoothApplication.objects.select_for_update(of=("self",))
        .select_related("zone__hall", "board", "organisation")
        .get(pk=application.pk)
    )


def _move(application: BoothApplication, to: str, *, actor, note: str = "", now: datetime | None = None) -> None:
    if to not in TRANSITIONS[application.status]:
        raise ValidationError(
            bilingual(
                _("An application that is %(status)s cannot become %(to)s."),
                status=application.get_status_display(),
                to=Status(to).label,
            ),
            code="bad_transition",
        )
    from_status = application.status
    application.status = to
    application.save()
    _record(application, from_status=from_status, actor=actor, note=note, at=now or timezone.now())


@transaction.atomic
def approve_application(
    *, application: BoothApplication, user, note: str = "", send_confirmation: bool = True
) -> BoothApplication:
    """Organizer review: approve; by default the confirmation document goes out at once."""
    rules.require_organizer(user)
    application = _locked(application)
    now = timezone.now()
    application.reviewed_by, application.reviewed_at = user, now
    _move(application, Status.APPROVED, actor=user, note=clean_text(note), now=now)
    if send_confirmation:
        application = generate_confirmation(application=application, user=user)
    return application


@transaction.atomic
def reject_application(*, application: BoothApplication, user, reason: str) -> BoothApplication:
    """Organizer review: reject with a reason, which the exhibitor sees and is mailed."""
    rules.require_organizer(user)
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": bilingual(_("Give the exhibitor a reason."))}, code="reason_required")
    application = _locked(application)
    now = timezone.now()
    application.reviewed_by, application.reviewed_at = user, now
    application.rejection_reason = reason
    _move(application, Status.REJECTED, actor=user, note=reason, now=now)
    return application


@transaction.atomic
def generate_confirmation(*, application: BoothApplication, user) -> BoothApplication:
    """Store the confirmation agreement for the exhibitor to sign and send it out."""
    rules.require_organizer(user)
    application = _locked(application)
    if Status.CONFIRMATION_SENT not in TRANSITIONS[application.status]:
        _move(application, Status.CONFIRMATION_SENT, actor=user)  # raises the clear error
    html = render_confirmation(application)
    # A random name: the file may be served from MEDIA_URL, and must not be guessable.
    name = f"confirmation-{application.pk}-{get_random_string(16)}.html"
    application.confirmation_document.save(name, ContentFile(html.encode("utf-8")), save=False)
    application.confirmation_sent_at = timezone.now()
    _move(application, Status.CONFIRMATION_SENT, actor=user, now=application.confirmation_sent_at)
    return application


@transaction.atomic
def upload_signed_confirmation(*, application: BoothApplication, user, upload) -> BoothApplication:
    """The exhibitor uploads the signed, stamped scan: PDF, PNG or JPEG by content."""
    rules.require_exhibitor_staff(user, application.organisation_id)
    application = _locked(application)
    if application.status != Status.CONFIRMATION_SENT:
        raise ValidationError(
            bilingual(
                _("A signed confirmation can only be uploaded after the organizers sent the agreement, and only once.")
            ),
            code="bad_transition",
        )
    checked = uploads.check(
        upload,
        uploads.SIGNED_CONFIRMATION_KINDS,
        max_bytes=uploads.limit("MAX_SIGNED_CONFIRMATION_BYTES"),
        what="signed confirmation",
    )
    name = f"signed-{application.pk}-{get_random_string(16)}.{checked.kind.extension}"
    application.signed_confirmation.save(name, checked.content, save=False)
    application.signed_content_type = checked.kind.content_type
    application.signed_uploaded_at = timezone.now()
    _move(application, Status.CONFIRMED, actor=user, now=application.signed_uploaded_at)
    return application


@transaction.atomic
def go_live(*, application: BoothApplication, user) -> Booth:
    """Organizers open the booth: it gets its place in the street and its live room."""
    rules.require_organizer(user)
    application = _locked(application)
    if Status.LIVE not in TRANSITIONS[application.status]:
        _move(application, Status.LIVE, actor=user)  # raises the clear error
    booth = create_booth(
        organisation=application.organisation,
        zone=application.zone,
        board=application.board,
        template=application.template,
        name=application.booth_name,
        name_en=application.booth_name_en,
        status=Booth.Status.LIVE,
    )
    application.booth = booth
    _move(application, Status.LIVE, actor=user)
    return booth


@transaction.atomic
def create_booth(
    *,
    organisation: Organisation,
    zone: Zone,
    board: Board | None = None,
    template: str = BoothTemplate.STANDARD,
    name: str,
    name_en: str = "",
    description: str = "",
    description_en: str = "",
    status: str = Booth.Status.DRAFT,
) -> Booth:
    """A booth at the next free place of its zone's (or board's) street, with its live room."""
    # Lock the zone: two booths going live at once must not take the same place.
    zone = Zone.objects.select_for_update(of=("self",)).select_related("hall").get(pk=zone.pk)
    if board is not None and board.zone_id != zone.pk:
        raise ValidationError({"board": "This board belongs to another zone."})
    last = Booth.objects.filter(zone=zone, board=board).aggregate(m=Max("position"))["m"] or 0
    position = last + 1
    number = f"{zone.code}{board.code if board else ''}-{position:02d}"
    room = Room.objects.create(
        slug=f"booth-{zone.hall.slug}-{number}".lower(), kind="booth", name=name[:200], allow_guests=True
    )
    booth = Booth(
        organisation=organisation,
        zone=zone,
        board=board,
        position=position,
        number=number,
        template=template,
        name=name,
        name_en=name_en,
        description=description,
        description_en=description_en,
        status=status,
        room=room,
    )
    booth.full_clean()
    booth.save()
    staffroom.staff_room(organisation)  # where its staff will see visitors' requests
    return booth


@transaction.atomic
def update_booth_details(
    *,
    booth: Booth,
    user,
    name: str | None = None,
    name_en: str | None = None,
    description: str | None = None,
    description_en: str | None = None,
) -> Booth:
    rules.require_booth_staff_or_organizer(user, booth)
    for field, value in (
        ("name", name),
        ("name_en", name_en),
        ("description", description),
        ("description_en", description_en),
    ):
        if value is not None:
            setattr(booth, field, value)
    booth.full_clean()
    booth.save()
    if name is not None:
        Room.objects.filter(pk=booth.room_id).update(name=booth.name[:200])
    return booth


@transaction.atomic
def set_booth_logo(*, booth: Booth, user, upload) -> Booth:
    rules.require_booth_staff_or_organizer(user, booth)
    checked = uploads.check(upload, uploads.LOGO_KINDS, max_bytes=uploads.limit("MAX_LOGO_BYTES"), what="logo")
    old = booth.logo.name if booth.logo else ""
    booth.logo.save(f"logo-{booth.pk}-{get_random_string(12)}.{checked.kind.extension}", checked.content, save=True)
    if old:
        booth.logo.storage.delete(old)
    return booth


def record_visit_start(*, booth: Booth, user=None, session_key: str = "", at: datetime | None = None) -> BoothVisit:
    """Someone entered a booth (the booth room's join, or the booth page's first view)."""
    visitor = user if user is not None and user.is_authenticated else None
    if visitor is None and not session_key:
        raise ValidationError("A visit needs a visitor or a session key.", code="anonymous_visit")
    return BoothVisit.objects.create(
        booth=booth, visitor=visitor, session_key=session_key[:64], entered_at=at or timezone.now()
    )


def record_visit_end(*, visit: BoothVisit, at: datetime | None = None) -> BoothVisit:
    """Someone left; idempotent (the first end wins) and never before the visit started."""
    at = max(at or timezone.now(), visit.entered_at)
    BoothVisit.objects.filter(pk=visit.pk, left_at__isnull=True).update(left_at=at)
    visit.refresh_from_db(fields=["left_at"])
    return visit
