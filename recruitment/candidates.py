"""Writes of a candidate's own things: the candidate profile and the résumés.

Refusals are ValidationErrors (per field where a field is to blame) with messages in
English and Chinese; nothing is saved by a refusal.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from accounts.models import Interest
from accounts.text import clean_text
from recruitment.models.candidates import CandidateProfile, EducationLevel, Resume
from recruitment.resume_files import extract

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
MAX_LANGUAGES = 10
MAX_INTERESTS = 20
MAX_CITIES = 10
MAX_ENTRIES = 15
MAX_RESUMES = 10
MAX_SALARY = 10_000_000  # CNY per month: anything above is a typo
YEAR_RANGE = (1950, 2100)

TEXT_FIELDS = {"headline": (False, 200), "summary": (True, 4000)}
EDUCATION_KEYS = {"school": 200, "degree": 100, "field": 200}
EXPERIENCE_KEYS = {"organisation": 200, "title": 200, "description": 2000}


def profile_for(user) -> CandidateProfile:
    """The person's candidate profile, created empty the first time it is asked for."""
    profile, _created = CandidateProfile.objects.get_or_create(user=user)
    return profile


def _year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise ValueError
    year = int(value)
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ValueError
    return year


def _entries(value: Any, keys: dict[str, int], required: str) -> list[dict[str, Any]]:
    """A list of small dicts with the given text keys and start/end years, cleaned."""
    if not isinstance(value, list) or len(value) > MAX_ENTRIES:
        raise ValueError
    out = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {*keys, "start_year", "end_year"}:
            raise ValueError
        entry: dict[str, Any] = {}
        for key, limit in keys.items():
            text = clean_text(item.get(key) or "", multiline=key == "description")
            if len(text) > limit:
                raise ValueError
            entry[key] = text
        if not entry[required]:
            raise ValueError
        entry["start_year"], entry["end_year"] = _year(item.get("start_year")), _year(item.get("end_year"))
        if entry["start_year"] and entry["end_year"] and entry["end_year"] < entry["start_year"]:
            raise ValueError
        out.append(entry)
    return out


