"""The candidates' half of recruitment's AppConfig.ready(): notification kinds, privacy
hooks (download my data, delete my account) and the upload guard of the résumé uploads."""

from __future__ import annotations

from typing import Any

MB = 1024 * 1024


def _any_logged_in(user, params) -> None:
    """Anyone logged in uploads their own résumés (the guard refuses guests with 401)."""


def _upload_bytes(params) -> int:
    from recruitment.resume_files import max_resume_bytes

    return max_resume_bytes() + MB  # the form's other fields and multipart framing


def export(user) -> dict[str, Any]:
    from recruitment import candidate_selectors as sel
    from recruitment import talent
    from recruitment.models.applications import Application
    from recruitment.models.candidates import CandidateProfile, Resume

    profile = CandidateProfile.objects.filter(user=user).first()
    return {
        "candidate_profile": sel.profile_out(profile) if profile else None,
        "resumes": [sel.resume_out(r, with_text=True) for r in Resume.objects.filter(owner=user)],
        "applications": [sel.application_out(a, user, employer=False) for a in sel.my_applications(user)],
        "invitations": [sel.invitation_out(i) for i in sel.my_invitations(user)],
        "resume_downloads": [sel.download_out(d) for d in talent.downloads_of(user)],
        "applications_count": Application.objects.filter(candidate=user).count(),
    }


def erase(user) -> None:
    """A deleted account takes its applications, invitations, résumés (files too) and
    candidate profile with it: an employer keeps nothing of a person who left."""
    from django.db import transaction

    from recruitment.models.applications import Application, Invitation
    from recruitment.models.candidates import CandidateProfile, Resume

    Invitation.objects.filter(candidate=user).delete()
    Application.objects.filter(candidate=user).delete()
    CandidateProfile.objects.filter(user=user).delete()
    files = [r.file for r in Resume.objects.filter(owner=user)]
    Resume.objects.filter(owner=user).delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


def ready() -> None:
    from accounts import upload_guard
    from accounts.privacy import register_erasure, register_export
    from recruitment import notices

    notices.register_kinds()
    register_export("recruitment_candidate", export)
    register_erasure(erase)
    for pattern in (r"/api/recruitment/me/resumes", r"/recruitment/me/resumes/"):
        upload_guard.register(pattern, max_bytes=_upload_bytes, check=_any_logged_in)
