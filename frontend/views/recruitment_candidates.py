"""A candidate's recruitment pages: my candidate profile and résumés (/recruitment/me/),
applying from a job page (the form of recruitment/_apply.html), my applications (with
withdraw), my invitations (accept with a résumé, or decline: 双向选择).

Server-rendered forms that call recruitment's services (the same rules as the JSON API,
/api/recruitment/…); refusals come back as messages above the page, in the reader's
language where the service gave both."""

from __future__ import annotations

import logging
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.countries import language_choices
from accounts.i18n import english_active, localized
from frontend.views.accounts import interest_choices
from recruitment import applications, candidates, job_access, talent
from recruitment import candidate_selectors as sel
from recruitment.models.applications import Status
from recruitment.resume_files import max_resume_bytes

logger = logging.getLogger(__name__)


def status_labels() -> dict[str, str]:
    return {
        "new": _("Applied"),
        "viewed": _("Viewed by the employer"),
        "shortlisted": _("Shortlisted"),
        "interview": _("Interview"),
        "offer": _("Offer"),
        "hired": _("Hired"),
        "rejected": _("Not selected"),
        "withdrawn": _("Withdrawn"),
        "pending": _("Waiting for your answer"),
        "accepted": _("Accepted"),
        "declined": _("Declined"),
    }


def education_labels() -> list[tuple[str, str]]:
    return [
        ("", _("Not given")),
        ("high_school", _("High school")),
        ("vocational", _("Vocational college (大专)")),
        ("bachelor", _("Bachelor's degree")),
        ("master", _("Master's degree")),
        ("doctorate", _("Doctorate")),
    ]


def in_language(message: str) -> str:
    """A service's bilingual refusal ("English 中文") as the reader reads it."""
    match = re.search(r"[\u3000-\u9fff\uff00-\uffef]", message)
    if not match or match.start() == 0:
        return message
    english, chinese = message[: match.start()].strip(), message[match.start() :].strip()
    # "The résumé … . 简历 …": cut before the first CJK sentence when both halves are there.
    return english if english_active() else chinese


