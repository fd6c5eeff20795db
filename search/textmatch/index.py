"""An in-memory index of documents as weighted sparse vectors, and ranked lookups with reasons.

Each document is two blocks of TF-IDF weights (sublinear tf, smoothed idf over the index):
concepts (language-independent: a Chinese and an English text about the same field share them)
and words (same-language detail). Each block is L2-normalised on its own and the score is
`CONCEPT_SHARE * cos(concepts) + (1 - CONCEPT_SHARE) * cos(words)`, in [0, 1]: a Chinese query
against an English document is scored on concepts alone and is not drowned by the word block.

Documents are kept analysed (numpy arrays per document); the matrix (scipy CSC) is assembled
again, vectorised, on the first lookup after a change: ~0.1 s for 10,000 documents
(docs/performance.md, "Matching"). A lookup is one sparse product over the columns of the
query's features, then a partial sort.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from search.textmatch.analysis import Analysis, analyse, expand
from search.textmatch.concepts import Concept, Vocabulary

CONCEPT_SHARE = 0.6


@dataclass(frozen=True)
class Doc:
    """What is matched: an id, its texts (any languages) and concepts chosen explicitly
    (taxonomy slugs such as a job's field or a profile's skills)."""

    id: Hashable
    texts: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    id: Hashable
    score: float  # text similarity in [0, 1]
    concepts: tuple[Concept, ...] = ()  # shared concepts, strongest first
    words: tuple[str, ...] = ()  # shared words, strongest first (as written, for English)

    def reason(self, limit: int = 5) -> dict:
        """{"zh": ..., "en": ...} naming the shared concepts (or words)."""
        if self.concepts:
            zh = "、".join(c.label_zh for c in self.concepts[:limit])
            en = ", ".join(c.label_en for c in self.concepts[:limit])
            return {"zh": f"相关领域与技能：{zh}", "en": f"Related fields and skills: {en}"}
        if self.words:
            words = ", ".join(self.words[:limit])
            return {"zh": f"共同关键词：{words}", "en": f"Shared keywords: {words}"}
        return {}


@dataclass
class _Row:
    analysis: Analysis
    concepts: dict[str, float]  # expanded (with broader concepts)
    cols: np.ndarray  # feature ids
    tf: np.ndarray  # 1 + log(count)


@dataclass
class TextIndex:
    vocab: Vocabulary
    concept_share: float = CONCEPT_SHARE
    _features: dict[str, int] = field(default_factory=dict)
    _names: list[str] = field(default_factory=list)
    _rows: dict[Hashable, _Row] = field(default_factory=dict)
    _surface: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _matrix: sparse.csc_matrix | None = None
    _ids: list[Hashable] = field(default_factory=list)
    _position: dict[Hashable, int] = field(default_factory=dict)
    _idf: np.ndarray | None = None
    _is_concept: np.ndarray | None = None
    _n: int = 0

    # -- writes ------------------------------------------------------------------------------
    def add(self, doc: Doc) -> Analysis:
        """Add or replace a document; returns its analysis (facets for structured factors)."""
        analysis = analyse(doc.texts, self.vocab, doc.concepts)
        with self._lock:
            self._rows[doc.id] = self._row(analysis, grow=True)
            self._surface.update({k: v for k, v in analysis.surface.items() if k not in self._surface})
            self._matrix = None
        return analysis

    def add_many(self, docs: Iterable[Doc]) -> None:
        for doc in docs:
            self.add(doc)

    def remove(self, doc_id: Hashable) -> None:
        with self._lock:
            if self._rows.pop(doc_id, None) is not None:
                self._matrix = None

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, doc_id: Hashable) -> bool:
        return doc_id in self._rows

    def analysis(self, doc_id: Hashable) -> Analysis:
        return self._rows[doc_id].analysis

    # -- reads -------------------------------------------------------------------------------
    def search(
        self,
        query: Doc | Analysis,
        limit: int = 10,
        *,
        ids: Collection[Hashable] | None = None,
        exclude: Collection[Hashable] = (),
    ) -> list[Hit]:
        """The `limit` best documents for `query` (optionally only among `ids`), best first,
        ties by insertion order; documents sharing nothing are left out."""
        qa = self.analyse(query)
        return [self._hit(qa, doc_id, score) for doc_id, score in self.top(qa, limit, ids=ids, exclude=exclude)]

    def top(
        self,
        query: Doc | Analysis,
        limit: int = 10,
        *,
        ids: Collection[Hashable] | None = None,
        exclude: Collection[Hashable] = (),
    ) -> list[tuple[Hashable, float]]:
        """As `search`, without the reasons: (id, score) pairs, cheap enough for a shortlist."""
        scores = self.scores(self.analyse(query))
        if scores is None:
            return []
        matrix_ids = self._ids
        if ids is not None or exclude:
            allowed = np.zeros(len(matrix_ids), dtype=bool)
            if ids is None:
                allowed[:] = True
            else:
                allowed[[self._position[i] for i in ids if i in self._position]] = True
            for i in exclude:
                if i in self._position:
                    allowed[self._position[i]] = False
            scores = np.where(allowed, scores, 0.0)
        limit = max(0, min(limit, len(scores)))
        if limit == 0:
            return []
        top = np.argpartition(-scores, limit - 1)[:limit] if limit < len(scores) else np.arange(len(scores))
        top = sorted((int(i) for i in top if scores[i] > 0), key=lambda i: (-scores[i], i))
        return [(matrix_ids[i], float(scores[i])) for i in top]

    def scores(self, query: Doc | Analysis) -> np.ndarray | None:
        """Text similarity of `query` to every document, in the order of `self.ids()`."""
        qa = self.analyse(query)
        matrix = self._assemble()
        if matrix is None:
            return None
        cols, weights = self._query_vector(qa)
        if not len(cols):
            return np.zeros(matrix.shape[0])
        return np.asarray(matrix[:, cols] @ weights).ravel()

    def score_of(self, query: Doc | Analysis, doc_id: Hashable) -> float:
        scores = self.scores(self.analyse(query))
        return float(scores[self._position[doc_id]]) if scores is not None and doc_id in self._position else 0.0

    def hit(self, query: Doc | Analysis, doc_id: Hashable, score: float | None = None) -> Hit:
        """The score (computed unless given) and shared concepts/words of one document."""
        qa = self.analyse(query)
        return self._hit(qa, doc_id, self.score_of(qa, doc_id) if score is None else score)

    def analyse(self, query: Doc | Analysis) -> Analysis:
        return query if isinstance(query, Analysis) else analyse(query.texts, self.vocab, query.concepts)

    def ids(self) -> list[Hashable]:
        self._assemble()
        return list(self._ids)

    # -- internals ---------------------------------------------------------------------------
    def _row(self, analysis: Analysis, *, grow: bool) -> _Row:
        expanded = expand(analysis.concepts, self.vocab)
        counts = self._concept_features(expanded)
        counts.update({"w:" + k: float(v) for k, v in analysis.words.items()})
        cols, tf = [], []
        for name, count in counts.items():
            col = self._features.get(name)
            if col is None:
                if not grow:
                    continue
                col = self._features[name] = len(self._names)
                self._names.append(name)
            cols.append(col)
            tf.append(1.0 + math.log(count) if count >= 1 else count)
        return _Row(analysis, expanded, np.asarray(cols, dtype=np.int64), np.asarray(tf, dtype=np.float64))

    def _concept_features(self, expanded: dict[str, float]) -> dict[str, float]:
        """Fields and skills in the concept block; roles (engineer, 工程师) in the word block:
        they bridge the two languages but say little alone, and in the concept block a shared
        role would make an engineer of batteries and one of chips look alike."""
        out: dict[str, float] = {}
        for key, value in expanded.items():
            concept = self.vocab.concepts.get(key)
            out[("w:@" if concept is not None and concept.kind == "role" else "c:") + key] = value
        return out

    def _assemble(self) -> sparse.csc_matrix | None:
        with self._lock:
            if self._matrix is not None:
                return self._matrix
            if not self._rows:
                return None
            ids = list(self._rows)
            rows = [self._rows[i] for i in ids]
            n, f = len(rows), len(self._names)
            lengths = np.fromiter((len(r.cols) for r in rows), dtype=np.int64, count=n)
            cols = np.concatenate([r.cols for r in rows]) if n else np.zeros(0, dtype=np.int64)
            tf = np.concatenate([r.tf for r in rows]) if n else np.zeros(0)
            df = np.bincount(cols, minlength=f)
            idf = np.log((n + 1) / (df + 1)) + 1.0
            is_concept = np.fromiter((name.startswith("c:") for name in self._names), dtype=bool, count=f)
            weights = tf * idf[cols]
            row_of = np.repeat(np.arange(n), lengths)
            block = is_concept[cols].astype(np.int64)
            key = row_of * 2 + block
            norms = np.sqrt(np.bincount(key, weights=weights * weights, minlength=2 * n))
            scale = np.where(block == 1, math.sqrt(self.concept_share), math.sqrt(1 - self.concept_share))
            weights = weights / np.where(norms[key] > 0, norms[key], 1.0) * scale
            indptr = np.concatenate([[0], np.cumsum(lengths)])
            self._matrix = sparse.csr_matrix((weights, cols, indptr), shape=(n, f)).tocsc()
            self._ids, self._position = ids, {i: p for p, i in enumerate(ids)}
            self._idf, self._is_concept, self._n = idf, is_concept, n
            return self._matrix

    def _query_vector(self, qa: Analysis) -> tuple[np.ndarray, np.ndarray]:
        counts = self._concept_features(expand(qa.concepts, self.vocab))
        counts.update({"w:" + k: float(v) for k, v in qa.words.items()})
        unseen_idf = math.log(self._n + 1) + 1.0
        cols, weights, blocks = [], [], []
        norm = [0.0, 0.0]
        for name, count in counts.items():
            tf = 1.0 + math.log(count) if count >= 1 else count
            block = 1 if name.startswith("c:") else 0
            col = self._features.get(name)
            # Known features get the index's idf; unseen ones still count in the query's norm,
            # so that a query mostly about something absent scores low everywhere.
            if col is None or col >= len(self._idf):
                norm[block] += (tf * unseen_idf) ** 2
                continue
            w = tf * self._idf[col]
            norm[block] += w * w
            cols.append(col)
            weights.append(w)
            blocks.append(block)
        share = (1 - self.concept_share, self.concept_share)
        out = [
            w / math.sqrt(norm[b]) * math.sqrt(share[b]) if norm[b] else 0.0
            for w, b in zip(weights, blocks, strict=True)
        ]
        return np.asarray(cols, dtype=np.int64), np.asarray(out)

    def _hit(self, qa: Analysis, doc_id: Hashable, score: float) -> Hit:
        row = self._rows.get(doc_id)
        if row is None:
            return Hit(doc_id, score)
        query_concepts = expand(qa.concepts, self.vocab)
        doc_concepts = row.concepts
        idf = self._idf if self._idf is not None else None

        def weight(name: str) -> float:
            col = self._features.get(name)
            return float(idf[col]) if idf is not None and col is not None and col < len(idf) else 1.0

        shared = sorted(
            (k for k in query_concepts if k in doc_concepts and self.vocab.concepts[k].kind != "role"),
            key=lambda k: -(min(query_concepts[k], doc_concepts[k]) * weight("c:" + k)),
        )
        words = sorted(
            (w for w in qa.words if w in row.analysis.words),
            key=lambda w: -(min(qa.words[w], row.analysis.words[w]) * weight("w:" + w)),
        )
        return Hit(
            doc_id,
            score,
            tuple(self.vocab.concepts[k] for k in shared),
            tuple(self._surface.get(w, w) for w in words),
        )


def rank(query: Doc, candidates: Iterable[Doc], vocab: Vocabulary, limit: int = 10) -> list[Hit]:
    """One-off ranking of a few candidates (builds a throwaway index; keep a TextIndex for
    repeated lookups over many documents)."""
    index = TextIndex(vocab)
    index.add_many(candidates)
    return index.search(query, limit)
