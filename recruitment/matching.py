"""Two-way matching (双向选择): ranked jobs for a candidate and ranked candidates for a job, each
with its reasons in Chinese and English (docs/matching.md).

The ranking works on plain documents (`JobDocument`, `CandidateDocument`): text similarity from
`search.textmatch` (one concept space for Chinese and English, so a Chinese résumé finds an
English-only job), then the structured factors (location, language, education, experience,
salary) as multiplicative fits. `recruitment.matching_models` turns the models into documents
and keeps one index per process; `jobs_for(profile)` and `candidates_for(job)` are there and
re-exported here.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from search import textmatch
from search.text import _CJK_RUN, _RUN, normalise
from search.textmatch import Doc, TextIndex, factors
from search.textmatch.analysis import Analysis

EDUCATION_LEVEL = {"any": 0, "": 0, "high_school": 0, "vocational": 1, "bachelor": 2, "master": 3, "doctorate": 4}
EDUCATION_LABEL = {
    1: ("大专", "associate degree"),
    2: ("本科", "bachelor's degree"),
    3: ("硕士", "master's degree"),
    4: ("博士", "doctorate"),
}
LANGUAGE_LABEL = {
    "zh": ("中文", "Chinese"),
    "en": ("英语", "English"),
    "ja": ("日语", "Japanese"),
    "ko": ("韩语", "Korean"),
    "de": ("德语", "German"),
    "fr": ("法语", "French"),
    "es": ("西班牙语", "Spanish"),
    "ru": ("俄语", "Russian"),
    "ar": ("阿拉伯语", "Arabic"),
}
WEIGHTS = {**factors.WEIGHTS, "experience": 0.2}
SHORTLIST = 100  # text hits re-scored with the structured factors


@dataclass(frozen=True)
class JobDocument:
    id: Hashable
    title: str = ""
    title_en: str = ""
    text: str = ""
    text_en: str = ""
    city: str = ""
    city_en: str = ""
    concepts: tuple[str, ...] = ()  # taxonomy slugs: the job's field and skills
    languages: tuple[str, ...] = ()  # required, ISO codes
    education: str = ""  # any | vocational | bachelor | master | doctorate
    experience_years_min: int = 0
    salary_min: int | None = None
    salary_max: int | None = None


@dataclass(frozen=True)
class CandidateDocument:
    id: Hashable
    texts: tuple[str, ...] = ()  # headline, summary, experience, résumé text
    concepts: tuple[str, ...] = ()  # skills and desired fields
    cities: tuple[str, ...] = ()  # desired, as typed
    languages: tuple[str, ...] = ()
    education: str = ""
    experience_years: int | None = None
    salary_min: int | None = None
    salary_max: int | None = None


@dataclass(frozen=True)
class Reason:
    code: str  # skills | location | language | education | experience | salary
    ok: bool
    zh: str
    en: str

    def as_dict(self) -> dict:
        return {"code": self.code, "ok": self.ok, "zh": self.zh, "en": self.en}


@dataclass
class Match:
    id: Hashable
    score: float
    text_score: float
    reasons: list[Reason] = field(default_factory=list)
    item: Any = None  # the Job or CandidateProfile, filled by the model adapter

    def reasons_dicts(self) -> list[dict]:
        return [r.as_dict() for r in self.reasons]


# -- facets ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Facets:
    cities: frozenset[str]
    languages: frozenset[str]
    education: int
    experience: int | None
    salary: tuple[int | None, int | None]
    city_label: tuple[str, str] = ("", "")


def _city_keys(names: Iterable[str], vocab) -> frozenset[str]:
    keys: set[str] = set()
    for name in names:
        if not name:
            continue
        found = textmatch.analyse([name], vocab=vocab).cities
        keys |= found or {normalise(name).strip()}
    return frozenset(keys)


def _script_languages(texts: Iterable[str]) -> set[str]:
    """Languages a person evidently writes: a résumé in English says English, in Chinese, Chinese."""
    cjk = latin = 0
    for text in texts:
        for run in _RUN.findall(normalise(text or "")[:5000]):
            if _CJK_RUN.match(run):
                cjk += len(run)
            elif run.isalpha():
                latin += 1
    out = set()
    if cjk >= 20:
        out.add("zh")
    if latin >= 15:
        out.add("en")
    return out


def job_facets(job: JobDocument, analysis: Analysis, vocab) -> _Facets:
    cities = _city_keys([job.city, job.city_en], vocab) or frozenset(analysis.cities)
    return _Facets(
        cities=cities,
        languages=frozenset(job.languages) or frozenset(analysis.languages),
        education=EDUCATION_LEVEL.get(job.education, 0) or analysis.education,
        experience=job.experience_years_min or None,
        salary=(job.salary_min, job.salary_max),
        city_label=(job.city or job.city_en, job.city_en or job.city),
    )


def candidate_facets(candidate: CandidateDocument, analysis: Analysis, vocab) -> _Facets:
    cities = _city_keys(candidate.cities, vocab) or frozenset(analysis.cities)
    languages = set(candidate.languages) or (set(analysis.languages) | _script_languages(candidate.texts))
    return _Facets(
        cities=cities,
        languages=frozenset(languages),
        education=EDUCATION_LEVEL.get(candidate.education, 0) or analysis.education,
        experience=candidate.experience_years,
        salary=(candidate.salary_min, candidate.salary_max),
    )


def job_doc(job: JobDocument) -> Doc:
    return Doc(job.id, (job.title, job.title_en, job.title, job.title_en, job.text, job.text_en), job.concepts)


def candidate_doc(candidate: CandidateDocument) -> Doc:
    return Doc(candidate.id, candidate.texts, candidate.concepts)


# -- scoring a pair ----------------------------------------------------------------------------
def _experience_fit(required: int | None, has: int | None) -> float | None:
    if not required or has is None:
        return None
    return 1.0 if has >= required else max(0.0, 1.0 - 0.2 * (required - has))


def fits_of(job: _Facets, candidate: _Facets) -> dict[str, float | None]:
    return {
        "location": factors.location_fit(job.cities, candidate.cities),
        "language": factors.language_fit(job.languages, candidate.languages),
        "education": factors.education_fit(job.education, candidate.education),
        "experience": _experience_fit(job.experience, candidate.experience),
        "salary": factors.salary_fit(job.salary, candidate.salary),
    }


def evaluate(text_hit: textmatch.Hit, job: _Facets, candidate: _Facets) -> tuple[float, list[Reason]]:
    """The combined score of a pair and its reasons."""
    fits = fits_of(job, candidate)
    return factors.combine(text_hit.score, fits, WEIGHTS), _reasons(text_hit, fits, job, candidate)


def _ranked(index: TextIndex, query: Analysis, pairs, limit: int, ids) -> list[Match]:
    """Text shortlist → structured factors → the best `limit`, reasons only for those."""
    scored = []
    for doc_id, text_score in index.top(query, max(limit * 5, SHORTLIST), ids=ids):
        job, candidate = pairs(doc_id)
        scored.append((factors.combine(text_score, fits_of(job, candidate), WEIGHTS), text_score, doc_id))
    scored.sort(key=lambda s: -s[0])
    out = []
    for score, text_score, doc_id in scored[:limit]:
        job, candidate = pairs(doc_id)
        hit = index.hit(query, doc_id, text_score)
        out.append(Match(doc_id, score, text_score, _reasons(hit, fits_of(job, candidate), job, candidate)))
    return out


def _reasons(hit: textmatch.Hit, fits: dict, job: _Facets, candidate: _Facets) -> list[Reason]:
    out: list[Reason] = []
    if hit.concepts:
        zh = "、".join(c.label_zh for c in hit.concepts[:5])
        en = ", ".join(c.label_en for c in hit.concepts[:5])
        out.append(Reason("skills", True, f"匹配的领域与技能：{zh}", f"Matched fields and skills: {en}"))
    elif hit.words:
        words = ", ".join(hit.words[:5])
        out.append(Reason("skills", True, f"共同关键词：{words}", f"Shared keywords: {words}"))
    if (fit := fits["location"]) is not None:
        zh_city, en_city = job.city_label if any(job.city_label) else ("", "")
        if fit:
            out.append(Reason("location", True, f"工作地点相符：{zh_city}", f"Location matches: {en_city}"))
        else:
            out.append(
                Reason(
                    "location", False, f"工作地点为{zh_city}，不在期望城市", f"Located in {en_city}, not a city wanted"
                )
            )
    if (fit := fits["language"]) is not None:
        names_zh = "、".join(LANGUAGE_LABEL.get(code, (code, code))[0] for code in sorted(job.languages))
        names_en = ", ".join(LANGUAGE_LABEL.get(code, (code, code))[1] for code in sorted(job.languages))
        if fit == 1.0:
            out.append(
                Reason("language", True, f"语言要求相符：{names_zh}", f"Languages required and spoken: {names_en}")
            )
        else:
            out.append(
                Reason(
                    "language",
                    False,
                    f"语言要求：{names_zh}（未全部具备）",
                    f"Languages required: {names_en} (not all spoken)",
                )
            )
    if (fit := fits["education"]) is not None:
        zh, en = EDUCATION_LABEL[job.education]
        if fit == 1.0:
            out.append(
                Reason(
                    "education", True, f"学历满足要求（{zh}及以上）", f"Education meets the requirement ({en} or above)"
                )
            )
        else:
            out.append(Reason("education", False, f"学历低于要求（{zh}）", f"Education below the requirement ({en})"))
    if (fit := fits["experience"]) is not None:
        years = job.experience
        if fit == 1.0:
            out.append(
                Reason(
                    "experience",
                    True,
                    f"工作经验满足（{years}年以上）",
                    f"Experience meets the requirement ({years}+ years)",
                )
            )
        else:
            out.append(Reason("experience", False, f"工作经验少于{years}年", f"Less than {years} years of experience"))
    if (fit := fits["salary"]) is not None:
        if fit == 1.0:
            out.append(Reason("salary", True, "薪资范围与期望重叠", "Salary range overlaps what is wanted"))
        else:
            out.append(Reason("salary", False, "薪资低于期望", "Salary below what is wanted"))
    return out


# -- rankers -----------------------------------------------------------------------------------
class JobRanker:
    """Jobs indexed once; `rank(candidate)` gives the best jobs for a candidate."""

    def __init__(self, jobs: Iterable[JobDocument] = (), vocab=None) -> None:
        self.vocab = vocab or textmatch.vocabulary()
        self.index = TextIndex(self.vocab)
        self.facets: dict[Hashable, _Facets] = {}
        for job in jobs:
            self.add(job)

    def add(self, job: JobDocument) -> None:
        analysis = self.index.add(job_doc(job))
        self.facets[job.id] = job_facets(job, analysis, self.vocab)

    def remove(self, job_id: Hashable) -> None:
        self.index.remove(job_id)
        self.facets.pop(job_id, None)

    def __len__(self) -> int:
        return len(self.index)

    def rank(
        self, candidate: CandidateDocument, limit: int = 10, *, ids: Collection[Hashable] | None = None
    ) -> list[Match]:
        query = self.index.analyse(candidate_doc(candidate))
        me = candidate_facets(candidate, query, self.vocab)
        return _ranked(self.index, query, lambda job_id: (self.facets[job_id], me), limit, ids)


class CandidateRanker:
    """Candidates indexed once; `rank(job)` gives the best candidates for a job."""

    def __init__(self, candidates: Iterable[CandidateDocument] = (), vocab=None) -> None:
        self.vocab = vocab or textmatch.vocabulary()
        self.index = TextIndex(self.vocab)
        self.facets: dict[Hashable, _Facets] = {}
        for candidate in candidates:
            self.add(candidate)

    def add(self, candidate: CandidateDocument) -> None:
        analysis = self.index.add(candidate_doc(candidate))
        self.facets[candidate.id] = candidate_facets(candidate, analysis, self.vocab)

    def remove(self, candidate_id: Hashable) -> None:
        self.index.remove(candidate_id)
        self.facets.pop(candidate_id, None)

    def __len__(self) -> int:
        return len(self.index)

    def rank(self, job: JobDocument, limit: int = 10, *, ids: Collection[Hashable] | None = None) -> list[Match]:
        query = self.index.analyse(job_doc(job))
        facets = job_facets(job, query, self.vocab)
        return _ranked(self.index, query, lambda candidate_id: (facets, self.facets[candidate_id]), limit, ids)


# -- what the pages and the API call (the models' side is recruitment.matching_models) ---------
def jobs_for(candidate_profile, limit: int = 10) -> list[Match]:
    """Open jobs best matching a CandidateProfile (or a CandidateDocument), `match.item` the Job."""
    from recruitment import matching_models

    return matching_models.jobs_for(candidate_profile, limit)


def candidates_for(job, limit: int = 10) -> list[Match]:
    """Candidates of the job's organisation's talent pool best matching the job, `match.item`
    the CandidateProfile."""
    from recruitment import matching_models

    return matching_models.candidates_for(job, limit)