def report(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for text in error.messages:
            messages.error(request, in_language(text))
    elif isinstance(error, ObjectDoesNotExist):
        messages.error(request, _("Not found."))
    else:
        messages.error(request, in_language(str(error)) or _("Not allowed."))


def back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _entries_text(entries: list[dict], keys: tuple[str, ...]) -> str:
    lines = []
    for e in entries:
        years = "-".join(str(y) for y in (e.get("start_year"), e.get("end_year")) if y) or ""
        lines.append(" | ".join([*(e.get(k, "") for k in keys), years]).rstrip(" |"))
    return "\n".join(lines)


def _parse_entries(text: str, keys: tuple[str, ...]) -> list[dict]:
    """One entry a line: "school | degree | field | 2015-2019" (the years last, optional)."""
    out = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not any(parts):
            continue
        entry: dict = dict.fromkeys(keys, "")
        years = re.fullmatch(r"(\d{4})?\s*[-–~至]?\s*(\d{4})?", parts[-1]) if len(parts) > 1 else None
        if years and parts[-1]:
            parts = parts[:-1]
            entry["start_year"], entry["end_year"] = years.group(1), years.group(2)
        for key, value in zip(keys, parts, strict=False):
            entry[key] = value
        if len(parts) > len(keys):
            entry[keys[-1]] = " | ".join(parts[len(keys) - 1 :])
        out.append(entry)
    return out


class CandidateForm(forms.Form):
    headline = forms.CharField(label=gettext_lazy("Headline"), max_length=200, required=False)
    summary = forms.CharField(label=gettext_lazy("About me"), max_length=4000, required=False, widget=forms.Textarea)
    education_level = forms.ChoiceField(label=gettext_lazy("Highest education"), required=False)
    education = forms.CharField(
        label=gettext_lazy("Education (one a line: school | degree | field | 2015-2019)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    experience_years = forms.IntegerField(label=gettext_lazy("Years of experience"), min_value=0, max_value=60)
    experience = forms.CharField(
        label=gettext_lazy("Experience (one a line: organisation | title | 2019-2023)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    skills = forms.MultipleChoiceField(label=gettext_lazy("Skills"), required=False)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    desired_fields = forms.MultipleChoiceField(label=gettext_lazy("Fields I want to work in"), required=False)
    desired_cities = forms.CharField(
        label=gettext_lazy("Cities I want to work in (separated by commas)"), max_length=600, required=False
    )
    salary_min = forms.IntegerField(label=gettext_lazy("Salary from (CNY a month)"), min_value=0, required=False)
    salary_max = forms.IntegerField(label=gettext_lazy("Salary up to (CNY a month)"), min_value=0, required=False)
    open_to_fair_employers = forms.BooleanField(
        label=gettext_lazy(
            "Let every employer of the job fairs find me and open my default résumé "
            "(otherwise only employers I apply to see it)"
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["education_level"].choices = education_labels()
        self.fields["skills"].choices = interest_choices()
        self.fields["desired_fields"].choices = interest_choices()
        self.fields["languages"].choices = language_choices()


def _initial(profile) -> dict:
    return {
        "headline": profile.headline,
        "summary": profile.summary,
        "education_level": profile.education_level,
        "education": _entries_text(profile.education, ("school", "degree", "field")),
        "experience_years": profile.experience_years,
        "experience": _entries_text(profile.experience, ("organisation", "title")),
        "skills": [i.slug for i in profile.skills.all()],
        "languages": profile.languages,
        "desired_fields": [i.slug for i in profile.desired_fields.all()],
        "desired_cities": ", ".join(profile.desired_cities),
        "salary_min": profile.salary_min,
        "salary_max": profile.salary_max,
        "open_to_fair_employers": profile.open_to_fair_employers,
    }


def _save_form(request: HttpRequest, form: CandidateForm) -> bool:
    data = form.cleaned_data
    cities = [c.strip() for c in re.split(r"[,，、;；]", data["desired_cities"] or "") if c.strip()]
    try:
        candidates.update_profile(
            request.user,
            headline=data["headline"],
            summary=data["summary"],
            education_level=data["education_level"] or "",
            education=_parse_entries(data["education"], ("school", "degree", "field")),
            experience_years=data["experience_years"],
            experience=_parse_entries(data["experience"], ("organisation", "title", "description")),
            skills=data["skills"],
            languages=data["languages"],
            desired_fields=data["desired_fields"],
            desired_cities=cities,
            salary_min=data["salary_min"] if data["salary_min"] is not None else "",
            salary_max=data["salary_max"] if data["salary_max"] is not None else "",
            open_to_fair_employers=data["open_to_fair_employers"],
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, in_language(problem))
        return False
    return True


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    """My candidate profile and résumés, and who opened my résumés."""
    profile = candidates.profile_for(request.user)
    form = CandidateForm(request.POST or None, initial=_initial(profile))
    if request.method == "POST":
        if form.is_valid() and _save_form(request, form):
            messages.success(request, _("Your candidate profile is saved."))
            return redirect("frontend:recruitment-me")
        status = 400
    else:
        status = 200
    downloads = [sel.download_out(d) for d in talent.downloads_of(request.user)[:100]]
    context = {
        "form": form,
        "profile": profile,
        "resumes": [sel.resume_out(r) for r in sel.my_resumes(request.user)],
        "downloads": downloads,
        "max_mb": max_resume_bytes() // (1024 * 1024),
        "suggestions": _job_suggestions(profile),
    }
    return render(request, "recruitment/me.html", context, status=status)


def _matching(name: str):
    """`jobs_for` / `candidates_for` of recruitment's matching (rec-match), or None."""
    from importlib import import_module

    for module in ("recruitment.matching_models", "recruitment.matching"):
        try:
            found = getattr(import_module(module), name, None)
        except ImportError:
            continue
        if found is not None:
            return found
    return None


def reason_texts(match) -> list[str]:
    """A match's reasons (recruitment.matching.Reason: zh/en) in the reader's language."""
    out = []
    for reason in getattr(match, "reasons", None) or []:
        text = localized(getattr(reason, "zh", "") or "", getattr(reason, "en", "") or "")
        if text:
            out.append(("✓ " if getattr(reason, "ok", True) else "✗ ") + text)
    return out


def _job_suggestions(profile) -> dict:
    """Ranked jobs with their reasons from recruitment.matching (rec-match), when present."""
    jobs_for = _matching("jobs_for")
    if jobs_for is None:
        return {"available": False, "items": []}
    try:
        matches = list(jobs_for(profile, 5))
    except Exception:  # a ranking failure must not take the profile page down
        logger.exception("jobs_for failed for candidate %s", profile.user_id)
        return {"available": False, "items": []}
    items = []
    for match in matches:
        job = getattr(match, "item", None)
        if job is None:
            continue
        items.append(
            {
                "title": job_access.job_title(job),
                "url": job_access.job_url(job),
                "organisation": job_access.organisation_name(job.organisation),
                "score": getattr(match, "score", 0),
                "reasons": reason_texts(match),
            }
        )
    return {"available": True, "items": items}


@login_required
@require_POST
def resume_action(request: HttpRequest) -> HttpResponse:
    """Upload a résumé, make one the default, or delete one."""
    action = request.POST.get("action", "")
    try:
        if action == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                messages.error(request, _("Choose a PDF or DOCX file first."))
            else:
                resume = candidates.upload_resume(
                    request.user, upload, title=request.POST.get("title", ""), make_default=None
                )
                messages.success(request, _("Résumé “%(title)s” uploaded.") % {"title": resume.title})
        elif action in ("default", "delete") and request.POST.get("resume", "").isdigit():
            resume_id = int(request.POST["resume"])
            if action == "default":
                candidates.rename_resume(request.user, resume_id, make_default=True)
                messages.success(request, _("Default résumé changed."))
            else:
                candidates.delete_resume(request.user, resume_id)
                messages.success(request, _("Résumé deleted."))
        else:
            messages.error(request, _("Unknown action."))
    except (ValidationError, ObjectDoesNotExist) as error:
        report(request, error)
    return redirect("frontend:recruitment-me")


@login_required
def apply_to_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's application form on its own (the job page includes the same form,
    recruitment/_apply.html); POST applies with the chosen résumé and a note."""
    if request.method == "POST":
        resume = request.POST.get("resume", "")
        try:
            applications.apply(
                request.user,
                pk,
                resume_id=int(resume) if resume.isdigit() else None,
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("Your application is sent. Follow it on “My applications”."))
        except (ValidationError, ObjectDoesNotExist) as error:
            report(request, error)
            return back(request, "frontend:recruitment-my-applications")
        if request.POST.get("next") == request.path:  # from this page: on to my applications
            return redirect("frontend:recruitment-my-applications")
        return back(request, "frontend:recruitment-my-applications")
    from recruitment.models import Job

    job = Job.objects.select_related("organisation").exclude(status=Job.Status.DRAFT).filter(pk=pk).first()
    if job is None:
        raise Http404(_("Not found."))
    return render(
        request,
        "recruitment/apply.html",
        {
            "job": job,
            "job_title": job_access.job_title(job),
            "organisation": job_access.organisation_name(job.organisation),
            "description": localized(job.description, getattr(job, "description_en", "") or ""),
        },
    )


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    rows = [sel.application_out(a, request.user, employer=False) for a in sel.my_applications(request.user)]
    return render(
        request,
        "recruitment/my_applications.html",
        {
            "applications": rows,
            "labels": status_labels(),
            "withdrawable": [s.value for s in Status if s in applications.WITHDRAWABLE],
        },
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        applications.withdraw(request.user, pk)
        messages.success(request, _("Your application is withdrawn."))
    except (ValidationError, ObjectDoesNotExist) as error:
        report(request, error)
    return redirect("frontend:recruitment-my-applications")


@login_required
@require_GET
def my_invitations(request: HttpRequest) -> HttpResponse:
    rows = [sel.invitation_out(i) for i in sel.my_invitations(request.user)]
    resumes = [sel.resume_out(r) for r in sel.my_resumes(request.user)]
    default = candidates.profile_for(request.user).default_resume_id
    return render(
        request,
        "recruitment/my_invitations.html",
        {"invitations": rows, "resumes": resumes, "default_resume": default, "labels": status_labels()},
    )


@login_required
@require_POST
def answer_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        if request.POST.get("answer") == "accept":
            resume = request.POST.get("resume", "")
            talent.accept(
                request.user, pk, resume_id=int(resume) if resume.isdigit() else None, note=request.POST.get("note", "")
            )
            messages.success(request, _("Invitation accepted: your application is sent."))
        else:
            talent.decline(request.user, pk)
            messages.success(request, _("Invitation declined."))
    except (ValidationError, ObjectDoesNotExist) as error:
        report(request, error)
    return redirect("frontend:recruitment-my-invitations")
