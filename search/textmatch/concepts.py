"""The concept space: the taxonomy (accounts.Interest: zh and en names and synonyms) plus the
curated lexicon in data/lexicon.json (skills, roles, cities, languages, education levels).

Every term of every concept, in either language, is put in the same canonical form as the text it
is looked for in (NFKC, lowercase, English words Snowball-stemmed), so "Machine Learning",
"machine-learning" and 机器学习 all land on the concept `artificial-intelligence`. Chinese terms
are found as substrings of a Chinese run (longest first), English terms as whole stemmed words.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from search.text import _CJK_RUN, _RUN, normalise, stem

LEXICON_FILE = Path(__file__).parent / "data" / "lexicon.json"

# Kinds whose concepts are the text's subject (they enter the vectors); the other kinds are
# facets read by the structured factors (a city says where, not what).
TOPICAL = ("field", "skill", "role")
FACETS = ("city", "language", "education")
EDUCATION_LEVELS = {"college": 1, "bachelor": 2, "master": 3, "phd": 4}
MAX_LATIN_TERM_WORDS = 6
MAX_CJK_TERM_CHARS = 10


@dataclass(frozen=True)
class Concept:
    key: str  # taxonomy slug, or "x:<key>" for a lexicon term
    kind: str  # field | skill | role | city | language | education
    label_zh: str
    label_en: str
    parents: tuple[str, ...] = ()  # broader concepts (the taxonomy parent, a term's field)

    def label(self, lang: str) -> str:
        return (self.label_en or self.label_zh) if lang == "en" else (self.label_zh or self.label_en)


@dataclass
class Vocabulary:
    """All concepts and the lookup tables of their terms."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    cjk: dict[str, str] = field(default_factory=dict)  # canonical Chinese term -> concept key
    latin: dict[tuple[str, ...], str] = field(default_factory=dict)  # stemmed words -> key
    cjk_lengths: tuple[int, ...] = ()
    latin_lengths: tuple[int, ...] = ()

    def add(self, concept: Concept, terms: Iterable[str]) -> None:
        self.concepts[concept.key] = concept
        for term in terms:
            self._add_term(term, concept.key)

    def _add_term(self, term: str, key: str) -> None:
        runs = _RUN.findall(normalise(term))
        if not runs:
            return
        if len(runs) == 1 and _CJK_RUN.match(runs[0]):
            if 2 <= len(runs[0]) <= MAX_CJK_TERM_CHARS:
                self.cjk.setdefault(runs[0], key)
        elif not any(_CJK_RUN.match(r) for r in runs) and len(runs) <= MAX_LATIN_TERM_WORDS:
            self.latin.setdefault(tuple(stem(r) for r in runs), key)
        # Mixed terms (AI芯片) are left out: a term is one language or the other.

    def freeze(self) -> Vocabulary:
        self.cjk_lengths = tuple(sorted({len(t) for t in self.cjk}, reverse=True))
        self.latin_lengths = tuple(sorted({len(t) for t in self.latin}, reverse=True))
        return self

    def find(self, text: str) -> list[str]:
        """Concept keys found in `text`, in order, with repeats (leftmost-longest, no overlaps)."""
        found: list[str] = []
        latin: list[str] = []
        for run in _RUN.findall(normalise(text)):
            if _CJK_RUN.match(run):
                self._find_latin(latin, found)
                latin = []
                self._find_cjk(run, found)
            else:
                latin.append(stem(run))
        self._find_latin(latin, found)
        return found

    def _find_cjk(self, run: str, found: list[str]) -> None:
        i, n = 0, len(run)
        while i < n:
            for length in self.cjk_lengths:
                if i + length <= n and (key := self.cjk.get(run[i : i + length])):
                    found.append(key)
                    i += length
                    break
            else:
                i += 1

    def _find_latin(self, words: list[str], found: list[str]) -> None:
        i, n = 0, len(words)
        while i < n:
            for length in self.latin_lengths:
                if i + length <= n and (key := self.latin.get(tuple(words[i : i + length]))):
                    found.append(key)
                    i += length
                    break
            else:
                i += 1


