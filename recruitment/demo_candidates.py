"""Demo candidates for the demo accounts (after the accounts, meetings and the recruitment
demo of jobs): alice and bob get candidate profiles and real résumés (a PDF and a DOCX made
here), applications in several stages to the demo employer's jobs (one at interview, with
its meeting), and alice an invitation to apply (双向选择). Idempotent: a second run changes
nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import OrganisationMembership, User
from recruitment import applications, candidates, demo_files, interviews, talent
from recruitment.models import Application, Invitation, Job, Resume

ALICE_PDF = [
    "Alice Chen - Data scientist",
    "Skills: Python, machine learning, SQL, statistics, data visualisation",
    "Experience: 5 years, analytics lead at a fintech start-up in Shanghai",
    "Education: MSc Computer Science, Fudan University (2017)",
    "Languages: Chinese (native), English (fluent)",
    "Looking for: data science and AI roles in Shanghai or Shenzhen",
]
BOB_DOCX = [
    "技能：机器人控制、嵌入式 C++、ROS、机器视觉",
    "经历：6 年，某智能制造企业高级工程师（苏州）",
    "教育：哈尔滨工业大学 机械电子工程 硕士",
    "语言：中文、英语",
    "Robotics engineer: embedded C++, ROS, machine vision; open to Suzhou or Shanghai",
]
PROFILES = {
    "alice": {
        "headline": "数据科学家 · Data scientist",
        "summary": "五年金融科技数据分析经验，熟悉机器学习与数据可视化。",
        "education_level": "master",
        "education": [
            {"school": "复旦大学", "degree": "硕士", "field": "计算机科学", "start_year": 2015, "end_year": 2017}
        ],
        "experience_years": 5,
        "experience": [
            {"organisation": "某金融科技公司", "title": "数据分析主管", "start_year": 2019, "end_year": None}
        ],
        "skills": ["artificial-intelligence", "big-data-cloud", "fintech"],
        "languages": ["zh", "en"],
        "desired_fields": ["artificial-intelligence"],
        "desired_cities": ["上海", "深圳"],
        "salary_min": 30000,
        "salary_max": 45000,
        "open_to_fair_employers": True,
    },
    "bob": {
        "headline": "机器人工程师 · Robotics engineer",
        "summary": "Six years building industrial robots; embedded C++ and ROS.",
        "education_level": "master",
        "education": [
            {
                "school": "哈尔滨工业大学",
                "degree": "硕士",
                "field": "机械电子工程",
                "start_year": 2012,
                "end_year": 2015,
            }
        ],
        "experience_years": 6,
        "experience": [{"organisation": "智能制造企业", "title": "高级工程师", "start_year": 2016, "end_year": None}],
        "skills": ["robotics"],
        "languages": ["zh", "en"],
        "desired_fields": ["robotics", "advanced-manufacturing"],
        "desired_cities": ["苏州", "上海"],
        "salary_min": 25000,
        "salary_max": 40000,
        "open_to_fair_employers": False,
    },
}
DEMO_JOBS = [
    ("数据科学家", "Data scientist", "上海", "Shanghai"),
    ("机器人算法工程师", "Robotics algorithm engineer", "苏州", "Suzhou"),
    ("产品经理（人工智能）", "Product manager (AI)", "深圳", "Shenzhen"),
]


def _employer():
    """The demo exhibitor's organisation and its admin (`exhibitor`)."""
    staff = User.objects.filter(username="exhibitor").first()
    if staff is None:
        return None, None
    membership = OrganisationMembership.objects.filter(user=staff).select_related("organisation").first()
    return (membership.organisation if membership else None), staff


def _jobs(organisation, staff) -> list[Job]:
    """Published, open jobs of the employer; the recruitment demo's if it made some, else three."""
    today = timezone.localdate()
    jobs = [
        j
        for j in Job.objects.filter(organisation=organisation, status=Job.Status.PUBLISHED).order_by("pk")
        if j.deadline is None or j.deadline >= today
    ]
    if len(jobs) >= 3:
        return jobs
    for title, title_en, city, city_en in DEMO_JOBS[len(jobs) :]:
        jobs.append(
            Job.objects.create(
                organisation=organisation,
                title=title,
                title_en=title_en,
                city=city,
                city_en=city_en,
                description=f"{title}：加入我们的团队。",
                description_en=f"{title_en}: join our team.",
                status=Job.Status.PUBLISHED,
                deadline=today + timedelta(days=60),
                created_by=staff,
                published_at=timezone.now(),
            )
        )
    return jobs


