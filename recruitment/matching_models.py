"""The models side of matching: Job and CandidateProfile → documents, one index of published
jobs per process kept current by a cheap check on each call, and the two functions the pages
and the API call:

- `jobs_for(candidate_profile, limit=10)` → [Match] best first, `match.item` the Job;
- `candidates_for(job, limit=10)` → [Match] best first, `match.item` the CandidateProfile, only
  among the job's organisation's talent pool (who applied to it, or opted in to the fair's
  employers: `recruitment.talent.pool`).

Each Match has `score`, `text_score` and `reasons` (code, ok, zh, en: matched skills, location,
language, education, experience, salary).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from recruitment.matching import CandidateDocument, CandidateRanker, JobDocument, JobRanker, Match
from search import textmatch

MAX_RESUME_CHARS = 20000


def _slugs(related) -> tuple[str, ...]:
    return tuple(related.values_list("slug", flat=True)) if related is not None else ()


def job_document(job) -> JobDocument:
    concepts = tuple(s for s in (job.field.slug if job.field_id else None,) if s) + _slugs(job.skills)
    return JobDocument(
        job.pk,
        title=job.title,
        title_en=job.title_en,
        text=job.description,
        text_en=job.description_en,
        city=job.city,
        city_en=job.city_en,
        concepts=concepts,
        languages=tuple(job.languages or ()),
        education=job.education or "",
        experience_years_min=job.experience_years_min or 0,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
    )


def _json_text(value: Any) -> str:
    """Every string inside a JSON value (education and experience entries)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_json_text(v) for v in value.values())
    if isinstance(value, list | tuple):
        return " ".join(_json_text(v) for v in value)
    return ""


def candidate_resume_text(profile) -> str:
    resume = getattr(profile, "default_resume", None)
    if resume is None or getattr(resume, "archived_at", None) is not None:
        resumes = getattr(getattr(profile, "user", None), "resumes", None)
        resume = resumes.filter(archived_at__isnull=True).first() if resumes is not None else None
    return (getattr(resume, "text", "") or "")[:MAX_RESUME_CHARS]


def candidate_document(profile) -> CandidateDocument:
    texts = (
        getattr(profile, "headline", ""),
        getattr(profile, "summary", ""),
        _json_text(getattr(profile, "experience", [])),
        _json_text(getattr(profile, "education", [])),
        candidate_resume_text(profile),
    )
    concepts = _slugs(getattr(profile, "skills", None)) + _slugs(getattr(profile, "desired_fields", None))
    return CandidateDocument(
        profile.pk,
        texts=tuple(t for t in texts if t),
        concepts=concepts,
        cities=tuple(getattr(profile, "desired_cities", None) or ()),
        languages=tuple(getattr(profile, "languages", None) or ()),
        education=getattr(profile, "education_level", "") or "",
        experience_years=getattr(profile, "experience_years", None),
        salary_min=getattr(profile, "salary_min", None),
        salary_max=getattr(profile, "salary_max", None),
    )


def open_jobs():
    from recruitment.models import Job

    today = timezone.localdate()
    return Job.objects.filter(Q(deadline__isnull=True) | Q(deadline__gte=today), status=Job.Status.PUBLISHED)


