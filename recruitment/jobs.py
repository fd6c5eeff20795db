"""Employers' jobs: post (a draft), edit, publish, close; views counted per day.

Refusals: ValidationError with a code (`job_closed`, `deadline_passed`,
`organisation_unverified`, `not_in_zone`, field problems), Http404 for another
organisation's job or one of an organisation the person is not staff of."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.countries import LANGUAGE_NAMES
from accounts.i18n import bilingual
from accounts.models import Interest, Organisation
from accounts.text import clean_text
from recruitment import rules
from recruitment.models import Job, JobViewDay, ZoneEmployer
from recruitment.models.jobs import Education
from recruitment.selectors import today

TEXT_LIMITS = {"title": 200, "title_en": 200, "city": 120, "city_en": 120, "salary_text": 80}
DESCRIPTION_MAX = 20_000
SALARY_MAX = 10_000_000  # CNY per month: beyond that it is a typo
HEADCOUNT_MAX = 10_000
EXPERIENCE_MAX = 60
MAX_SKILLS = 20
MAX_LANGUAGES = 10
EDITABLE = (
    "zone",
    "title",
    "title_en",
    "description",
    "description_en",
    "field",
    "skills",
    "city",
    "city_en",
    "salary_min",
    "salary_max",
    "salary_text",
    "education",
    "experience_years_min",
    "languages",
    "headcount",
    "deadline",
    "external_url",
)


def _problem(field: str, message, code: str = "invalid") -> ValidationError:
    return ValidationError({field: [ValidationError(bilingual(message), code=code)]})


def _int(field: str, value: Any, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _problem(field, _("Enter a whole number."))
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _problem(field, _("Enter a whole number.")) from None
    if not low <= number <= high:
        message = bilingual(_("Out of range (%(low)s–%(high)s)."), low=low, high=high)
        raise ValidationError({field: [ValidationError(message, code="out_of_range")]})
    return number


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise _problem("deadline", _("Use a date such as 2026-12-31.")) from None


def _interest(field: str, value: Any) -> Interest | None:
    if value in (None, ""):
        return None
    pk = _int(field, value, 1, 2**31 - 1)
    found = Interest.objects.filter(pk=pk).first()
    if found is None:
        raise _problem(field, _("No such field in the taxonomy."), "not_found")
    return found


def clean_fields(organisation: Organisation, fields: dict[str, Any]) -> dict[str, Any]:
    """Validated values of the editable fields given (others untouched)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: [ValidationError("Unknown field.", code="unknown_field")] for name in unknown})
    out: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        if name in fields:
            text = clean_text(fields[name], multiline=False)
            if len(text) > limit:
                raise ValidationError(
                    {name: [ValidationError(bilingual(_("At most %(n)s characters."), n=limit), code="too_long")]}
                )
            out[name] = text
    for name in ("description", "description_en"):
        if name in fields:
            text = clean_text(fields[name])
            if len(text) > DESCRIPTION_MAX:
                raise ValidationError(
                    {
                        name: [
                            ValidationError(
                                bilingual(_("At most %(n)s characters."), n=DESCRIPTION_MAX), code="too_long"
                            )
                        ]
                    }
                )
            out[name] = text
    if "salary_min" in fields:
        out["salary_min"] = _int("salary_min", fields["salary_min"], 0, SALARY_MAX)
    if "salary_max" in fields:
        out["salary_max"] = _int("salary_max", fields["salary_max"], 0, SALARY_MAX)
    if "experience_years_min" in fields:
        out["experience_years_min"] = (
            _int("experience_years_min", fields["experience_years_min"], 0, EXPERIENCE_MAX) or 0
        )
    if "headcount" in fields:
        out["headcount"] = _int("headcount", fields["headcount"], 1, HEADCOUNT_MAX) or 1
    if "education" in fields:
        value = fields["education"] or Education.ANY
        if value not in Education.values:
            raise _problem("education", _("Choose one of: any, vocational, bachelor, master, doctorate."))
        out["education"] = value
    if "languages" in fields:
        codes = fields["languages"] or []
        if isinstance(codes, str):
            codes = [c for c in codes.replace(",", " ").split() if c]
        if (
            not isinstance(codes, list | tuple)
            or len(codes) > MAX_LANGUAGES
            or not all(isinstance(c, str) and c in LANGUAGE_NAMES for c in codes)
        ):
            raise _problem("languages", _("Use language codes such as zh, en, fr."))
        out["languages"] = list(dict.fromkeys(codes))
    if "deadline" in fields:
        out["deadline"] = _date(fields["deadline"])
    if "external_url" in fields:
        url = clean_text(fields["external_url"], multiline=False)
        if url:
            from django.core.validators import URLValidator

            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise _problem("external_url", _("Enter an http(s) address.")) from None
            if len(url) > 200:
                raise _problem("external_url", _("Enter an address of at most 200 characters."), "too_long")
        out["external_url"] = url
    if "field" in fields:
        out["field"] = _interest("field", fields["field"])
    if "skills" in fields:
        ids = fields["skills"] or []
        if not isinstance(ids, list | tuple) or len(ids) > MAX_SKILLS:
            raise _problem("skills", _("Give at most 20 skills."))
        pks = [_int("skills", pk, 1, 2**31 - 1) for pk in ids]
        found = list(Interest.objects.filter(pk__in=pks))
        if len(found) != len(set(pks)):
            raise _problem("skills", _("No such field in the taxonomy."), "not_found")
        out["skills"] = found
    if "zone" in fields:
        out["zone"] = _zone_for(organisation, fields["zone"])
    return out


