"""recruitment.matching_models: jobs stored through recruitment.jobs are ranked for a candidate,
the per-process index follows publishing, edits, closing and taxonomy changes."""

import pytest

from accounts.models import Interest, Organisation, User
from accounts.services import add_organisation_member
from recruitment import matching_models
from recruitment.jobs import close_job, create_job, update_job
from recruitment.matching import CandidateDocument
from search import textmatch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index():
    matching_models.job_index.reset()
    textmatch.invalidate()
    yield
    matching_models.job_index.reset()


@pytest.fixture
def employer():
    org = Organisation.objects.create(name="芯联科技", name_en="ChipLink")
    staff = User.objects.create_user("chip-staff", password=None)
    add_organisation_member(organisation=org, user=staff)
    return org, staff


def post(employer, **fields):
    org, staff = employer
    return create_job(by=staff, organisation=org, publish=True, **fields)


def test_a_chinese_candidate_gets_the_english_only_job_with_reasons(employer):
    verification = post(
        employer,
        title_en="Design Verification Engineer",
        description_en="UVM testbenches for SoC chips. Fluent English.",
        city_en="Shanghai",
        languages=["en"],
        education="master",
    )
    post(employer, title="临床研究经理", description="负责创新药临床试验。", city="北京")
    me = CandidateDocument("me", ("芯片验证工程师，硕士，四年UVM经验，英语流利",), cities=("上海",))
    matches = matching_models.jobs_for(me, limit=5)
    assert [m.item for m in matches] == [verification]
    reasons = {r["code"]: r for r in matches[0].reasons_dicts()}
    assert reasons["skills"]["ok"] and "集成电路" in reasons["skills"]["zh"]
    assert reasons["location"]["ok"] and reasons["language"]["ok"] and reasons["education"]["ok"]


def test_the_explicit_field_and_skills_count(employer):
    ai = Interest.objects.get(slug="artificial-intelligence")
    job = post(employer, title="研究员", description="加入我们的团队。", field=ai.pk)
    matches = matching_models.jobs_for(CandidateDocument("me", ("machine learning researcher",)), limit=3)
    assert matches and matches[0].item == job


def test_the_index_follows_edits_closing_and_drafts(employer):
    org, staff = employer
    job = post(employer, title_en="Battery Cell Engineer", description_en="Lithium-ion cathode development.")
    draft = create_job(by=staff, organisation=org, title_en="Battery Test Engineer", description_en="Battery cycling.")
    query = CandidateDocument("me", ("锂电池研发",))
    assert [m.item for m in matching_models.jobs_for(query)] == [job]  # drafts are not offered
    update_job(by=staff, job_id=job.pk, title_en="Gardener", description_en="Parks and flowers.")
    assert matching_models.jobs_for(query) == []
    update_job(by=staff, job_id=job.pk, title_en="Battery Cell Engineer", description_en="Cathode and electrolyte.")
    assert [m.item for m in matching_models.jobs_for(query)] == [job]
    close_job(by=staff, job_id=job.pk)
    assert matching_models.jobs_for(query) == []
    assert draft.status == "draft"


def test_a_new_synonym_reaches_the_index(employer):
    job = post(employer, title_en="Subsea Systems Engineer", description_en="Subsea systems for offshore rigs.")
    query = CandidateDocument("me", ("深海装备工程师",))
    before = matching_models.jobs_for(query)  # at most the shared role word "engineer"
    assert all(m.score < 0.1 and not any(r.code == "skills" for r in m.reasons) for m in before)
    field = Interest.objects.get(slug="marine-engineering")
    field.synonyms = "深海装备, subsea systems"
    field.save()
    after = matching_models.jobs_for(query)
    assert [m.item for m in after] == [job] and after[0].score > 0.4
    assert "海洋工程装备" in next(r.zh for r in after[0].reasons if r.code == "skills")


def test_candidates_for_ranks_given_documents_and_is_empty_without_a_pool(employer):
    job = post(employer, title="数字IC设计工程师", description="负责芯片RTL设计。", city="上海")
    docs = [
        CandidateDocument(1, ("RTL design engineer for SoC chips, Verilog",), cities=("Shanghai",)),
        CandidateDocument(2, ("Food safety manager",)),
    ]
    assert [m.id for m in matching_models.candidates_for(job, candidates=docs)] == [1]
    assert matching_models.candidates_for(job) == []  # nobody applied or opted in
