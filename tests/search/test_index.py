"""The index on the database engine of this run (SQLite's FTS5 by default, PostgreSQL's
tsvector with DATABASE_URL): the same data gives the same results, in the same order, on both;
every assertion here runs on both passes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from accounts.models import Organisation, User
from search import services
from search.models import Audience, Document
from search.registry import Entry, register_source, unregister_source
from search.selectors import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def note_kind():
    register_source("note", label_zh="笔记", label_en="Notes")
    yield "note"
    unregister_source("note")


def ids(results):
    return [h.object_id for h in results.hits]


def test_engine_index_exists():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_document_tsv'")
        else:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_document_fts'")
        assert cursor.fetchone() is not None


def test_chinese_query_finds_text_segmented_differently(note_kind):
    services.index_document("note", 1, title_zh="中华人民共和国国务院")
    services.index_document("note", 2, title_zh="关于机器学习的报告")
    services.index_document("note", 3, title_zh="人才交流大会")
    assert ids(search("人民")) == ["1"]
    assert ids(search("共和国")) == ["1"]
    assert ids(search("机器学")) == ["2"]  # not a jieba word: matched by its characters
    assert ids(search("人才 大会")) == ["3"]
    assert ids(search("交流会")) == ["3"]  # not a word of the text: 交, 流 and 会 all are
    assert ids(search("交流中心")) == []  # 中心: neither the word nor its characters
    assert ids(search("大会交流")) == ["3"]


def test_mixed_chinese_and_english(note_kind):
    services.index_document("note", 1, title_zh="人工智能 AI 工程师", title_en="AI engineers")
    services.index_document("note", 2, title_zh="人工智能研究", title_en="AI research")
    assert ids(search("人工智能 engineering")) == ["1"]
    assert sorted(ids(search("AI 人工智能"))) == ["1", "2"]


def test_english_stemmed_and_prefix(note_kind):
    services.index_document("note", 1, title_zh="", title_en="Software Engineering")
    assert ids(search("engineers")) == ["1"]
    assert ids(search("softw")) == ["1"]
    assert ids(search("SOFTWARE")) == ["1"]
    assert ids(search("hardware")) == []


def test_ranking_title_before_body_and_more_before_fewer(note_kind):
    services.index_document("note", 1, title_zh="日程安排", body_zh="人工智能")
    services.index_document("note", 2, title_zh="人工智能论坛 人工智能", body_zh="关于人工智能的讨论，人工智能的未来")
    services.index_document("note", 3, title_zh="人工智能论坛")
    services.index_document("note", 4, title_zh="其他", body_zh="没有关系")
    results = search("人工智能")
    # A title match beats a body-only one; a title that is mostly the query beats a longer one
    # (bm25's length normalisation; ts_rank's normalisation 1 agrees).
    assert ids(results) == ["3", "2", "1"]
    assert results.hits[0].rank > results.hits[1].rank > results.hits[2].rank


def test_ranking_more_occurrences_first_at_equal_length(note_kind):
    services.index_document("note", 1, title_zh="甲", body_en="hiring teams sales marketing")
    services.index_document("note", 2, title_zh="乙", body_en="hiring hiring hiring marketing")
    services.index_document("note", 3, title_zh="丙", body_en="hiring teams hiring marketing")
    assert ids(search("hiring")) == ["2", "3", "1"]


def test_paging_and_counts(note_kind):
    for n in range(1, 26):
        services.index_document("note", n, title_zh=f"展位 {n}", body_en="booth")
    first = search("展位", per_page=10)
    assert (first.total, first.pages, len(first.hits)) == (25, 3, 10)
    third = search("展位", page=3, per_page=10)
    assert len(third.hits) == 5
    all_ids = ids(first) + ids(search("展位", page=2, per_page=10)) + ids(third)
    assert sorted(all_ids, key=int) == [str(n) for n in range(1, 26)]
    assert search("展位", page=4, per_page=10).hits == []
    assert first.counts == {"note": 25}


def test_kind_filter(note_kind):
    register_source("memo", label_zh="备忘", label_en="Memos")
    try:
        services.index_document("note", 1, title_zh="招聘会")
        services.index_document("memo", 1, title_zh="招聘会")
        assert [h.kind for h in search("招聘会", kinds=["memo"]).hits] == ["memo"]
        both = search("招聘会")
        assert both.total == 2 and both.counts == {"note": 1, "memo": 1}
    finally:
        unregister_source("memo")


def test_visibility_by_audience(note_kind):
    staff = User.objects.create(username="org", is_staff=True)
    alice = User.objects.create(username="alice")
    services.index_document("note", 1, title_zh="公开 文档", audience=Audience.PUBLIC)
    services.index_document("note", 2, title_zh="参会者 文档", audience=Audience.ATTENDEES)
    services.index_document("note", 3, title_zh="员工 文档", audience=Audience.STAFF)
    assert ids(search("文档", AnonymousUser())) == ["1"]
    assert sorted(ids(search("文档", alice))) == ["1", "2"]
    assert sorted(ids(search("文档", staff))) == ["1", "2", "3"]


def test_variants_per_audience_only_the_viewers_fields(note_kind):
    alice = User.objects.create(username="alice")
    services.index_entries(
        "note",
        7,
        [
            Entry(7, title_zh="王小明", audience=Audience.ANONYMOUS),
            Entry(7, title_zh="王小明", body_zh="清华大学 北京", audience=Audience.ATTENDEES),
        ],
    )
    assert ids(search("王小明", AnonymousUser())) == ["7"]
    assert ids(search("清华", AnonymousUser())) == []  # a field strangers may not see
    assert ids(search("清华", alice)) == ["7"]
    assert ids(search("王小明", alice)) == ["7"]  # once, not per variant
    services.index_entries("note", 7, [Entry(7, title_zh="王小明", audience=Audience.ATTENDEES)])
    assert ids(search("清华", alice)) == []
    assert ids(search("王小明", AnonymousUser())) == []


def test_reindex_replaces_and_remove_deletes(note_kind):
    services.index_document("note", 1, title_zh="旧标题")
    services.index_document("note", 1, title_zh="新标题")
    assert ids(search("旧")) == []
    assert ids(search("新标题")) == ["1"]
    assert Document.objects.filter(kind="note").count() == 1
    assert services.remove_document("note", 1) == 1
    assert ids(search("新标题")) == []


def test_highlight_on_results_is_escaped(note_kind):
    services.index_document("note", 1, title_zh="<img src=x onerror=alert(1)> 招聘", title_en="")
    hit = search("招聘").hits[0]
    assert hit.title_html == "&lt;img src=x onerror=alert(1)&gt; <mark>招聘</mark>"


def test_hostile_queries_are_just_text(note_kind):
    services.index_document("note", 1, title_zh="正常", title_en="normal")
    for q in ["' OR 1=1 --", '"normal', "normal*", "NEAR(normal)", "normal & !x", "a:* | b", "\\", ")("]:
        search(q)  # no syntax error on either engine
    assert ids(search('"normal" OR x')) == []  # OR is a word here, and x matches nothing


def test_organisations_follow_save_and_delete():
    org = Organisation.objects.create(name="上海人才科技有限公司", name_en="Shanghai Talent Tech")
    assert ids(search("人才科技", kinds=["organisation"])) == [str(org.pk)]
    org.name_en = "Shanghai Robotics"
    org.save()
    assert ids(search("robotics", kinds=["organisation"])) == [str(org.pk)]
    assert ids(search("talent", kinds=["organisation"])) == []
    org.delete()
    assert ids(search("人才科技", kinds=["organisation"])) == []
    assert not Document.objects.filter(kind="organisation").exists()


def test_rebuild_from_sources_and_reindex_after_bulk_update():
    org = Organisation.objects.create(name="北京展览公司", name_en="Beijing Expo")
    Organisation.objects.filter(pk=org.pk).update(name_en="Beijing Fairs")  # no signal
    assert ids(search("fairs")) == []
    services.reindex("organisation", [org.pk])
    assert ids(search("fairs")) == [str(org.pk)]
    Document.objects.all().delete()
    assert services.rebuild(["organisation"]) == {"organisation": 1}
    assert ids(search("北京展览")) == [str(org.pk)]
