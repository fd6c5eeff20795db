"""jobs_for / candidates_for on the real models: a candidate's profile, skills and résumé text
find jobs; an employer sees only its talent pool, ranked, with reasons."""

import pytest

from recruitment import applications, candidates, matching, matching_models
from tests.recruitment import resume_media
from tests.recruitment.candidates_fixtures import *  # noqa: F403
from tests.recruitment.candidates_fixtures import resume_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_indexes():
    matching_models.job_index.reset()
    matching_models.candidate_index.reset()
    yield
    matching_models.job_index.reset()
    matching_models.candidate_index.reset()


def chip_candidate(person, username="li"):
    user = person(username)
    candidates.update_profile(
        user,
        headline="芯片验证工程师",
        skills=["integrated-circuits"],
        desired_cities=["上海"],
        languages=["zh", "en"],
        education_level="master",
        experience_years=4,
    )
    resume_of(
        user, resume_media.docx(["李雷 简历", "四年SoC芯片验证经验，搭建UVM验证平台，负责覆盖率收敛。"]), "cv.docx"
    )
    return user


def test_jobs_for_a_profile_reads_its_skills_cities_and_resume(employer, make_job, person):
    org, _ = employer
    english_job = make_job(
        org, title="", title_en="Design Verification Engineer", description_en="UVM for SoC chips.", city_en="Shanghai"
    )
    make_job(org, title="会计", title_en="", description="负责财务报表。", city="北京")
    user = chip_candidate(person)
    matches = matching.jobs_for(user.candidate_profile, 5)
    assert matches[0].item == english_job
    codes = {r.code for r in matches[0].reasons if r.ok}
    assert {"skills", "location"} <= codes


def test_candidates_for_ranks_only_the_pool_of_the_jobs_organisation(employer, make_job, person):
    org, _staff = employer
    job = make_job(org, title="芯片验证工程师", title_en="", description="UVM验证，SoC芯片。", city="上海")
    applicant = chip_candidate(person, "li")
    applications.apply(applicant, job.pk)
    outsider = chip_candidate(person, "wang")  # same skills, never applied, not opted in
    matches = matching.candidates_for(job, 5)
    assert [m.item.user for m in matches] == [applicant]
    assert outsider.candidate_profile.pk not in [m.id for m in matches]
    assert any(r.code == "skills" and r.ok for r in matches[0].reasons)


def test_the_matching_api_in_both_directions_and_its_refusals(employer, make_job, person, api):
    org, staff = employer
    job = make_job(
        org, title="", title_en="Verification Engineer", description_en="UVM, SoC chips.", city_en="Shanghai"
    )
    applicant = chip_candidate(person)
    applications.apply(applicant, job.pk)

    mine = api(applicant).get("/api/recruitment/me/matches?limit=3")
    assert mine.status_code == 200
    first = mine.json()[0]
    assert first["job"]["id"] == job.pk and 0 < first["score"] <= 1
    assert {r["code"] for r in first["reasons"]} >= {"skills", "location"}
    assert all(set(r) == {"code", "ok", "zh", "en"} for r in first["reasons"])
    assert api(person("nobody")).get("/api/recruitment/me/matches").json() == []  # no profile yet

    ranked = api(staff).get(f"/api/recruitment/jobs/{job.pk}/candidates")
    assert ranked.status_code == 200
    assert [c["candidate"]["user_id"] for c in ranked.json()] == [applicant.pk]
    # Not the organisation's staff: the job does not exist for them (404, the one error shape).
    refused = api(applicant).get(f"/api/recruitment/jobs/{job.pk}/candidates")
    assert refused.status_code == 404 and "code" in refused.json()
    assert api(staff).get("/api/recruitment/jobs/999999/candidates").status_code == 404
    for bad in ("0", "51", "x"):
        answer = api(staff).get(f"/api/recruitment/jobs/{job.pk}/candidates?limit={bad}")
        assert answer.status_code == 422 and "code" in answer.json()
    assert api(None).get("/api/recruitment/me/matches").status_code == 401