def _best(user, jobs: list[Job], n: int) -> list[Job]:
    """The n of these jobs matching the person best (recruitment.matching_models), so the demo's
    applications look like ones people would make; in their order when matching is absent."""
    try:
        from recruitment.matching_models import jobs_for

        ranked = [m.item.pk for m in jobs_for(user.candidate_profile, 100)]
    except Exception:  # the demo must load without the ranking
        ranked = []
    order = {pk: i for i, pk in enumerate(ranked)}
    return sorted(jobs, key=lambda j: order.get(j.pk, len(order) + jobs.index(j)))[:n]


def _resume(user, data: bytes, name: str, title: str) -> Resume:
    existing = Resume.objects.filter(owner=user, title=title, archived_at__isnull=True).first()
    if existing is not None:
        return existing
    return candidates.upload_resume(user, SimpleUploadedFile(name, data), title=title)


@transaction.atomic
def load_demo_candidates() -> dict[str, int] | None:
    alice = User.objects.filter(username="alice").first()
    bob = User.objects.filter(username="bob").first()
    organisation, staff = _employer()
    if alice is None or bob is None or organisation is None:
        return None
    for user in (alice, bob):
        candidates.update_profile(user, **PROFILES[user.username])
    alice_cv = _resume(alice, demo_files.text_pdf(ALICE_PDF), "alice-chen-cv.pdf", "Alice Chen CV (EN)")
    _resume(
        alice, demo_files.docx("陈爱丽 简历", ["数据科学家，五年经验。", *ALICE_PDF[1:3]]), "alice.docx", "中文简历"
    )
    bob_cv = _resume(bob, demo_files.docx("鲍勃 · 机器人工程师", BOB_DOCX), "bob.docx", "鲍勃简历")
    jobs = _jobs(organisation, staff)
    data_job, pm_job = _best(alice, jobs, 2)
    (robot_job,) = _best(bob, [j for j in jobs if j not in (data_job, pm_job)] or jobs, 1)
    made = 0

    def apply(user, job, resume, note):
        nonlocal made
        found = Application.objects.filter(job=job, candidate=user).first()
        if found is not None:
            return found, False
        made += 1
        return applications.apply(user, job.pk, resume_id=resume.pk, note=note), True

    # alice → data scientist: shortlisted, then an interview tomorrow 10:00 Shanghai time
    first, new = apply(alice, data_job, alice_cv, "我对贵公司的数据团队很感兴趣。")
    if new:
        applications.move(staff, first.pk, "viewed")
        applications.move(staff, first.pk, "shortlisted", note="强 Python / 机器学习")
        tomorrow = timezone.localdate() + timedelta(days=1)
        start = datetime.combine(tomorrow, time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
        interviews.schedule(
            staff,
            first.pk,
            slots=[(start, start + timedelta(minutes=45)), (start + timedelta(hours=4), start + timedelta(hours=5))],
            topic="一面 · First interview",
        )
    # bob → robotics: shortlisted; alice → product manager: new
    second, new = apply(bob, robot_job, bob_cv, "Six years with industrial robots; happy to relocate.")
    if new:
        applications.move(staff, second.pk, "shortlisted")
    apply(alice, pm_job, alice_cv, "")
    # the employer invites bob (he applied before: in the talent pool) to the data job
    invited = 0
    if not Invitation.objects.filter(job=data_job, candidate=bob).exists():
        talent.invite(staff, data_job.pk, bob.pk, message="您的经历很适合我们的数据岗位，欢迎申请。")
        invited = 1
    return {
        "applications": made,
        "invitations": invited,
        "resumes": Resume.objects.filter(owner__in=[alice, bob]).count(),
    }
