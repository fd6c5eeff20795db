"""Employers' recruitment pages (/jobs/employer/...), reached from the exhibitor pages: my
organisations' places in the fairs (ask to join), their jobs (post, edit, publish, close).
Plain forms posting here; the services refuse what is not allowed (another organisation's
job is a 404) and the page shows the refusal next to the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.countries import language_choices
from accounts.models import Interest, Organisation
from recruitment import fairs, jobs, rules, selectors
from recruitment.models import Job, JobFairZone
from recruitment.models.jobs import Education

FORM_FIELDS = (
    "title",
    "title_en",
    "description",
    "description_en",
    "city",
    "city_en",
    "salary_min",
    "salary_max",
    "salary_text",
    "education",
    "experience_years_min",
    "headcount",
    "deadline",
    "external_url",
    "field",
    "zone",
)


def _problems(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {' '.join(ms)}" if name != "__all__" else " ".join(ms) for name, ms in error.message_dict.items()
        ]
    return list(error.messages)


def _form_values(request: HttpRequest) -> dict:
    values = {name: request.POST.get(name, "") for name in FORM_FIELDS}
    values["skills"] = request.POST.getlist("skills")[: jobs.MAX_SKILLS + 1]
    values["languages"] = request.POST.getlist("languages")[: jobs.MAX_LANGUAGES + 1]
    return values


def _form_context(organisation: Organisation, values: dict, job: Job | None, errors: list[str]) -> dict:
    admitted = JobFairZone.objects.filter(employers__organisation=organisation, employers__status="admitted")
    return {
        "organisation": organisation,
        "job": job,
        "values": values,
        "errors": errors,
        "zones": list(admitted),
        "fields": list(Interest.objects.filter(parent__isnull=True).prefetch_related("children")),
        "education": Education.choices,
        "languages": language_choices(),
    }


def _job_values(job: Job) -> dict:
    values = {name: getattr(job, name) for name in FORM_FIELDS if name not in ("field", "zone", "deadline")}
    values |= {
        "field": str(job.field_id or ""),
        "zone": job.zone.slug if job.zone_id else "",
        "deadline": job.deadline.isoformat() if job.deadline else "",
        "skills": [str(pk) for pk in job.skills.values_list("pk", flat=True)],
        "languages": list(job.languages or []),
    }
    return {k: ("" if v is None else v) for k, v in values.items()}


@login_required
def employer_page(request: HttpRequest) -> HttpResponse:
    organisations = list(rules.employer_organisations(request.user))
    places = selectors.places_of(organisations)
    zones = list(JobFairZone.objects.all())
    admin_of = {m.organisation_id for m in request.user.memberships.filter(role="admin").only("organisation_id")}
    rows = []
    for organisation in organisations:
        rows.append(
            {
                "organisation": organisation,
                "verified": organisation.status == Organisation.Status.VERIFIED,
                "admin": organisation.pk in admin_of,
                "zones": [(zone, places.get((zone.pk, organisation.pk))) for zone in zones],
                "jobs": [
                    (job, selectors.job_views(job), selectors.is_open(job))
                    for job in selectors.employer_jobs(request.user, organisation.pk)
                ],
            }
        )
    return render(request, "recruitment/employer.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def job_new(request: HttpRequest, org_id: int) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=org_id).first()
    if organisation is None or rules.membership(request.user, org_id) is None:
        raise Http404("not your organisation")
    values, errors = {"education": "any", "headcount": 1, "experience_years_min": 0, "skills": [], "languages": []}, []
    if request.method == "POST":
        values = _form_values(request)
        try:
            jobs.create_job(by=request.user, organisation=organisation, publish="publish" in request.POST, **values)
        except ValidationError as error:
            errors = _problems(error)
        else:
            messages.success(request, _("Job saved."))
            return redirect("frontend:recruitment-employer")
    return render(request, "recruitment/job_form.html", _form_context(organisation, values, None, errors))


@login_required
@require_http_methods(["GET", "POST"])
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.employer_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404("no such job")
    values, errors = _job_values(job), []
    if request.method == "POST":
        values = _form_values(request)
        try:
            jobs.update_job(by=request.user, job_id=job.pk, **values)
        except ValidationError as error:
            errors = _problems(error)
        else:
            messages.success(request, _("Job saved."))
            return redirect("frontend:recruitment-employer")
    return render(request, "recruitment/job_form.html", _form_context(job.organisation, values, job, errors))


@login_required
@require_POST
def job_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    act = {"publish": jobs.publish_job, "close": jobs.close_job}.get(action)
    if act is None:
        raise Http404("no such action")
    try:
        act(by=request.user, job_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(_problems(error)))
    else:
        messages.success(request, _("Job published.") if action == "publish" else _("Job closed."))
    return redirect("frontend:recruitment-employer")


@login_required
@require_POST
def join_zone(request: HttpRequest, slug: str) -> HttpResponse:
    zone = JobFairZone.objects.filter(slug=slug).first()
    try:
        org_id = int(request.POST.get("organisation", ""))
    except ValueError:
        org_id = 0
    organisation = Organisation.objects.filter(pk=org_id).first()
    if zone is None or organisation is None or rules.membership(request.user, org_id) is None:
        raise Http404("no such fair or organisation")
    try:
        fairs.request_admission(
            by=request.user, zone_id=zone.pk, organisation=organisation, note=request.POST.get("note", "")
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("Request sent: the organizers will decide."))
    return redirect("frontend:recruitment-employer")