def _interests(value: Any) -> list[Interest]:
    slugs = [str(v) for v in value] if isinstance(value, list) else None
    if slugs is None or len(set(slugs)) > MAX_INTERESTS:
        raise ValueError
    found = list(Interest.objects.filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise ValueError
    return found


def _salary(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise ValueError
    amount = int(value)
    if amount > MAX_SALARY:
        raise ValueError
    return amount


FIELD_MESSAGES = {
    "education_level": _("Choose a level of education from the list."),
    "education": _("Each education entry needs a school; years between 1950 and 2100, the end not before the start."),
    "experience": _(
        "Each experience entry needs an organisation; years between 1950 and 2100, the end not before the start."
    ),
    "experience_years": _("Years of experience: a whole number from 0 to 60."),
    "skills": _("Choose up to 20 fields from the list."),
    "desired_fields": _("Choose up to 20 fields from the list."),
    "languages": _("Use language codes such as zh, en, fr (at most 10)."),
    "desired_cities": _("Up to 10 cities, each at most 60 characters."),
    "salary_min": _("A monthly amount in CNY, whole yuan."),
    "salary_max": _("A monthly amount in CNY, whole yuan."),
    "default_resume": _("Choose one of your résumés."),
}


def _too_long(limit: int) -> str:
    return bilingual(_("At most %(n)s characters."), n=limit)


@transaction.atomic
def update_profile(user, **changes: Any) -> CandidateProfile:
    """Change the given fields of the person's own candidate profile (None leaves a field
    as it is); ValidationError with per-field messages, nothing saved then."""
    profile = profile_for(user)
    errors: dict[str, list[str]] = {}
    m2m: dict[str, list[Interest]] = {}
    for field, value in changes.items():
        if value is None:
            continue
        try:
            if field in TEXT_FIELDS:
                multiline, limit = TEXT_FIELDS[field]
                text = clean_text(value, multiline=multiline)
                if len(text) > limit:
                    errors[field] = [_too_long(limit)]
                    continue
                setattr(profile, field, text)
            elif field == "education_level":
                if value not in EducationLevel.values:
                    raise ValueError
                profile.education_level = value
            elif field == "education":
                profile.education = _entries(value, EDUCATION_KEYS, "school")
            elif field == "experience":
                profile.experience = _entries(value, EXPERIENCE_KEYS, "organisation")
            elif field == "experience_years":
                if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 60:
                    raise ValueError
                profile.experience_years = value
            elif field in ("skills", "desired_fields"):
                m2m[field] = _interests(value)
            elif field == "languages":
                codes = [clean_text(v, multiline=False).lower() for v in value] if isinstance(value, list) else None
                if codes is None or len(codes) > MAX_LANGUAGES or not all(LANGUAGE_CODE.match(c) for c in codes):
                    raise ValueError
                profile.languages = list(dict.fromkeys(codes))
            elif field == "desired_cities":
                cities = [clean_text(v, multiline=False) for v in value] if isinstance(value, list) else None
                if cities is None or len(cities) > MAX_CITIES or any(not c or len(c) > 60 for c in cities):
                    raise ValueError
                profile.desired_cities = list(dict.fromkeys(cities))
            elif field in ("salary_min", "salary_max"):
                setattr(profile, field, _salary(value))
            elif field == "open_to_fair_employers":
                profile.open_to_fair_employers = bool(value)
            elif field == "default_resume":
                resume = Resume.objects.filter(pk=value, owner=user, archived_at__isnull=True).first()
                if resume is None:
                    raise ValueError
                profile.default_resume = resume
            else:
                raise TypeError(f"update_profile() got an unknown field {field!r}")
        except (ValueError, TypeError) as error:
            if isinstance(error, TypeError) and field not in FIELD_MESSAGES:
                raise
            errors[field] = [bilingual(FIELD_MESSAGES[field])]
    if (
        not errors
        and profile.salary_min is not None
        and profile.salary_max is not None
        and profile.salary_min > profile.salary_max
    ):
        errors["salary_max"] = [bilingual(_("The highest salary is below the lowest."))]
    if errors:
        raise ValidationError(errors)
    profile.save()
    for field, interests in m2m.items():
        getattr(profile, field).set(interests)
    return profile


def active_resumes(user):
    return Resume.objects.filter(owner=user, archived_at__isnull=True)


@transaction.atomic
def upload_resume(user, upload, *, title: str = "", make_default: bool | None = None) -> Resume:
    """Check the file (content, size), extract its text, store it as one of my résumés.
    The first résumé becomes the default one."""
    title = clean_text(title or "", multiline=False)
    if len(title) > 120:
        raise ValidationError({"title": [_too_long(120)]})
    if active_resumes(user).count() >= MAX_RESUMES:
        raise ValidationError(
            bilingual(_("You keep at most %(n)s résumés: delete one first."), n=MAX_RESUMES), code="too_many_resumes"
        )
    extracted = extract(upload)
    name = clean_text(getattr(upload, "name", "") or "", multiline=False)[-200:]
    resume = Resume(
        owner=user,
        title=title or name.rsplit(".", 1)[0][:120] or str(_("Résumé")),
        kind=extracted.kind,
        original_name=name,
        size=upload.size,
        pages=min(extracted.pages, 32767),
        text=extracted.text,
    )
    upload.seek(0)
    resume.file.save(f"resume.{extracted.kind}", upload, save=False)
    resume.save()
    profile = profile_for(user)
    if make_default or (make_default is None and profile.default_resume_id is None):
        profile.default_resume = resume
        profile.save(update_fields=["default_resume", "updated_at"])
    return resume


def my_resume(user, resume_id: int) -> Resume:
    """One of my résumés (not archived); Resume.DoesNotExist (404) for anyone else's."""
    return active_resumes(user).get(pk=resume_id)


@transaction.atomic
def rename_resume(user, resume_id: int, *, title: str | None = None, make_default: bool = False) -> Resume:
    resume = my_resume(user, resume_id)
    if title is not None:
        text = clean_text(title, multiline=False)
        if not text or len(text) > 120:
            raise ValidationError({"title": [bilingual(_("A title of 1 to 120 characters."))]})
        resume.title = text
        resume.save(update_fields=["title"])
    if make_default:
        profile = profile_for(user)
        profile.default_resume = resume
        profile.save(update_fields=["default_resume", "updated_at"])
    return resume


@transaction.atomic
def delete_resume(user, resume_id: int) -> None:
    """Delete one of my résumés. One sent with an application is archived instead: it
    leaves my list, and the employer I sent it to keeps what I sent."""
    from recruitment.models.applications import Application

    resume = my_resume(user, resume_id)
    profile = profile_for(user)
    if profile.default_resume_id == resume.pk:
        profile.default_resume = active_resumes(user).exclude(pk=resume.pk).first()
        profile.save(update_fields=["default_resume", "updated_at"])
    if Application.objects.filter(resume=resume).exists():
        resume.archived_at = timezone.now()
        resume.save(update_fields=["archived_at"])
        return
    stored = resume.file
    resume.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
