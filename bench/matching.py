"""Matching quality and speed (docs/performance.md, "Matching").

    .venv/bin/python -m bench.matching --data bench/data/matching.json
    .venv/bin/python -m bench.matching --synthetic 10000 --queries 200

--data FILE: a labelled set `{"jobs":[{"id","title","title_en","text","text_en","city"}],
"candidates":[{"id","lang","text","relevant":[job ids]}]}` is loaded into a fresh SQLite
database (a temp directory, migrated: the taxonomy and its synonyms come from the migrations),
every candidate's jobs are ranked by recruitment.matching, and precision@3 and MRR are printed
beside two baselines in the same run: scikit-learn TF-IDF cosine over the raw text with its
default word analyzer, and with character 1–3-grams (which at least sees inside Chinese runs).

precision@3 = relevant jobs in the top 3 / min(3, number of relevant jobs); "strict" divides
by 3 always. MRR = mean of 1 / rank of the first relevant job (0 past the top 50).

--synthetic N: N jobs and N candidates generated from the taxonomy's and lexicon's terms;
prints build time, memory (growth of the resident set over the build) and per-query p50/p99 of one
candidate's top 10 (and one job's top 10 candidates), beside the TF-IDF baseline's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(tmp: str) -> None:
    os.environ["DEBUG"] = "1"
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# -- labelled set ------------------------------------------------------------------------------
def load(path: str) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    jobs, candidates = data["jobs"], data["candidates"]
    ids = {j["id"] for j in jobs}
    for c in candidates:
        missing = set(c["relevant"]) - ids
        if missing:
            raise SystemExit(f"candidate {c['id']}: unknown relevant jobs {sorted(missing)}")
    return data


def job_text(job: dict) -> str:
    return " ".join(job.get(k) or "" for k in ("title", "title_en", "text", "text_en"))


def metrics(rankings: dict[str, list[str]], relevant: dict[str, set[str]]) -> dict[str, float]:
    p3 = strict = rr = 0.0
    for cid, ranked in rankings.items():
        rel = relevant[cid]
        hits = sum(1 for j in ranked[:3] if j in rel)
        p3 += hits / min(3, len(rel))
        strict += hits / 3
        rr += next((1 / (i + 1) for i, j in enumerate(ranked[:50]) if j in rel), 0.0)
    n = len(rankings) or 1
    return {"p@3": p3 / n, "p@3 strict": strict / n, "MRR": rr / n}


def rank_ours(data: dict, job_pks: dict | None) -> dict[str, list[str]]:
    """Through recruitment.matching_models.jobs_for over the stored jobs when they were loaded
    through the services; else over the file's documents directly."""
    from recruitment.matching import CandidateDocument, JobDocument, JobRanker

    if job_pks is not None:
        from recruitment.matching_models import jobs_for

        back = {pk: file_id for file_id, pk in job_pks.items()}
        return {
            c["id"]: [back[m.id] for m in jobs_for(CandidateDocument(c["id"], (c["text"],)), limit=50)]
            for c in data["candidates"]
        }
    jobs = [
        JobDocument(j["id"], j["title"], j["title_en"], j["text"], j["text_en"], city=j.get("city", ""))
        for j in data["jobs"]
    ]
    ranker = JobRanker(jobs)
    return {
        c["id"]: [m.id for m in ranker.rank(CandidateDocument(c["id"], (c["text"],)), limit=50)]
        for c in data["candidates"]
    }


