"""E-mails about applications, in Chinese and English, through Django's mail backend
(the console backend unless EMAIL_BACKEND says otherwise)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from halls.models import BoothApplication

SUBJECTS = {
    BoothApplication.Status.SUBMITTED: "展位申请已提交 Booth application received",
    BoothApplication.Status.APPROVED: "展位申请已通过 Booth application approved",
    BoothApplication.Status.REJECTED: "展位申请未通过 Booth application not approved",
    BoothApplication.Status.CONFIRMATION_SENT: "请签署展位确认协议 Please sign the booth confirmation",
    BoothApplication.Status.CONFIRMED: "已收到签署的确认协议 Signed confirmation received",
    BoothApplication.Status.LIVE: "展位已上线 Your booth is live",
}

BODIES = {
    BoothApplication.Status.SUBMITTED: "我们已收到您的网上展位申请，组委会将尽快审核。\n"
    "We have received your online booth application; the organizers will review it shortly.",
    BoothApplication.Status.APPROVED: "您的网上展位申请已审核通过。\nYour online booth application has been approved.",
    BoothApplication.Status.REJECTED: "很遗憾，您的网上展位申请未通过审核。\n"
    "We are sorry: your online booth application was not approved.",
    BoothApplication.Status.CONFIRMATION_SENT: "请在参展商后台下载展位确认协议，签署并加盖单位公章后上传扫描件。\n"
    "Please download the booth confirmation from the exhibitor area, sign and stamp it, and upload the scan.",
    BoothApplication.Status.CONFIRMED: "我们已收到签署的展位确认协议。\n"
    "We have received the signed booth confirmation.",
    BoothApplication.Status.LIVE: "您的展位已在虚拟展厅上线。\nYour booth is now live in the virtual exhibition.",
}


def organizer_addresses() -> list[str]:
    configured = getattr(settings, "HALLS", {}).get("ORGANIZER_EMAILS")
    if configured:
        return list(configured)
    users = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def notify_state_change(application: BoothApplication, *, note: str = "") -> None:
    """Mail the exhibitor (and, for steps that need them, the organizers) once committed."""
    status = application.status
    lines = [
        BODIES[status],
        "",
        f"申请编号 Application: #{application.pk}",
        f"单位 Organisation: {application.organisation.name}",
        f"专区 Zone: {application.zone.name} / {application.zone.name_en}",
    ]
    if application.board_id:
        lines.append(f"板块 Board: {application.board.name} / {application.board.name_en}")
    if application.booth_id:
        lines.append(f"展位号 Booth: {application.booth.number}")
    if note:
        lines += ["", f"说明 Note: {note}"]
    subject = f"[CIEP 2022] {SUBJECTS[status]} #{application.pk}"
    body = "\n".join(lines)
    exhibitor = sorted({application.contact_email, application.applicant.email} - {""})
    organizers = []
    if status in (BoothApplication.Status.SUBMITTED, BoothApplication.Status.CONFIRMED):
        organizers = organizer_addresses()
    from_email = getattr(settings, "HALLS", {}).get("FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL

    def send() -> None:
        if exhibitor:
            send_mail(subject, body, from_email, exhibitor)
        if organizers:
            send_mail(f"[CIEP 2022 组委会] {SUBJECTS[status]} #{application.pk}", body, from_email, organizers)

    transaction.on_commit(send)
