"""A text (or several: a title, a description, its English version) → its concepts, its words
and its facets. Words: Chinese segmented by jieba in search mode (so 机器学习工程师 also gives
机器, 学习, 工程师), single characters dropped (they match everything); English lowercased and
Snowball-stemmed, stop words dropped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import jieba

from search.text import _CJK_RUN, _RUN, normalise, stem
from search.textmatch.concepts import EDUCATION_LEVELS, FACETS, Vocabulary

MAX_TEXT_CHARS = 20000  # a résumé's extracted text is cut here: the first pages say enough
EXPLICIT_WEIGHT = 2  # a concept the author chose (a job's field, a profile's skill) counts twice

STOP_EN = frozenset(
    stem(w)
    for w in (
        "a an and or the of to in on for with at by from as is are be been was were will would can could "
        "should may must this that these those it its we you your our they their he she his her i me my "
        "us not no yes do does did have has had into over under about more most other such than then "
        "also very well good strong new who whom which what when where how all any each per etc "
        "year years experience experienced work working job role position team ability able skill "
        "skills plus preferred required requirement requirements responsible responsibilities candidate "
        "including include using use based related relevant least degree familiar knowledge looking"
    ).split()
)
STOP_ZH = frozenset(
    "我们 你们 他们 以及 或者 并且 具有 具备 能够 负责 相关 以上 以下 经验 熟悉 掌握 了解 能力 工作 优先 要求 "
    "岗位 职位 职责 任职 公司 团队 良好 较强 进行 参与 希望 寻找 一个 一名 一些 其他 主要 包括 通过 本人 目前 "
    "个人 方面 领域 专业 优秀 完成 年 以上学历 以上经验 我 的 了 和 与 及 在 是 有 等".split()
)


@dataclass
class Analysis:
    concepts: Counter = field(default_factory=Counter)  # topical concept keys (fields, skills, roles)
    words: Counter = field(default_factory=Counter)  # stems / Chinese words
    cities: set[str] = field(default_factory=set)  # lexicon keys: shanghai, remote
    languages: set[str] = field(default_factory=set)  # ISO codes: zh, en
    education: int = 0  # highest level mentioned (EDUCATION_LEVELS), 0 = none
    surface: dict[str, str] = field(default_factory=dict)  # English stem -> a word it came from

    @property
    def empty(self) -> bool:
        return not self.concepts and not self.words


def _words(text: str, surface: dict[str, str]) -> list[str]:
    out: list[str] = []
    for run in _RUN.findall(text):
        if _CJK_RUN.match(run):
            out.extend(w for w in jieba.cut_for_search(run) if len(w) > 1 and w not in STOP_ZH)
        elif not run.isdigit() and len(run) > 1:
            s = stem(run)
            if s not in STOP_EN:
                out.append(s)
                surface.setdefault(s, run)
    return out


def analyse(texts: Iterable[str], vocab: Vocabulary, concepts: Iterable[str] = ()) -> Analysis:
    """`concepts`: keys the author chose explicitly (taxonomy slugs), counted EXPLICIT_WEIGHT times."""
    result = Analysis()
    for text in texts:
        if not text:
            continue
        text = normalise(text[:MAX_TEXT_CHARS])
        for key in vocab.find(text):
            concept = vocab.concepts[key]
            if concept.kind in FACETS:
                _facet(result, concept.kind, key)
            else:
                result.concepts[key] += 1
        result.words.update(_words(text, result.surface))
    for key in concepts:
        concept = vocab.concepts.get(key)
        if concept is None:
            continue
        if concept.kind in FACETS:
            _facet(result, concept.kind, key)
        else:
            result.concepts[key] += EXPLICIT_WEIGHT
    return result


def _facet(result: Analysis, kind: str, key: str) -> None:
    bare = key.removeprefix("x:")
    if kind == "city":
        result.cities.add(bare)
    elif kind == "language":
        result.languages.add(bare)
    elif kind == "education":
        result.education = max(result.education, EDUCATION_LEVELS.get(bare, 0))


def expand(concepts: Counter, vocab: Vocabulary, share: float = 0.5) -> dict[str, float]:
    """Each concept also counts, at `share` per level, for its broader ones (深度学习 → 人工智能
    → 信息技术), so two texts about neighbouring subjects still meet a little."""
    out: dict[str, float] = {}
    for key, count in concepts.items():
        weight, frontier, seen = float(count), [key], {key}
        while frontier and weight > 0.05:
            for k in frontier:
                out[k] = out.get(k, 0.0) + weight
            weight *= share
            nxt = []
            for k in frontier:
                for parent in vocab.concepts[k].parents if k in vocab.concepts else ():
                    if parent not in seen and parent in vocab.concepts:
                        seen.add(parent)
                        nxt.append(parent)
            frontier = nxt
    return out