def rank_baseline(data: dict, **vectorizer_args) -> dict[str, list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    job_ids = [j["id"] for j in data["jobs"]]
    vectorizer = TfidfVectorizer(**vectorizer_args)
    jobs = vectorizer.fit_transform([job_text(j) for j in data["jobs"]])
    out = {}
    for c in data["candidates"]:
        scores = linear_kernel(vectorizer.transform([c["text"]]), jobs).ravel()
        out[c["id"]] = [job_ids[i] for i in sorted(range(len(job_ids)), key=lambda i: -scores[i])]
    return out


def cross_language(data: dict) -> set[str]:
    """Candidates whose relevant jobs are all written only in the other language."""
    zh_only = {j["id"] for j in data["jobs"] if not (j["title_en"] or j["text_en"])}
    en_only = {j["id"] for j in data["jobs"] if not (j["title"] or j["text"])}
    out = set()
    for c in data["candidates"]:
        other = en_only if c["lang"] == "zh" else zh_only
        if set(c["relevant"]) <= other:
            out.add(c["id"])
    return out


def run_labelled(path: str) -> None:
    data = load(path)
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        job_pks, loaded = load_through_services(data)
        relevant = {c["id"]: set(c["relevant"]) for c in data["candidates"]}
        cross = cross_language(data)
        print(f"{len(data['jobs'])} jobs, {len(data['candidates'])} candidates ({len(cross)} cross-language); {loaded}")
        runs = {
            "textmatch (recruitment.matching)": rank_ours(data, job_pks),
            "baseline TF-IDF words (sklearn default)": rank_baseline(data),
            "baseline TF-IDF char 1-3-grams": rank_baseline(data, analyzer="char_wb", ngram_range=(1, 3)),
        }
        print(f"{'':42} {'p@3':>6} {'strict':>7} {'MRR':>6}   cross-language: {'p@3':>6} {'MRR':>6}")
        for name, ranking in runs.items():
            m = metrics(ranking, relevant)
            x = metrics({k: v for k, v in ranking.items() if k in cross}, relevant)
            print(
                f"{name:42} {m['p@3']:6.3f} {m['p@3 strict']:7.3f} {m['MRR']:6.3f}"
                f"   {'':15} {x['p@3']:6.3f} {x['MRR']:6.3f}"
            )


def load_through_services(data: dict) -> tuple[dict | None, str]:
    """The jobs through recruitment's services (an employer, its jobs created and published),
    so the ranking reads what the app stores. Candidates are ranked from their text as a
    document (a profile with that résumé text ranks the same: recruitment.matching_models)."""
    try:
        from recruitment import matching_models
    except ImportError:
        return None, "ranked from the file's documents (recruitment's job services are missing)"
    pks = matching_models.bench_load(data)
    return pks, f"{len(pks)} jobs created and published through recruitment.jobs in a fresh SQLite database"


# -- synthetic ---------------------------------------------------------------------------------
def synthetic_docs(n: int, seed: int = 7):
    from recruitment.matching import CandidateDocument, JobDocument
    from search.textmatch.concepts import load_lexicon, seed_interests

    rnd = random.Random(seed)
    fields = seed_interests()
    skills = [t for t in load_lexicon() if t["kind"] in ("skill", "role")]
    cities = [t for t in load_lexicon() if t["kind"] == "city"]
    filler_zh = (
        "负责 参与 团队 项目 研发 设计 开发 测试 优化 客户 产品 平台 系统 数据 方案 管理 推动 分析 支持 沟通".split()
    )
    filler_en = (
        "build design develop test improve customers product platform system data lead manage support analyse".split()
    )

    def text(lang: str, k: int) -> str:
        field = rnd.choice(fields)
        terms = rnd.sample(skills, k)
        if lang == "zh":
            words = [field["name"]] + [rnd.choice(t["zh"] or t["en"]) for t in terms]
            words += rnd.choices(filler_zh, k=25)
            rnd.shuffle(words)
            return "，".join(words)
        words = [field["name_en"]] + [rnd.choice(t["en"] or t["zh"]) for t in terms]
        words += rnd.choices(filler_en, k=30)
        rnd.shuffle(words)
        return " ".join(words)

    jobs, candidates = [], []
    for i in range(n):
        lang = rnd.choice(("zh", "en"))
        city = rnd.choice(cities)
        jobs.append(
            JobDocument(
                i,
                title=text("zh", 2)[:60] if lang == "zh" else "",
                title_en=text("en", 2)[:60] if lang == "en" else "",
                text=text("zh", 6) if lang == "zh" else "",
                text_en=text("en", 6) if lang == "en" else "",
                city=(city["zh"] or city["en"])[0],
                salary_min=rnd.randrange(8, 40) * 1000,
                salary_max=rnd.randrange(40, 80) * 1000,
            )
        )
        candidates.append(CandidateDocument(i, (text(rnd.choice(("zh", "en")), 8),), cities=((city["en"] or [""])[0],)))
    return jobs, candidates


def rss() -> int:
    """This process's resident memory in bytes (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def run_synthetic(n: int, queries: int) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    from recruitment.matching import CandidateRanker, JobRanker
    from search.textmatch.concepts import build_vocabulary, seed_interests

    vocab = build_vocabulary(seed_interests())
    t = time.perf_counter()
    jobs, candidates = synthetic_docs(n)
    print(f"generated {n} jobs and {n} candidates in {time.perf_counter() - t:.1f} s")
    rnd = random.Random(11)
    sample_c = rnd.sample(candidates, min(queries, n))
    sample_j = rnd.sample(jobs, min(queries, n))

    for name, ranker_cls, docs, sample in (
        ("jobs for a candidate", JobRanker, jobs, sample_c),
        ("candidates for a job", CandidateRanker, candidates, sample_j),
    ):
        before = rss()
        t = time.perf_counter()
        ranker = ranker_cls(docs, vocab=vocab)
        ranker.index.ids()  # assemble the matrix: part of the build
        build = time.perf_counter() - t
        peak = rss() - before
        times = []
        for q in sample:
            t = time.perf_counter()
            ranker.rank(q, limit=10)
            times.append(time.perf_counter() - t)
        p50, p99 = percentiles(times)
        print(
            f"textmatch {name}: build {build:.1f} s, memory + {peak / 2**20:.0f} MiB, "
            f"top 10 per query p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms ({len(sample)} queries)"
        )

    job_texts = [
        job_text({"title": j.title, "title_en": j.title_en, "text": j.text, "text_en": j.text_en}) for j in jobs
    ]
    before = rss()
    t = time.perf_counter()
    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(job_texts)
    build = time.perf_counter() - t
    peak = rss() - before
    times = []
    for q in sample_c:
        t = time.perf_counter()
        scores = linear_kernel(vectorizer.transform([q.texts[0]]), matrix).ravel()
        scores.argpartition(-10)[-10:]
        times.append(time.perf_counter() - t)
    p50, p99 = percentiles(times)
    print(
        f"baseline TF-IDF jobs for a candidate: build {build:.1f} s, memory +{peak / 2**20:.0f} MiB, "
        f"top 10 per query p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="labelled set (JSON)")
    parser.add_argument("--synthetic", type=int, metavar="N", help="N jobs × N candidates, timed")
    parser.add_argument("--queries", type=int, default=200, help="timed queries in --synthetic (at most N)")
    args = parser.parse_args()
    if not args.data and not args.synthetic:
        args.data = str(ROOT / "bench" / "data" / "matching.json")
    if args.synthetic is not None and not (1 <= args.synthetic <= 50000):
        parser.error("--synthetic: 1 to 50000")
    if not (1 <= args.queries <= 2000):
        parser.error("--queries: 1 to 2000")
    if args.data:
        run_labelled(args.data)
    if args.synthetic:
        if not args.data:
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            os.environ["DEBUG"] = "1"
            import django

            django.setup()
        run_synthetic(args.synthetic, args.queries)


if __name__ == "__main__":
    main()
