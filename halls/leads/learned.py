"""The learned lead classifier: a linear SVM over the features of features.py (words and
search.textmatch concepts, character 1–3-grams, per-category cue counts with the writer's
perspective, the keyword rules' scores), trained on the shipped labelled set
(data/labelled.json) plus every staff correction (`correct_lead_category`: a corrected lead's
message and category are a training example, weighted above the shipped ones).

The model is trained lazily in each process on first use and again whenever the corrections
changed (their count or latest time: one cheap query per classification), so a correction
counts from the next lead on. The keyword rules (classify.py) stay: they decide when the model is
unsure, when there is no message, when training failed, and when the model says "other" of a
message but the visitor's profile words (organisation, title) name a category. `python -m bench.leads` measures both.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from halls.leads import classify as rules
from halls.leads import features
from halls.models import LeadCategory

logger = logging.getLogger(__name__)

DATA_FILE = Path(__file__).parent / "data" / "labelled.json"
CONFIDENCE = 0.2  # below this the rules decide (six classes: 1/6 is no better than a guess)
CORRECTION_WEIGHT = 3.0
MAX_CORRECTIONS = 20000  # the newest ones: training stays about a second


def shipped_examples(path: Path = DATA_FILE) -> list[tuple[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(m["text"], m["category"]) for m in data["messages"]]


def correction_examples() -> list[tuple[str, str]]:
    from halls.models import Lead

    rows = (
        Lead.objects.filter(category_corrected_at__isnull=False)
        .exclude(message="")
        .order_by("-category_corrected_at")
        .values_list("message", "category")[:MAX_CORRECTIONS]
    )
    return [(message, category) for message, category in rows if category in LeadCategory.values]


@dataclass
class Model:
    pipeline: object
    classes: tuple[str, ...]

    def predict(self, message: str) -> tuple[str, float]:
        """The best category and its confidence in [0, 1] (a softmax of the SVM's margins)."""
        margins = self.pipeline.decision_function([message])[0]
        proba = np.exp(margins - margins.max())
        proba /= proba.sum()
        best = int(proba.argmax())
        return self.classes[best], float(proba[best])


def train(examples: Sequence[tuple[str, str]], weights: Sequence[float] | None = None, vocab=None) -> Model:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import LinearSVC

    from search import textmatch

    vocab = vocab or textmatch.vocabulary()
    union = FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer=lambda text: features.words(text, vocab), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)),
            ("cues", FunctionTransformer(features.cue_matrix)),
        ]
    )
    pipeline = Pipeline([("features", union), ("svm", LinearSVC(C=1.0))])
    texts = [t for t, _ in examples]
    labels = [c for _, c in examples]
    pipeline.fit(texts, labels, svm__sample_weight=list(weights) if weights is not None else None)
    return Model(pipeline, tuple(pipeline.classes_))


def decide(model: Model | None, message: str, profile: str = "") -> rules.Classification:
    """The category of a lead: the model's when it is sure; the rules' when it is unsure, and
    when it says "other" but the visitor's profile words (which the model does not read) tell."""
    by_rules = rules.classify(message, profile)
    if model is None or not (message or "").strip():
        return by_rules
    category, confidence = model.predict(message)
    if confidence < CONFIDENCE:
        return by_rules
    if category == LeadCategory.OTHER:
        if rules.classify(message).category == LeadCategory.OTHER and by_rules.category != LeadCategory.OTHER:
            return by_rules
        return rules.Classification(LeadCategory.OTHER, (), by_rules.scores)
    matched = tuple(dict.fromkeys(rules._matches(category, message)))
    return rules.Classification(category, matched, by_rules.scores)


_lock = threading.Lock()
_model: Model | None = None
_key: tuple | None = None


def _corrections_key() -> tuple:
    from django.db.models import Count, Max

    from halls.models import Lead

    agg = Lead.objects.filter(category_corrected_at__isnull=False).aggregate(
        n=Count("pk"), at=Max("category_corrected_at")
    )
    return (agg["n"], agg["at"])


def current_model() -> Model | None:
    """The process's model, retrained when the corrections changed; None if training failed."""
    global _model, _key
    key = _corrections_key()
    with _lock:
        if _model is None or key != _key:
            corrections = correction_examples()
            shipped = shipped_examples()
            examples = shipped + corrections
            weights = [1.0] * len(shipped) + [CORRECTION_WEIGHT] * len(corrections)
            try:
                _model = train(examples, weights)
                _key = key
            except Exception:  # the rules still classify: a broken model must not stop leads
                logger.exception("lead classifier training failed; keyword rules only")
                _model, _key = None, key
        return _model


def classify(message: str, profile: str = "") -> rules.Classification:
    """What halls.leads.services calls for every new or grown lead."""
    return decide(current_model(), message, profile)


def forget() -> None:
    """Drop the process's model (tests; the next classification trains again)."""
    global _model, _key
    with _lock:
        _model, _key = None, None


def accuracy(model: Model | None, examples: Iterable[tuple[str, str]]) -> float:
    pairs = list(examples)
    right = sum(1 for text, category in pairs if decide(model, text).category == category)
    return right / len(pairs) if pairs else 0.0
