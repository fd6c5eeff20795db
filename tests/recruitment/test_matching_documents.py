"""recruitment.matching on plain documents: both directions, cross-language, the structured
factors and the reasons in zh and en; and the shipped labelled set is well-formed."""

import json
from pathlib import Path

from recruitment.matching import CandidateDocument, CandidateRanker, JobDocument, JobRanker
from search.textmatch.concepts import build_vocabulary, seed_interests

VOCAB = build_vocabulary(seed_interests())
ROOT = Path(__file__).resolve().parents[2]

JOBS = [
    JobDocument(
        1, title_en="Design Verification Engineer", text_en="UVM testbenches for SoC chips.", city_en="Shanghai"
    ),
    JobDocument(2, title="数字IC设计工程师", text="负责芯片RTL设计，熟悉Verilog。", city="上海", education="master"),
    JobDocument(3, title="临床研究经理", text="负责创新药临床试验。", city="北京"),
    JobDocument(
        4,
        title_en="IC Verification Engineer",
        text_en="Chip verification with UVM. Fluent English required.",
        city_en="Shenzhen",
        languages=("en",),
        salary_min=20000,
        salary_max=30000,
        experience_years_min=5,
    ),
]


def test_a_chinese_resume_ranks_the_english_jobs_that_need_it_and_says_why():
    ranker = JobRanker(JOBS, vocab=VOCAB)
    me = CandidateDocument("me", ("芯片验证工程师，四年UVM验证经验，SoC验证平台。",), cities=("上海",))
    matches = ranker.rank(me, limit=3)
    assert [m.id for m in matches][:2] == [1, 4]  # Shanghai before Shenzhen, same skills
    codes = {r.code: r for r in matches[0].reasons}
    assert codes["skills"].ok and "集成电路" in codes["skills"].zh and "Integrated circuits" in codes["skills"].en
    assert codes["location"].ok and "Shanghai" in codes["location"].en
    assert 3 not in [m.id for m in matches]  # clinical research shares nothing
    for m in matches:
        assert 0 < m.score <= m.text_score <= 1


def test_structured_factors_lower_a_mismatch_and_name_it():
    ranker = JobRanker(JOBS, vocab=VOCAB)
    me = CandidateDocument(
        "me",
        ("IC verification engineer, UVM, chips",),
        cities=("深圳",),
        languages=("zh",),
        experience_years=2,
        salary_min=40000,
    )
    match = next(m for m in ranker.rank(me, limit=4) if m.id == 4)
    reasons = {r.code: r for r in match.reasons}
    assert reasons["location"].ok
    assert not reasons["language"].ok and "English" in reasons["language"].en and "英语" in reasons["language"].zh
    assert not reasons["experience"].ok and "5" in reasons["experience"].en
    assert not reasons["salary"].ok
    assert match.score < match.text_score * 0.6
    assert all(set(r.as_dict()) == {"code", "ok", "zh", "en"} for r in match.reasons)


def test_education_below_the_job_requirement_is_a_reason():
    ranker = JobRanker(JOBS, vocab=VOCAB)
    match = next(
        m for m in ranker.rank(CandidateDocument("me", ("数字芯片设计，本科，Verilog",)), limit=4) if m.id == 2
    )
    education = next(r for r in match.reasons if r.code == "education")
    assert not education.ok and "硕士" in education.zh


def test_candidates_for_a_job_in_the_other_language():
    candidates = [
        CandidateDocument("zh-chip", ("集成电路验证工程师，熟悉UVM和SystemVerilog",), languages=("zh", "en")),
        CandidateDocument("en-pharma", ("Clinical research associate, oncology trials",)),
        CandidateDocument("en-chip", ("Analog circuit designer for wireless chips",)),
    ]
    ranker = CandidateRanker(candidates, vocab=VOCAB)
    matches = ranker.rank(JOBS[3], limit=3)
    assert matches[0].id == "zh-chip"
    assert "en-pharma" not in [m.id for m in matches]
    assert next(r for r in matches[0].reasons if r.code == "language").ok
    assert [m.id for m in ranker.rank(JOBS[3], limit=3, ids={"en-chip"})] == ["en-chip"]
    ranker.remove("zh-chip")
    assert "zh-chip" not in [m.id for m in ranker.rank(JOBS[3])]


def test_the_shipped_labelled_set_has_the_issue_format_and_size():
    data = json.loads((ROOT / "bench" / "data" / "matching.json").read_text(encoding="utf-8"))
    assert len(data["jobs"]) >= 40 and len(data["candidates"]) >= 80
    job_ids = {j["id"] for j in data["jobs"]}
    for job in data["jobs"]:
        assert set(job) >= {"id", "title", "title_en", "text", "text_en", "city"}
        assert job["title"] or job["title_en"]
    langs = {c["lang"] for c in data["candidates"]}
    assert langs == {"zh", "en"}
    for c in data["candidates"]:
        assert c["relevant"] and set(c["relevant"]) <= job_ids
    en_only = {j["id"] for j in data["jobs"] if not j["title"]}
    zh_only = {j["id"] for j in data["jobs"] if not j["title_en"]}
    assert any(c["lang"] == "zh" and set(c["relevant"]) & en_only for c in data["candidates"])
    assert any(c["lang"] == "en" and set(c["relevant"]) & zh_only for c in data["candidates"])
