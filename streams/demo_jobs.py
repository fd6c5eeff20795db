"""Demo job postings (fictional employers and openings), pinned on the demo recruitment
livestreams. Idempotent: postings are found by employer and title, pins by session and job."""

from __future__ import annotations

from accounts.models import Organisation
from streams.models import JobPosting, PinnedJob, Session

SECOND_EMPLOYER = {
    "name": "深圳示范医疗集团（演示）",
    "name_en": "Shenzhen Demo Health Group (demo)",
    "kind": Organisation.Kind.ENTERPRISE,
}

# employer ("demo" = the demo exhibitor, "health" = SECOND_EMPLOYER), title, title_en,
# location, salary, the recruitment livestreams (session slugs) it is pinned on
JOBS = [
    (
        "demo",
        "机器学习工程师",
        "Machine learning engineer",
        "深圳",
        "35–60万/年",
        ["job-fair-returnees", "job-fair-elite"],
    ),
    (
        "demo",
        "嵌入式软件工程师",
        "Embedded software engineer",
        "深圳",
        "25–40万/年",
        ["job-fair-universities-enterprises"],
    ),
    ("demo", "海外市场经理", "International marketing manager", "深圳 / 远程", "面议", ["job-fair-foreign-talent"]),
    ("health", "临床研究医师", "Clinical research physician", "深圳", "40–70万/年", ["job-fair-elite"]),
    ("health", "德语医疗翻译", "German medical interpreter", "深圳", "20–30万/年", ["job-fair-foreign-talent"]),
]


def load_demo_jobs(*, demo_employer: Organisation, sessions: dict[str, Session]) -> int:
    """Create the postings and pin them; returns how many pins exist on the demo sessions."""
    health, _ = Organisation.objects.update_or_create(
        name=SECOND_EMPLOYER["name"],
        defaults={"name_en": SECOND_EMPLOYER["name_en"], "kind": SECOND_EMPLOYER["kind"]},
    )
    employers = {"demo": demo_employer, "health": health}
    for key, title, title_en, location, salary, session_slugs in JOBS:
        job, _ = JobPosting.objects.update_or_create(
            organisation=employers[key],
            title=title,
            defaults={
                "title_en": title_en,
                "location": location,
                "salary": salary,
                "description": f"{title_en} (demo posting).",
                "url": "",
            },
        )
        for slug in session_slugs:
            if slug in sessions:
                PinnedJob.objects.get_or_create(session=sessions[slug], job=job)
    return PinnedJob.objects.filter(session__in=sessions.values()).count()
