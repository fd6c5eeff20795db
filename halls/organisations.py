"""What halls does when the organizers verify or reject an organisation (我要参展,
docs/organisations.md): its administrators are told, through the site's notifications
(notifications.services.notify: stored, live in their inbox, mailed by preference) once that
app provides it, by e-mail until then. Registered with accounts.organisations.on_decision."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail

from accounts.models import Organisation, OrganisationMembership, User
from accounts.organisations import admin_page

logger = logging.getLogger(__name__)

KIND_VERIFIED = "organisation.verified"
KIND_REJECTED = "organisation.rejected"


def register_kinds() -> None:
    try:
        from notifications.kinds import register_kind
    except ImportError:  # the notifications app has not landed its kinds yet
        return
    register_kind(KIND_VERIFIED, label_zh="参展单位审核通过", label_en="Organisation verified", email_default=True)
    register_kind(
        KIND_REJECTED, label_zh="参展单位审核未通过", label_en="Organisation not verified", email_default=True
    )


def texts(organisation: Organisation) -> dict[str, str]:
    name_en = organisation.name_en or organisation.name
    if organisation.status == Organisation.Status.VERIFIED:
        return {
            "kind": KIND_VERIFIED,
            "title_zh": f"「{organisation.name}」已通过审核",
            "title_en": f"{name_en} is verified",
            "body_zh": "您的单位已通过组委会审核，现在可以申请展位。",
            "body_en": "The organizers verified your organisation: you can now apply for a booth.",
        }
    return {
        "kind": KIND_REJECTED,
        "title_zh": f"「{organisation.name}」未通过审核",
        "title_en": f"{name_en} was not verified",
        "body_zh": f"原因：{organisation.rejection_reason}\n请修改登记信息后重新提交。",
        "body_en": f"Reason: {organisation.rejection_reason}\nPlease correct the registration and submit it again.",
    }


def organisation_decided(organisation: Organisation) -> None:
    admins = list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=OrganisationMembership.Role.ADMIN,
        )
    )
    if not admins:
        return
    message = texts(organisation)
    url = admin_page(organisation)
    try:
        from notifications.services import notify
    except ImportError:
        notify = None
    if notify is not None:
        kind = message.pop("kind")
        notify(admins, kind, url=url, context={"organisation": organisation.pk}, **message)
        return
    subject = f"{message['title_zh']} {message['title_en']}"
    body = f"{message['body_zh']}\n\n{message['body_en']}\n\n{url}\n"
    addresses = [u.email for u in admins if u.email]
    if addresses:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses, fail_silently=True)
