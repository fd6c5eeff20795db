"""Search throughput: queries/s of search.selectors.search over N documents, against a baseline
in the same run (the same words looked up by a plain LIKE scan of the original text, what a site
without an index does), and indexing documents/s. docs/performance.md, "Search".

    .venv/bin/python bench/search_bench.py --docs 20000 --seconds 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pav_bench .venv/bin/python bench/search_bench.py

SQLite runs in a throwaway file (SQLITE_PATH is set to a temp dir); a PostgreSQL database named
by DATABASE_URL gets the search tables migrated and its search_document rows replaced.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ZH_WORDS = (
    "人工智能 机器学习 人才 交流 大会 论坛 招聘 工程师 研究院 大学 新能源 汽车 芯片 半导体 生物 医药 "
    "金融 科技 创新 创业 数字 经济 海外 留学 博士 教授 实验室 产业 园区 投资 合作 发展 战略 专区 展位"
).split()
EN_WORDS = (
    "artificial intelligence machine learning talent exchange conference forum hiring engineers "
    "research institute university energy vehicles chips semiconductors biotech finance innovation "
    "startup digital economy overseas doctoral professor laboratory industry park investment"
).split()
QUERIES = [
    "人工智能",
    "机器学习 工程师",
    "新能源汽车",
    "博士",
    "talent",
    "engineers",
    "半导体 chips",
    "研究院",
    "创业 投资",
]


def setup_django(tmp: str) -> None:
    os.environ.setdefault("DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "search", verbosity=0)


def vocabulary(rng: random.Random) -> None:
    """A realistic spread of words: 4,000 common jieba dictionary words (2–4 characters) and
    2,000 made-up English words, plus the queries' own words (so each query hits some)."""
    import jieba

    jieba.initialize()
    common = sorted((w for w, f in jieba.dt.FREQ.items() if 2 <= len(w) <= 4 and f > 200), key=len)
    syllables = ["ka", "lo", "mi", "ren", "tor", "vel", "sun", "dra", "ph", "ix", "ber", "gen", "ty", "ol"]
    english = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(3000)}
    ZH_WORDS[:] = rng.sample(common, 4000) + ZH_WORDS
    EN_WORDS[:] = sorted(english)[:2000] + EN_WORDS


def make_docs(n: int, rng: random.Random):
    from search.registry import Entry

    for i in range(n):
        zh = "".join(rng.choices(ZH_WORDS, k=rng.randint(3, 6)))
        body_zh = "，".join("".join(rng.choices(ZH_WORDS, k=rng.randint(2, 5))) for _ in range(rng.randint(4, 12)))
        en = " ".join(rng.choices(EN_WORDS, k=rng.randint(3, 6))).title()
        body_en = " ".join(rng.choices(EN_WORDS, k=rng.randint(20, 60)))
        yield Entry(i, title_zh=zh, title_en=en, body_zh=body_zh, body_en=body_en, url=f"/x/{i}/")


def rate(fn, seconds: float) -> tuple[float, int]:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn(QUERIES[count % len(QUERIES)])
        count += 1
    return count / (time.perf_counter() - start), count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.db import connection, transaction
        from django.db.models import Q

        from search.models import Document
        from search.selectors import search
        from search.services import _row
        from search.text import parse_query

        Document.objects.all().delete()
        rng = random.Random(12)
        vocabulary(rng)
        start = time.perf_counter()
        rows = [_row("bench", entry) for entry in make_docs(args.docs, rng)]
        segment_s = time.perf_counter() - start
        start = time.perf_counter()
        with transaction.atomic():
            Document.objects.bulk_create(rows, batch_size=1000)
        write_s = time.perf_counter() - start

        def indexed(q: str) -> None:
            search(q, None)

        def baseline(q: str) -> None:
            # Every word must occur (the same AND), any field, by LIKE: a full scan per query.
            cond = Q()
            for word in q.split():
                fields = ("title_zh", "title_en", "body_zh", "body_en")
                any_field = Q()
                for field in fields:
                    any_field |= Q(**{f"{field}__icontains": word})
                cond &= any_field
            list(Document.objects.filter(cond).order_by("pk").values_list("pk", flat=True)[:10])

        for q in QUERIES:  # warm caches
            parse_query(q)
            indexed(q)
            baseline(q)
        search_qps, search_n = rate(indexed, args.seconds)
        base_qps, base_n = rate(baseline, args.seconds)
        report = {
            "engine": connection.vendor,
            "documents": args.docs,
            "index_docs_per_s": round(args.docs / (segment_s + write_s)),
            "segment_s": round(segment_s, 2),
            "write_s": round(write_s, 2),
            "search_queries_per_s": round(search_qps, 1),
            "search_queries": search_n,
            "baseline_like_queries_per_s": round(base_qps, 1),
            "baseline_queries": base_n,
            "speedup": round(search_qps / base_qps, 1) if base_qps else None,
        }
        Document.objects.filter(kind="bench").delete()
        print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