class _JobIndex:
    """The published jobs of this process: each call compares (id, updated_at) of the open
    jobs with what is indexed and re-analyses only the changed ones."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ranker: JobRanker | None = None
        self.versions: dict[int, Any] = {}
        self.generation = -1

    def current(self) -> JobRanker:
        state = dict(open_jobs().values_list("pk", "updated_at"))
        with self.lock:
            if self.ranker is None or self.generation != textmatch.generation():
                self.ranker, self.versions = JobRanker(), {}
                self.generation = textmatch.generation()
            for gone in set(self.versions) - set(state):
                self.ranker.remove(gone)
                del self.versions[gone]
            changed = [pk for pk, at in state.items() if self.versions.get(pk, object()) != at]
            if changed:
                from recruitment.models import Job

                for job in Job.objects.filter(pk__in=changed).select_related("field").prefetch_related("skills"):
                    self.ranker.add(job_document(job))
                    self.versions[job.pk] = state[job.pk]
            return self.ranker

    def reset(self) -> None:
        with self.lock:
            self.ranker, self.versions = None, {}


job_index = _JobIndex()


def _attach(matches: list[Match], objects: Iterable) -> list[Match]:
    by_id = {o.pk: o for o in objects}
    out = []
    for match in matches:
        if match.id in by_id:
            match.item = by_id[match.id]
            out.append(match)
    return out


def jobs_for(candidate_profile, limit: int = 10) -> list[Match]:
    """The open jobs best matching a candidate (a CandidateProfile, or a CandidateDocument)."""
    from recruitment.models import Job

    doc = (
        candidate_profile if isinstance(candidate_profile, CandidateDocument) else candidate_document(candidate_profile)
    )
    limit = max(1, min(int(limit), 100))
    matches = job_index.current().rank(doc, limit)
    jobs = Job.objects.filter(pk__in=[m.id for m in matches]).select_related("organisation")
    return _attach(matches, jobs)


def _profiles():
    try:
        from recruitment.models import CandidateProfile
    except ImportError:  # the candidates' models are not installed yet
        return None
    return CandidateProfile.objects.all()


def talent_pool_ids(organisation_id: int) -> set[int]:
    """The CandidateProfiles an organisation may see (recruitment.talent's rule)."""
    profiles = _profiles()
    if profiles is None:
        return set()
    from recruitment import talent

    return set(profiles.filter(user__in=talent.pool(organisation_id)).values_list("pk", flat=True))


class _CandidateIndex:
    """Every candidate profile of this process, re-analysed when its profile or default
    résumé changed; a lookup is restricted to the ids a viewer may see."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ranker: CandidateRanker | None = None
        self.versions: dict[int, Any] = {}
        self.generation = -1

    def current(self) -> CandidateRanker | None:
        profiles = _profiles()
        if profiles is None:
            return None
        state = {pk: (at, resume) for pk, at, resume in profiles.values_list("pk", "updated_at", "default_resume_id")}
        with self.lock:
            if self.ranker is None or self.generation != textmatch.generation():
                self.ranker, self.versions = CandidateRanker(), {}
                self.generation = textmatch.generation()
            for gone in set(self.versions) - set(state):
                self.ranker.remove(gone)
                del self.versions[gone]
            changed = [pk for pk, v in state.items() if self.versions.get(pk, object()) != v]
            if changed:
                query = profiles.filter(pk__in=changed).select_related("user", "default_resume")
                for profile in query.prefetch_related("skills", "desired_fields"):
                    self.ranker.add(candidate_document(profile))
                    self.versions[profile.pk] = state[profile.pk]
            return self.ranker

    def reset(self) -> None:
        with self.lock:
            self.ranker, self.versions = None, {}


candidate_index = _CandidateIndex()


def candidates_for(job, limit: int = 10, *, candidates: Iterable[CandidateDocument] | None = None) -> list[Match]:
    """The candidates of the job's organisation's talent pool best matching the job, each with
    its CandidateProfile as `item`. `candidates`: documents to rank instead (benches, tests)."""
    limit = max(1, min(int(limit), 100))
    if candidates is not None:
        return CandidateRanker(candidates).rank(job_document(job), limit)
    allowed = talent_pool_ids(job.organisation_id)
    ranker = candidate_index.current() if allowed else None
    if ranker is None:
        return []
    matches = ranker.rank(job_document(job), limit, ids=allowed)
    profiles = _profiles().filter(pk__in=[m.id for m in matches]).select_related("user")
    return _attach(matches, profiles)


def bench_load(data: dict) -> dict:
    """bench.matching: a labelled set's jobs created and published through recruitment.jobs
    (one verified employer and its staff), as the app stores them. Returns {file id: Job pk}."""
    from accounts.models import Organisation, User
    from accounts.services import add_organisation_member
    from recruitment.jobs import create_job

    employer = Organisation.objects.create(name="基准测试雇主", name_en="Bench employer")
    staff = User.objects.create_user("bench-employer", password=None)
    add_organisation_member(organisation=employer, user=staff)
    ids = {}
    for row in data["jobs"]:
        job = create_job(
            by=staff,
            organisation=employer,
            publish=True,
            title=row.get("title", "")[:200],
            title_en=row.get("title_en", "")[:200],
            description=row.get("text", ""),
            description_en=row.get("text_en", ""),
            city=row.get("city", "")[:120],
        )
        ids[row["id"]] = job.pk
    return ids
