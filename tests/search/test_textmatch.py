"""search.textmatch: one concept space for Chinese and English texts, ranked with reasons."""

import pytest

from accounts.models import Interest
from search import textmatch
from search.textmatch import Doc, TextIndex, factors
from search.textmatch.concepts import build_vocabulary, seed_interests

VOCAB = build_vocabulary(seed_interests())

JOBS = [
    Doc("ml", ("Machine Learning Engineer", "Train deep learning models (PyTorch) for recommendation and search.")),
    Doc("chip", ("Digital IC Design Engineer", "RTL design in Verilog for SoC chips; synthesis and timing.")),
    Doc("pharma", ("Clinical Research Associate", "Monitor oncology clinical trials for new drugs.")),
    Doc("battery", ("Battery Cell Engineer", "Lithium-ion cathode and electrolyte development.")),
    Doc("teacher", ("Mathematics Teacher", "Teach IB mathematics at an international school.")),
]


def index_of(docs):
    index = TextIndex(VOCAB)
    index.add_many(docs)
    return index


@pytest.mark.parametrize(
    ("resume", "expected"),
    [
        ("三年深度学习算法经验，做过推荐系统，熟悉PyTorch", "ml"),
        ("集成电路设计工程师，五年数字前端经验，精通Verilog", "chip"),
        ("临床监查员，负责肿瘤创新药临床试验", "pharma"),
        ("锂电池正极材料研发，电化学博士", "battery"),
        ("高中数学教师，八年教学经验", "teacher"),
    ],
)
def test_a_chinese_resume_finds_the_english_only_job(resume, expected):
    hits = index_of(JOBS).search(Doc("me", (resume,)), limit=3)
    assert hits and hits[0].id == expected


def test_an_english_resume_finds_the_chinese_only_job_and_says_why_in_both_languages():
    index = index_of(
        [
            Doc(1, ("芯片验证工程师", "负责SoC芯片功能验证，熟悉UVM方法学。")),
            Doc(2, ("储能系统工程师", "负责储能电站电池管理系统设计。")),
            Doc(3, ("金融风控经理", "负责信用风险模型与合规管理。")),
        ]
    )
    hits = index.search(Doc("me", ("Semiconductor verification engineer, UVM testbenches for chips",)), limit=3)
    assert hits[0].id == 1
    labels = {c.key for c in hits[0].concepts}
    assert "integrated-circuits" in labels
    reason = hits[0].reason()
    assert "集成电路" in reason["zh"] and "Integrated circuits" in reason["en"]


def test_synonyms_and_abbreviations_land_on_one_concept():
    for text in ("机器学习", "machine learning", "ML", "Machine-Learning", "人工智能", "AI"):
        assert "artificial-intelligence" in textmatch.analyse([text], vocab=VOCAB).concepts, text
    for text in ("芯片", "集成电路", "semiconductors", "IC"):
        assert "integrated-circuits" in textmatch.analyse([text], vocab=VOCAB).concepts, text
    for text in ("生物医药", "biomedicine", "pharma"):
        assert "biomedicine" in textmatch.analyse([text], vocab=VOCAB).concepts, text


def test_english_words_match_as_whole_words_only():
    # "it" is not information technology, "ml" inside "html" is not machine learning.
    analysis = textmatch.analyse(["It is fine: HTML and CSS"], vocab=VOCAB)
    assert "information-technology" not in analysis.concepts
    assert "artificial-intelligence" not in analysis.concepts


def test_facets_cities_languages_education_are_read_in_both_languages():
    zh = textmatch.analyse(["硕士，英语流利，希望在上海或深圳工作"], vocab=VOCAB)
    en = textmatch.analyse(["PhD, fluent in English and Japanese, based in Shanghai"], vocab=VOCAB)
    assert zh.cities == {"shanghai", "shenzhen"} and zh.languages == {"en"} and zh.education == 3
    assert en.cities == {"shanghai"} and en.languages == {"en", "ja"} and en.education == 4
    # Facets are not the subject: a city never makes two texts similar.
    assert "x:shanghai" not in zh.concepts


