"""`{% apply_box job %}`: the apply form of a job page (recruitment/_apply.html includes it):
the reader's résumés, or why they cannot apply (closed, past the deadline, applied already)."""

from __future__ import annotations

from django import template

from recruitment import candidate_selectors, job_access
from recruitment.models.applications import Application

register = template.Library()


@register.inclusion_tag("recruitment/_apply_box.html", takes_context=True)
def apply_box(context, job):
    request = context.get("request")
    user = getattr(request, "user", None)
    out = {
        "job": job,
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "resumes": [],
        "application": None,
        "refusal": None,
    }
    if user is None or not user.is_authenticated:
        return out
    out["application"] = Application.objects.filter(job=job, candidate=user).first()
    refusal = job_access.job_refusal(job)
    if refusal is not None:
        from frontend.views.recruitment_candidates import in_language

        out["refusal"] = in_language(refusal[1])
    out["resumes"] = list(candidate_selectors.my_resumes(user))
    profile = getattr(user, "candidate_profile", None)
    out["default_resume"] = profile.default_resume_id if profile else None
    return out