def load_lexicon(path: Path = LEXICON_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["terms"]


def build_vocabulary(interests: Iterable[dict], lexicon: Iterable[dict] | None = None) -> Vocabulary:
    """`interests`: dicts with slug, name, name_en, synonyms (list), parent (slug or None).
    Taxonomy terms are added first: where a word is both a field's synonym and a lexicon
    term, the field wins."""
    vocab = Vocabulary()
    for item in interests:
        parents = (item["parent"],) if item.get("parent") else ()
        concept = Concept(item["slug"], "field", item["name"], item.get("name_en") or "", parents)
        vocab.add(concept, [item["name"], item.get("name_en") or "", *item.get("synonyms", ())])
    for term in load_lexicon() if lexicon is None else lexicon:
        zh, en = term.get("zh", []), term.get("en", [])
        parents = (term["field"],) if term.get("field") else ()
        key = "x:" + term["key"]
        label_zh = zh[0] if zh else (en[0] if en else term["key"])
        label_en = (en[0][:1].upper() + en[0][1:]) if en else label_zh
        vocab.add(Concept(key, term["kind"], label_zh, label_en, parents), [*zh, *en])
    return vocab.freeze()


def interests_from_db() -> list[dict]:
    from accounts.models import Interest

    rows = Interest.objects.select_related("parent").order_by("position", "slug")
    return [
        {
            "slug": i.slug,
            "name": i.name,
            "name_en": i.name_en,
            "synonyms": i.synonym_list(),
            "parent": i.parent.slug if i.parent_id else None,
        }
        for i in rows
    ]


_lock = threading.Lock()
_cached: Vocabulary | None = None
_cached_fingerprint: tuple | None = None
_generation = 0


def taxonomy_fingerprint() -> tuple:
    """A cheap summary of the taxonomy rows (one aggregate query): it changes when entries
    are added, removed, renamed, re-parented or get other synonyms, also when the change was
    made by another process (an organizer in the admin behind another Daphne) or without
    signals (a bulk update, a fixture load), which the signals of this process never see."""
    from django.db.models import Count, Max, Sum
    from django.db.models.functions import Length

    from accounts.models import Interest

    row = Interest.objects.aggregate(
        n=Count("pk"),
        top=Max("pk"),
        chars=Sum(Length("name") + Length("name_en") + Length("synonyms")),
        parents=Sum("parent_id"),
    )
    return (row["n"], row["top"], row["chars"], row["parents"])


def vocabulary() -> Vocabulary:
    """The process's vocabulary, built from the database on first use and after any change
    of an Interest (search.apps connects the signals to `invalidate`; `generation` also
    compares the taxonomy's fingerprint, for changes made elsewhere)."""
    global _cached, _cached_fingerprint
    with _lock:
        if _cached is None:
            _cached_fingerprint = taxonomy_fingerprint()
            _cached = build_vocabulary(interests_from_db())
        return _cached


def generation() -> int:
    """Bumped by every invalidation: indexes built on an older vocabulary rebuild. Asked
    once per use of an index, so it is where a taxonomy changed by another process is noticed."""
    if _cached is not None and taxonomy_fingerprint() != _cached_fingerprint:
        invalidate()
    return _generation


def invalidate(**_kwargs) -> None:
    global _cached, _generation
    with _lock:
        _cached = None
        _generation += 1


def seed_interests() -> list[dict]:
    """The seed taxonomy with its synonyms as the accounts migrations write it, without a
    database (pure tests, the benches' baseline checks)."""
    import importlib
    import re

    fields = importlib.import_module("accounts.migrations.0003_seed_interests").FIELDS
    synonyms = importlib.import_module("accounts.migrations.0005_interest_synonyms").SYNONYMS

    def split(slug: str) -> list[str]:
        return [s.strip() for s in re.split(r"[\n,，;；、]+", synonyms.get(slug, "")) if s.strip()]

    out = []
    for slug, name, name_en, children in fields:
        out.append({"slug": slug, "name": name, "name_en": name_en, "synonyms": split(slug), "parent": None})
        for child, child_name, child_en in children:
            out.append(
                {"slug": child, "name": child_name, "name_en": child_en, "synonyms": split(child), "parent": slug}
            )
    return out
