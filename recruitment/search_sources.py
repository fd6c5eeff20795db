"""Published, open jobs in the site's search (kind "job", docs/search.md)."""

from __future__ import annotations

from search.registry import Entry, register_source


def job_entries(job) -> list[Entry]:
    from recruitment.selectors import is_open

    if job.status != job.Status.PUBLISHED or not is_open(job):
        return []  # drafts and closed jobs leave the index
    organisation = job.organisation
    skills = [(s.name, s.name_en) for s in job.skills.all()] if job.pk else []
    field = [(job.field.name, job.field.name_en)] if job.field_id else []
    names = field + skills
    return [
        Entry(
            job.pk,
            title_zh=job.title or job.title_en,
            title_en=job.title_en or job.title,
            body_zh=" ".join(
                [
                    organisation.name,
                    job.city,
                    job.salary_text,
                    *(zh for zh, _ in names),
                    job.description or job.description_en,
                ]
            ),
            body_en=" ".join(
                [
                    organisation.name_en or organisation.name,
                    job.city_en or job.city,
                    job.salary_text,
                    *(en or zh for zh, en in names),
                    job.description_en or job.description,
                ]
            ),
            url=f"/jobs/{job.pk}/",
        )
    ]


def register() -> None:
    from recruitment.models import Job

    register_source(
        "job",
        label_zh="职位",
        label_en="Jobs",
        model=Job,
        entries=job_entries,
        queryset=lambda: Job.objects.select_related("organisation", "field").prefetch_related("skills"),
        order=60,
    )