def test_explicit_concepts_count_without_any_text():
    index = index_of([Doc("a", (), ("integrated-circuits",)), Doc("b", (), ("fintech",))])
    assert [h.id for h in index.search(Doc("q", ("芯片",)))] == ["a"]


def test_neighbouring_subjects_meet_through_the_parent_field():
    index = index_of([Doc("drugs", ("创新药研发",)), Doc("banks", ("银行信贷",))])
    hits = index.search(Doc("q", ("medical devices",)))
    assert [h.id for h in hits] == ["drugs"]  # both under 生物医药 Biomedicine
    assert hits[0].score < 0.5


def test_unrelated_documents_are_left_out_and_scores_are_bounded():
    hits = index_of(JOBS).search(Doc("q", ("Mathematics teacher",)), limit=10)
    assert hits[0].id == "teacher" and 0 < hits[0].score <= 1.0
    assert "battery" not in {h.id for h in hits}


def test_add_replace_remove_and_filters():
    index = index_of(JOBS)
    query = Doc("q", ("lithium battery engineer",))
    assert index.search(query, limit=1)[0].id == "battery"
    assert index.search(query, limit=1, exclude={"battery"})[0].id != "battery"
    assert index.search(query, ids={"battery", "ml"}, limit=5)[0].id == "battery"
    index.add(Doc("battery", ("Gardener",)))
    assert "battery" not in {h.id for h in index.search(query)}
    index.remove("ml")
    assert "ml" not in index and len(index) == 4
    assert index.search(Doc("q", ("",))) == []


def test_empty_index_and_one_off_rank():
    assert TextIndex(VOCAB).search(Doc("q", ("芯片",))) == []
    hits = textmatch.rank(Doc("q", ("芯片设计",)), JOBS, limit=2, vocab=VOCAB)
    assert hits[0].id == "chip" and len(hits) <= 2


def test_factors_combine_multiplicatively_and_unknown_is_neutral():
    assert factors.location_fit({"shanghai"}, {"shanghai", "beijing"}) == 1.0
    assert factors.location_fit({"remote"}, {"beijing"}) == 1.0
    assert factors.location_fit({"shanghai"}, set()) is None
    assert factors.language_fit({"en", "zh"}, {"zh"}) == 0.5
    assert factors.education_fit(4, 3) == 0.5 and factors.education_fit(2, 4) == 1.0
    assert factors.salary_fit((20000, 30000), (25000, None)) == 1.0
    assert factors.salary_fit((10000, 15000), (30000, 40000)) == 0.5
    assert factors.salary_fit((None, None), (1, 2)) is None
    assert factors.combine(0.5, {"location": None, "salary": None}) == 0.5
    assert factors.combine(0.5, {"location": 0.0}) == pytest.approx(0.5 * 0.75)
    assert factors.combine(0.0, {"location": 1.0}) == 0.0


@pytest.mark.django_db
def test_the_database_vocabulary_follows_the_taxonomy_and_its_synonyms():
    textmatch.invalidate()
    assert "biomedicine" in textmatch.analyse(["pharma"]).concepts  # the migration's synonyms
    field = Interest.objects.get(slug="marine-engineering")
    field.synonyms = "深海装备\nsubsea systems"
    field.save()  # the signal drops the cached vocabulary
    assert "marine-engineering" in textmatch.analyse(["subsea systems"]).concepts
    assert "marine-engineering" in textmatch.analyse(["深海装备"]).concepts
    assert field.synonym_list() == ["深海装备", "subsea systems"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.text(max_size=300), st.text(max_size=300))
def test_any_text_analyses_and_ranks_without_error_within_bounds(document, query):
    index = index_of([*JOBS, Doc("odd", (document,))])
    for hit in index.search(Doc("q", (query,)), limit=10):
        assert 0.0 < hit.score <= 1.0 + 1e-9
        assert isinstance(hit.reason(), dict)
