"""Segmentation, query parsing and highlighting (search/text.py), no database."""

from search.text import fts5_expression, highlight, index_text, parse_query, tokens, tsquery_expression


def test_chinese_is_segmented_for_search_with_every_character():
    toks = tokens("中华人民共和国")
    for word in ("中华", "人民", "共和国", "中华人民共和国"):
        assert word in toks
    assert set("中华人民共和国") <= set(toks)


def test_english_is_lowercased_and_stemmed_and_accents_folded():
    assert tokens("Engineering ENGINEERS Café") == ["engin", "engin", "cafe"]


def test_full_width_and_punctuation_are_normalised():
    assert tokens("ＡＩ，2026！C++") == ["ai", "2026", "c"]


def test_tokens_are_only_safe_characters():
    text = index_text("x' OR 1=1 --", "\"a\" & b | !c :* 'd'")
    assert set(text) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")


def test_query_words_all_required_chinese_by_word_or_by_characters():
    q = parse_query("人工智能 engineer")
    assert fts5_expression(q) == '("人工智能" OR ("人" AND "工" AND "智" AND "能")) AND "engin"*'
    assert tsquery_expression(q) == "('人工智能' | ('人' & '工' & '智' & '能')) & 'engin':*"


def test_a_query_of_nothing_searchable_is_empty():
    assert not parse_query("  ,,, !!! ")
    assert not parse_query("\x00\x1f")


def test_highlight_marks_words_and_escapes_everything_else():
    q = parse_query("script engineer")
    out = highlight("<script>alert(1)</script> Engineering", q)
    assert "<script>" not in out
    assert out == "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>Engineering</mark>"


def test_highlight_marks_chinese_split_differently():
    q = parse_query("机器学")
    assert highlight("关于机器学习", q) == "关于<mark>机器学</mark>习"


def test_highlight_excerpt_is_cut_around_the_first_hit():
    q = parse_query("needle")
    text = "hay " * 100 + "needle" + " hay" * 100
    out = highlight(text, q, limit=60)
    assert out.startswith("…") and out.endswith("…")
    assert "<mark>needle</mark>" in out
    assert len(out) < 100
