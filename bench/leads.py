"""Lead classification accuracy (docs/performance.md, "Lead classification").

    .venv/bin/python -m bench.leads [--data halls/leads/data/labelled.json] [--test-size 0.3] [--seed 13]

The labelled set is split (stratified by category, `--test-size` held out, fixed seed); the learned
classifier (halls.leads.learned: logistic regression over search.textmatch features and
character n-grams, the keyword rules deciding when it is unsure or says "other") is trained on
the training part only and scored on the held-out part, beside today's keyword rules
(halls.leads.classify) on the same messages; per language too. Then 5-fold cross-validation
over the whole set, so one lucky split does not make the figure.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT / "halls" / "leads" / "data" / "labelled.json"))
    parser.add_argument("--test-size", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not 0.1 <= args.test_size <= 0.5:
        parser.error("--test-size: 0.1 to 0.5")

    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import json

    from sklearn.model_selection import StratifiedKFold, train_test_split

    from halls.leads import classify as rules
    from halls.leads import learned
    from search.textmatch.concepts import build_vocabulary, seed_interests

    vocab = build_vocabulary(seed_interests())  # the migrations' taxonomy, without a database
    messages = json.loads(Path(args.data).read_text(encoding="utf-8"))["messages"]
    texts = [m["text"] for m in messages]
    labels = [m["category"] for m in messages]
    langs = [m.get("lang", "") for m in messages]
    print(f"{len(messages)} messages: {dict(Counter(labels))}, {dict(Counter(langs))}")

    train_i, test_i = train_test_split(
        list(range(len(texts))), test_size=args.test_size, stratify=labels, random_state=args.seed
    )
    model = learned.train([(texts[i], labels[i]) for i in train_i], vocab=vocab)

    def score(predict, idx):
        right = [predict(texts[i]) == labels[i] for i in idx]
        return sum(right) / len(right) if right else 0.0

    systems = {
        "keyword rules (halls.leads.classify)": lambda t: rules.classify(t).category,
        "learned alone": lambda t: model.predict(t)[0],
        "learned + rules fallback (shipped)": lambda t: learned.decide(model, t).category,
    }
    print(f"held-out split: {len(train_i)} train, {len(test_i)} test (seed {args.seed})")
    print(f"{'':40} {'all':>6} {'zh':>6} {'en':>6}")
    for name, predict in systems.items():
        zh = [i for i in test_i if langs[i] == "zh"]
        en = [i for i in test_i if langs[i] == "en"]
        print(f"{name:40} {score(predict, test_i):6.3f} {score(predict, zh):6.3f} {score(predict, en):6.3f}")

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=args.seed)
    totals = Counter()
    for train_f, test_f in folds.split(texts, labels):
        fold_model = learned.train([(texts[i], labels[i]) for i in train_f], vocab=vocab)
        totals["rules"] += score(lambda t: rules.classify(t).category, test_f)
        totals["learned"] += score(lambda t, m=fold_model: learned.decide(m, t).category, test_f)
    print(f"5-fold cross-validation: rules {totals['rules'] / 5:.3f}, learned + rules {totals['learned'] / 5:.3f}")


if __name__ == "__main__":
    main()
