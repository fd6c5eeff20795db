"""Recruitment's notifications (notifications.kinds, registered in apps.py): the candidate
hears of every change of their application and of invitations; the employer's staff hear
of applications arriving, withdrawals and answers to invitations."""

from __future__ import annotations

from accounts.models import OrganisationMembership

APPLICATION_STATUS = "job_application_status"
APPLICATION_RECEIVED = "job_application_received"
INVITATION = "job_invitation"
INVITATION_ANSWER = "job_invitation_answer"
FAIR_ADMISSION = "job_fair_admission"

STATUS_ZH = {
    "new": "已投递",
    "viewed": "已查看",
    "shortlisted": "已入围",
    "interview": "面试",
    "offer": "录用意向（Offer）",
    "hired": "已录用",
    "rejected": "未通过",
    "withdrawn": "已撤回",
}
STATUS_EN = {
    "new": "Applied",
    "viewed": "Viewed",
    "shortlisted": "Shortlisted",
    "interview": "Interview",
    "offer": "Offer",
    "hired": "Hired",
    "rejected": "Not selected",
    "withdrawn": "Withdrawn",
}


def register_kinds() -> None:
    from notifications.kinds import register_kind

    register_kind(APPLICATION_STATUS, label_zh="求职申请进度", label_en="My job applications", email_default=True)
    register_kind(
        APPLICATION_RECEIVED, label_zh="收到的求职申请", label_en="Applications received", email_default=False
    )
    register_kind(INVITATION, label_zh="职位邀请", label_en="Invitations to apply", email_default=True)
    register_kind(
        INVITATION_ANSWER, label_zh="职位邀请的答复", label_en="Answers to my invitations", email_default=False
    )
    register_kind(FAIR_ADMISSION, label_zh="招聘会入驻审核", label_en="Job fair admissions", email_default=True)


def _staff(organisation_id: int) -> list[int]:
    return list(
        OrganisationMembership.objects.filter(organisation_id=organisation_id).values_list("user_id", flat=True)
    )


def _titles(job) -> tuple[str, str]:
    from recruitment.job_access import job_titles

    return job_titles(job)


def _board_url(job) -> str:
    return f"/recruitment/employer/applications/?job={job.pk}"


def status_changed(application) -> None:
    from notifications.services import notify

    zh, en = _titles(application.job)
    status = application.status
    notify(
        application.candidate_id,
        APPLICATION_STATUS,
        title_zh=f"您的申请「{zh}」：{STATUS_ZH[status]}",
        title_en=f"Your application “{en}”: {STATUS_EN[status]}",
        url=f"/recruitment/me/applications/#application-{application.pk}",
        context={"application": application.pk, "status": status},
    )


def application_received(application) -> None:
    from notifications.services import notify

    zh, en = _titles(application.job)
    name = application.candidate.public_name
    notify(
        _staff(application.job.organisation_id),
        APPLICATION_RECEIVED,
        title_zh=f"新申请：{name} 申请「{zh}」",
        title_en=f"New application: {name} for “{en}”",
        url=_board_url(application.job),
        context={"application": application.pk},
    )


def withdrawn(application) -> None:
    from notifications.services import notify

    zh, en = _titles(application.job)
    name = application.candidate.public_name
    notify(
        _staff(application.job.organisation_id),
        APPLICATION_RECEIVED,
        title_zh=f"{name} 撤回了对「{zh}」的申请",
        title_en=f"{name} withdrew the application for “{en}”",
        url=_board_url(application.job),
        context={"application": application.pk, "status": "withdrawn"},
    )


def invited(invitation) -> None:
    from notifications.services import notify
    from recruitment.job_access import organisation_name

    zh, en = _titles(invitation.job)
    org = invitation.job.organisation
    notify(
        invitation.candidate_id,
        INVITATION,
        title_zh=f"{org.name} 邀请您申请「{zh}」",
        title_en=f"{org.name_en or org.name} invites you to apply for “{en}”",
        body_zh=invitation.message,
        body_en=invitation.message,
        url="/recruitment/me/invitations/",
        context={"invitation": invitation.pk, "organisation": organisation_name(org)},
    )


def invitation_answered(invitation) -> None:
    from notifications.services import notify

    zh, en = _titles(invitation.job)
    name = invitation.candidate.public_name
    accepted = invitation.state == "accepted"
    notify(
        _staff(invitation.job.organisation_id),
        INVITATION_ANSWER,
        title_zh=f"{name} {'接受' if accepted else '谢绝'}了「{zh}」的邀请",
        title_en=f"{name} {'accepted' if accepted else 'declined'} your invitation for “{en}”",
        url=_board_url(invitation.job),
        context={"invitation": invitation.pk, "state": invitation.state},
    )


def fair_decided(place) -> None:
    """The organisation's staff hear whether the organizers admitted it to a job fair (or
    refused it, with the reason)."""
    from notifications.services import notify

    zone = place.zone
    zh_name, en_name = zone.name, zone.name_en or zone.name
    if place.status == "admitted":
        title_zh, title_en = f"已入驻「{zh_name}」", f"Admitted to “{en_name}”"
    else:
        title_zh, title_en = f"未通过「{zh_name}」的入驻审核", f"Not admitted to “{en_name}”"
    notify(
        _staff(place.organisation_id),
        FAIR_ADMISSION,
        title_zh=title_zh,
        title_en=title_en,
        body_zh=place.reason,
        body_en=place.reason,
        url="/jobs/employer/",
        context={"zone": zone.slug, "status": place.status},
    )
