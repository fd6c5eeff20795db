"""The page partial: {% shown_text %} and the |with_shown batch, in zh and en."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load pavilion_translation %}" + source).render(Context(context))


def test_a_machine_translation_has_its_label_and_the_original_one_click_away(backend):
    html = render("{% shown_text text %}", "en", text="人工智能芯片联合研发\n第二行")
    assert re.search(
        r'lang="en" data-shown-variant="translation">\[zh-Hans&gt;en\] 人工智能芯片联合研发<br>第二行', html
    )
    assert re.search(r'lang="zh" data-shown-variant="original" hidden>人工智能芯片联合研发<br>第二行', html)
    assert "Machine-translated from Chinese." in html
    assert 'data-show-original="Show original" data-show-translation="Show translation">Show original</button>' in html
    assert "pavilion/translation.js" in html
    chinese = render("{% shown_text text inline=True %}", "zh-hans", text="Joint research on AI chips")
    assert '<span lang="zh" data-shown-variant="translation">人工智能芯片联合研发</span>' in chinese
    assert "机器翻译自英语。" in chinese and ">显示原文</button>" in chinese


def test_own_versions_and_originals_have_no_toggle(backend):
    html = render("{% shown_text title own_en=title_en %}", "en", title="人工智能", title_en="AI")
    assert '<div class="shown-text" lang="en">AI</div>' in html and "data-shown-toggle" not in html
    assert backend.paths("/translate") == []


def test_without_a_backend_the_page_says_so(no_backend):
    html = render("{% shown_text text %}", "zh-hans", text="Joint research")
    assert '<div class="shown-text" lang="en">Joint research</div>' in html
    assert '<p class="shown-label shown-not_configured">按原文显示：本站未配置机器翻译。</p>' in html


def test_user_text_is_escaped(backend):
    html = render("{% shown_text text %}", "zh-hans", text="<script>alert(1)</script> hello")
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_with_shown_translates_a_list_in_one_request(backend):
    messages = [SimpleNamespace(body=text) for text in ("第一条", "第二条", "Third")]
    html = render(
        "{% for m, shown in messages|with_shown:'body' %}{% shown_text shown %}{% endfor %}", "en", messages=messages
    )
    assert html.count("data-shown-toggle") == 2 and "Third" in html
    assert [r["q"] for r in backend.paths("/translate")] == [["第一条", "第二条"]]