def _zone_for(organisation: Organisation, value: Any):
    if value in (None, ""):
        return None
    from recruitment.models import JobFairZone

    zone = None
    if isinstance(value, str) and not value.isdigit():
        zone = JobFairZone.objects.filter(slug=value[:60]).first()
    else:
        zone = JobFairZone.objects.filter(pk=_int("zone", value, 1, 2**31 - 1)).first()
    if zone is None:
        raise _problem("zone", _("No such job fair."), "not_found")
    admitted = ZoneEmployer.objects.filter(
        zone=zone, organisation=organisation, status=ZoneEmployer.Status.ADMITTED
    ).exists()
    if not admitted:
        raise _problem("zone", _("Your organisation is not admitted to this job fair."), "not_in_zone")
    return zone


def _check_whole(job: Job) -> None:
    if not (job.title or job.title_en):
        raise _problem("title", _("Give the job a title (Chinese or English)."), "required")
    if job.salary_min is not None and job.salary_max is not None and job.salary_max < job.salary_min:
        raise _problem("salary_max", _("The highest salary is below the lowest."), "salary_range")


def _apply(job: Job, values: dict[str, Any]) -> list:
    skills = values.pop("skills", None)
    for name, value in values.items():
        setattr(job, name, value)
    _check_whole(job)
    return skills


def employer_job(user, job_id: int) -> Job:
    """A job of one of the person's organisations, locked for an update; else 404."""
    job = Job.objects.select_for_update().filter(pk=job_id).select_related("organisation").first()
    if job is None or rules.membership(user, job.organisation_id) is None:
        raise Http404("no such job")
    return job


@transaction.atomic
def create_job(*, by, organisation: Organisation, publish: bool = False, **fields: Any) -> Job:
    """A new draft (published at once with `publish`) of the organisation's, by its staff."""
    rules.require_member(by, organisation)
    rules.require_verified(organisation)
    values = clean_fields(organisation, fields)
    job = Job(organisation=organisation, created_by=by)
    skills = _apply(job, values)
    job.save()
    if skills is not None:
        job.skills.set(skills)
    if publish:
        return publish_job(by=by, job_id=job.pk)
    return job


@transaction.atomic
def update_job(*, by, job_id: int, **fields: Any) -> Job:
    job = employer_job(by, job_id)
    if job.status == Job.Status.CLOSED:
        raise ValidationError(bilingual(_("This job is closed: post a new one instead.")), code="job_closed")
    values = clean_fields(job.organisation, fields)
    skills = _apply(job, values)
    job.updated_at = timezone.now()
    job.save()
    if skills is not None:
        job.skills.set(skills)
        job.save(update_fields=["updated_at"])  # re-index with the new skills
    return job


@transaction.atomic
def publish_job(*, by, job_id: int, now: dt.datetime | None = None) -> Job:
    job = employer_job(by, job_id)
    rules.require_verified(job.organisation)
    if job.status == Job.Status.CLOSED:
        raise ValidationError(bilingual(_("This job is closed: post a new one instead.")), code="job_closed")
    if job.status == Job.Status.PUBLISHED:
        raise ValidationError(bilingual(_("This job is published already.")), code="already_published")
    if job.deadline is not None and job.deadline < today():
        raise ValidationError(bilingual(_("The deadline has passed: set a later one.")), code="deadline_passed")
    if not (job.description or job.description_en):
        raise _problem("description", _("Describe the job before publishing it."), "required")
    job.status = Job.Status.PUBLISHED
    job.published_at = now or timezone.now()
    job.updated_at = job.published_at
    job.save()
    return job


@transaction.atomic
def close_job(*, by, job_id: int, now: dt.datetime | None = None) -> Job:
    """No more applicants; the job leaves the board, the search and every stage it was on."""
    from recruitment.pins import unpin_everywhere

    job = employer_job(by, job_id)
    if job.status == Job.Status.CLOSED:
        raise ValidationError(bilingual(_("This job is closed already.")), code="job_closed")
    job.status = Job.Status.CLOSED
    job.closed_at = now or timezone.now()
    job.updated_at = job.closed_at
    job.save()
    unpin_everywhere(job)
    return job


def record_view(job: Job, day: dt.date | None = None) -> None:
    """Someone opened the job (page or API detail): one more view on today's count."""
    day = day or timezone.now().date()
    updated = JobViewDay.objects.filter(job=job, day=day).update(views=F("views") + 1)
    if not updated:
        from django.db import IntegrityError

        try:
            with transaction.atomic():
                JobViewDay.objects.create(job=job, day=day, views=1)
        except IntegrityError:  # another request created today's row meanwhile
            JobViewDay.objects.filter(job=job, day=day).update(views=F("views") + 1)
