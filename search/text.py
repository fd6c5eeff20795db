"""The text side of search (docs/search.md): one tokenizer for documents and queries, the
query expression for both engines, and highlighting on the original text.

Indexed text is a space-separated list of tokens that both engines split alike on spaces:
Chinese runs are segmented by jieba in search-engine mode (`cut_for_search`, so 中华人民共和国
yields 中华, 人民, 共和国, ... and the whole word) plus every Chinese character, so a query split
differently still finds it; Latin words are lowercased and Snowball-stemmed (English). Tokens are
only [0-9a-z] or CJK characters, so neither PostgreSQL's parser (the 'simple' config) nor FTS5's
unicode61 tokenizer splits them again: the two engines see the same tokens.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jieba
import snowballstemmer

jieba.setLogLevel(logging.WARNING)

# Han ideographs (basic + extension A + compatibility), kana and hangul are "CJK" here.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_RUN = re.compile(rf"[{CJK}]+|[0-9a-z]+")
_CJK_RUN = re.compile(rf"^[{CJK}]+$")
_STEMMER = snowballstemmer.stemmer("english")

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12


def normalise(text: str) -> str:
    """NFKC (full-width Ａ１ → A1), lowercased, accents stripped (café → cafe)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word) if word.isalpha() else word


def _cjk_tokens(run: str) -> list[str]:
    words = [w for w in jieba.cut_for_search(run) if _CJK_RUN.match(w)]
    chars = [c for c in run if c not in words] if len(run) > 1 else []
    return words + chars


def tokens(text: str) -> list[str]:
    """The indexed tokens of a text (document side), in order, with repeats (they count)."""
    out: list[str] = []
    for run in _RUN.findall(normalise(text)):
        if _CJK_RUN.match(run):
            out.extend(_cjk_tokens(run))
        else:
            out.append(stem(run))
    return out


def index_text(*texts: str) -> str:
    return " ".join(token for text in texts for token in tokens(text))


@dataclass(frozen=True)
class Term:
    """One word of a query: matched as `word` or, for a Chinese word, as all of its characters
    (so 机器学 finds 机器学习); `prefix` for Latin words (engin finds engineering)."""

    word: str
    chars: tuple[str, ...] = ()
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    marks: tuple[str, ...]  # normalised strings to highlight in the original text

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(q: str) -> Query:
    """A query's terms (all must match; each Chinese word by itself or by its characters)."""
    terms: list[Term] = []
    marks: list[str] = []
    for run in _RUN.findall(normalise(q)):
        if _CJK_RUN.match(run):
            for word in jieba.cut(run):  # precise mode on the query side
                if not _CJK_RUN.match(word):
                    continue
                chars = tuple(dict.fromkeys(word)) if len(word) > 1 else ()
                terms.append(Term(word, chars))
                marks.append(word)
        else:
            terms.append(Term(stem(run), prefix=True))
            marks.append(stem(run))
    unique = tuple(dict.fromkeys(terms))[:MAX_QUERY_TOKENS]
    return Query(unique, tuple(dict.fromkeys(marks)))


def fts5_expression(query: Query) -> str:
    """FTS5 MATCH syntax: "a"* AND ("人工智能" OR ("人" AND "工" ...))."""

    def one(term: Term) -> str:
        head = f'"{term.word}"' + ("*" if term.prefix else "")
        if term.chars:
            return "(" + head + " OR (" + " AND ".join(f'"{c}"' for c in term.chars) + "))"
        return head

    return " AND ".join(one(term) for term in query.terms)


def tsquery_expression(query: Query) -> str:
    """to_tsquery('simple', ...) syntax, the same logic: 'a':* & ('人工智能' | ('人' & '工'))."""

    def one(term: Term) -> str:
        head = f"'{term.word}'" + (":*" if term.prefix else "")
        if term.chars:
            return "(" + head + " | (" + " & ".join(f"'{c}'" for c in term.chars) + "))"
        return head

    return " & ".join(one(term) for term in query.terms)


def _mark_pattern(marks: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = []
    for mark in sorted(marks, key=len, reverse=True):
        if _CJK_RUN.match(mark):
            parts.append(re.escape(mark))
            if len(mark) > 1:
                parts.extend(re.escape(c) for c in mark)
        else:
            # A Latin query word marks the words it prefixes (engineer → Engineering).
            parts.append(r"\b" + re.escape(mark) + r"[0-9a-z]*")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text: str, query: Query, *, limit: int | None = None) -> str:
    """`text` HTML-escaped with the query's words in <mark>; cut to about `limit` characters
    around the first hit (an excerpt). Safe to insert as HTML: only <mark> is ours."""
    text = text or ""
    folded = normalise(text)
    if len(folded) != len(text):  # NFKC changed lengths (ligatures...): match on the original
        folded = text.lower()
    pattern = _mark_pattern(query.marks)
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(folded) if pattern else ():
        if spans and m.start() <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], m.end()))
        else:
            spans.append((m.start(), m.end()))
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - limit // 4, len(text) - limit))
        end = start + limit
    out: list[str] = ["…" if start > 0 else ""]
    position = start
    for a, b in spans:
        if b <= position or a >= end:
            continue
        a = max(a, position)
        out.append(html.escape(text[position:a]))
        out.append("<mark>" + html.escape(text[a : min(b, end)]) + "</mark>")
        position = min(b, end)
    out.append(html.escape(text[position:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)
