"""Text matching in Chinese and English over one concept space (docs/matching.md).

What other apps call:

- `vocabulary()`: the process's concepts (accounts.Interest with zh/en names and synonyms, plus
  data/lexicon.json), rebuilt after any Interest change.
- `Doc(id, texts=(...), concepts=(...))`: a document: its texts in any language and the taxonomy
  slugs its author chose.
- `TextIndex(vocabulary())`: keep one per process for a collection (jobs, candidates, postings):
  `add(doc)` (add or replace; returns the `Analysis` with facets: cities, languages, education),
  `remove(id)`, `search(query_doc, limit, ids=None, exclude=())` → `[Hit(id, score, concepts,
  words)]` best first, `hit(query, id)` for one document's score and reasons.
- `rank(query_doc, candidate_docs, limit=10)`: one-off ranking of a few candidates.
- `analyse(texts, concepts=())`: concepts, words and facets of a text.
- `factors`: location/language/education/salary fits and `combine(text_score, fits)`.

`Hit.concepts` are the shared fields and skills (each with `label_zh` / `label_en`),
`Hit.reason()` a {"zh", "en"} sentence naming them.
"""

from __future__ import annotations

from collections.abc import Iterable

from search.textmatch import factors
from search.textmatch.analysis import Analysis
from search.textmatch.analysis import analyse as _analyse
from search.textmatch.concepts import Concept, Vocabulary, build_vocabulary, generation, invalidate, vocabulary
from search.textmatch.index import Doc, Hit, TextIndex
from search.textmatch.index import rank as _rank

__all__ = [
    "Analysis",
    "Concept",
    "Doc",
    "Hit",
    "TextIndex",
    "Vocabulary",
    "analyse",
    "build_vocabulary",
    "factors",
    "generation",
    "invalidate",
    "rank",
    "vocabulary",
]


def analyse(texts: Iterable[str], concepts: Iterable[str] = (), vocab: Vocabulary | None = None) -> Analysis:
    return _analyse(texts, vocab or vocabulary(), concepts)


def rank(query: Doc, candidates: Iterable[Doc], limit: int = 10, vocab: Vocabulary | None = None) -> list[Hit]:
    return _rank(query, candidates, vocab or vocabulary(), limit)
