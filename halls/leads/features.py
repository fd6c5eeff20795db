"""Features of a visitor message for the learned lead classifier (learned.py).

- words: jieba's words (precise mode, no stop words dropped: 我 and 我们 tell a job seeker from
  a recruiter), English stems, adjacent-word pairs, and search.textmatch's concepts (fields,
  skills of the taxonomy);
- characters: 1–3-grams (inside Chinese words jieba keeps whole, and misspellings);
- cues: per category, how many cue words (data/cues.json) the message has, alone and with the
  writer's perspective (I/我 or we/我们), and today's keyword rules' scores.
"""

from __future__ import annotations

import itertools
import json
import re
from functools import lru_cache
from pathlib import Path

import jieba
import numpy as np

from halls.leads import classify as rules
from search.text import _CJK_RUN, _RUN, normalise, stem
from search.textmatch.concepts import Concept, Vocabulary

CUES_FILE = Path(__file__).parent / "data" / "cues.json"
CATEGORIES = ("project_cooperation", "job_seeking", "recruitment", "investment_finance", "media", "other")
SINGULAR = re.compile(r"(?<![a-z'])(i|i'm|i'd|i've|my|me|myself)(?![a-z])|我(?!们)|本人", re.IGNORECASE)
PLURAL = re.compile(
    r"(?<![a-z'])(we|we're|we'd|we've|our|ours|us)(?![a-z])|我们|我方|我司|本公司|我院|我校|我行|我所", re.IGNORECASE
)
RULES_SCALE = 0.25  # rule scores are counts (0–10); tf-idf blocks are unit vectors
CUE_SCALE = 0.5


@lru_cache(maxsize=1)
def cue_vocabulary() -> Vocabulary:
    data = json.loads(CUES_FILE.read_text(encoding="utf-8"))["cues"]
    vocab = Vocabulary()
    for category, terms in data.items():
        vocab.add(Concept("cue:" + category, "cue", category, category), [*terms["zh"], *terms["en"]])
    return vocab.freeze()


def words(text: str, vocab: Vocabulary) -> list[str]:
    out: list[str] = []
    for run in _RUN.findall(normalise(text)):
        if _CJK_RUN.match(run):
            out.extend(jieba.cut(run))
        else:
            out.append(stem(run))
    pairs = [f"{a}_{b}" for a, b in itertools.pairwise(out)]
    concepts = ["c:" + k for k in vocab.find(text) if vocab.concepts[k].kind in ("field", "skill", "role")]
    return out + pairs + concepts


def cue_row(text: str) -> np.ndarray:
    found = cue_vocabulary().find(text)
    counts = np.array([found.count("cue:" + c) for c in CATEGORIES], dtype=float)
    present = (counts > 0).astype(float)
    singular = 1.0 if SINGULAR.search(text) else 0.0
    plural = 1.0 if PLURAL.search(text) else 0.0
    scores = rules.classify(text).scores
    by_rules = np.array([scores.get(c, 0) for c in CATEGORIES], dtype=float)
    return np.concatenate(
        [
            np.log1p(counts) * CUE_SCALE,
            present * singular * CUE_SCALE,
            present * plural * CUE_SCALE,
            [singular * CUE_SCALE, plural * CUE_SCALE],
            by_rules * RULES_SCALE,
        ]
    )


def cue_matrix(texts) -> np.ndarray:
    return np.vstack([cue_row(t) for t in texts]) if len(texts) else np.zeros((0, 4 * len(CATEGORIES) + 2))
