"""Matchmaking's texts in the reader's language: the challenge board and a challenge with its
proposals, on the pages (zh and en) and in the API, with the LibreTranslate double."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from matchmaking import challenges
from matchmaking.models import Posting
from matchmaking.services import conversations

pytestmark = pytest.mark.django_db

TITLE_ZH = "人工智能芯片联合研发"
TITLE_EN = "Joint research on AI chips"


@pytest.fixture
def challenge(world):
    posting = Posting.objects.create(
        organisation=world.poster,
        author=world.poster_admin,
        kind="project_cooperation",
        title=TITLE_ZH,
        body="寻找海外合作伙伴。",
        status="published",
        published_at=timezone.now(),
    )
    featured = challenges.feature(world.organizer, posting, timezone.now() + dt.timedelta(days=10))
    challenges.propose(
        world.responder_admin,
        featured,
        organisation=world.responder,
        text="Joint research on AI chips",
        team="Five engineers",
        timeline="",
    )
    return featured


def test_the_challenge_page_in_english_and_chinese(client, world, challenge, backend):
    client.force_login(world.poster_admin)
    client.cookies["django_language"] = "en"
    page = client.get(f"/matchmaking/challenges/{challenge.pk}/").content.decode()
    assert 'data-shown-variant="translation">Joint research on AI chips</span>' in page  # the title
    assert f'data-shown-variant="original" hidden>{TITLE_ZH}</span>' in page
    assert "[zh-Hans&gt;en] 寻找海外合作伙伴。" in page and "Machine-translated from Chinese." in page
    assert '<div class="shown-text" lang="en">Joint research on AI chips</div>' in page  # the proposal as written
    client.cookies["django_language"] = "zh-hans"
    page = client.get(f"/matchmaking/challenges/{challenge.pk}/").content.decode()
    assert f'<h1><span lang="zh">{TITLE_ZH}</span></h1>' in page
    assert 'data-shown-variant="translation">人工智能芯片联合研发</span>' not in page
    assert (
        'lang="zh" data-shown-variant="translation">人工智能芯片联合研发<' in page
    )  # the proposal, machine-translated
    assert "机器翻译自英语。" in page and ">显示原文</button>" in page
    board = client.get("/matchmaking/challenges/").content.decode()
    assert f'<span lang="zh">{TITLE_ZH}</span>' in board


def test_the_board_lists_machine_translations_with_a_badge(client, challenge, backend):
    client.cookies["django_language"] = "en"
    board = client.get("/matchmaking/challenges/").content.decode()
    assert '<span lang="en">Joint research on AI chips</span> <small class="shown-label shown-badge"' in board
    assert ">machine-translated</small>" in board


def test_the_api_adds_shown_fields(client, world, challenge, backend):
    client.force_login(world.poster_admin)
    listing = client.get("/api/matchmaking/challenges", HTTP_ACCEPT_LANGUAGE="en").json()
    assert listing[0]["title"] == TITLE_ZH
    assert listing[0]["title_shown"]["text"] == TITLE_EN and listing[0]["title_shown"]["source"] == "machine"
    detail = client.get(f"/api/matchmaking/challenges/{challenge.pk}", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert detail["title_shown"]["source"] == "original"
    proposal = detail["proposal_list"][0]
    assert proposal["text_shown"]["text"] == TITLE_ZH and proposal["text_shown"]["notice"] == "机器翻译自英语。"
    assert proposal["team_shown"]["original"] == "Five engineers"
    assert proposal["timeline_shown"]["text"] == ""


def test_without_a_backend_the_pages_say_so(client, world, challenge, no_backend):
    client.cookies["django_language"] = "en"
    page = client.get(f"/matchmaking/challenges/{challenge.pk}/").content.decode()
    assert f'<h1><span lang="zh">{TITLE_ZH}</span> <small class="shown-label shown-not_configured">' in page
    assert "Shown as written: machine translation is not set up on this site." in page


@pytest.fixture
def posting(world):
    return Posting.objects.create(
        organisation=world.poster,
        author=world.poster_admin,
        kind="project_cooperation",
        title=TITLE_ZH,
        body="寻找海外合作伙伴。",
        terms="面议",
        terms_en="Negotiable",
        status="published",
        published_at=timezone.now(),
    )


def test_a_posting_page_and_the_board(client, posting, backend):
    client.cookies["django_language"] = "en"
    page = client.get(f"/matchmaking/postings/{posting.pk}/").content.decode()
    assert '<h1 id="posting-title"><span class="shown shown-machine" data-shown>' in page
    assert 'data-shown-variant="translation">Joint research on AI chips</span>' in page
    assert "[zh-Hans&gt;en] 寻找海外合作伙伴。" in page
    assert '<dd><div class="shown-text" lang="en">Negotiable</div></dd>' in page  # the author's own English
    board = client.get("/matchmaking/").content.decode()
    assert '<span lang="en">Joint research on AI chips</span> <small class="shown-label shown-badge"' in board
    answer = client.get("/api/matchmaking/postings", HTTP_ACCEPT_LANGUAGE="en").json()
    assert answer["results"][0]["title_shown"]["text"] == TITLE_EN
    detail = client.get(f"/api/matchmaking/postings/{posting.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [detail[f"{f}_shown"]["source"] for f in ("title", "body", "terms")] == ["machine", "machine", "own"]
    # One request per page for its texts: title+body on the posting page (terms are the author's).
    assert [sorted(r["q"]) for r in backend.paths("/translate")] == [sorted([TITLE_ZH, "寻找海外合作伙伴。"])]


def test_a_conversation_in_both_languages(client, world, posting, backend):
    conversation = conversations.respond(
        posting=posting,
        user=world.responder_admin,
        body="We can help with the chips.",
        organisation_id=world.responder.pk,
    )
    conversations.reply(conversation_id=conversation.pk, user=world.poster_admin, body="欢迎，我们下周开会。")
    client.force_login(world.poster_admin)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(f"/matchmaking/conversations/{conversation.pk}/").content.decode()
    assert 'lang="zh" data-shown-variant="translation">[en&gt;zh-Hans] We can help with the chips.<' in page
    assert '<div class="shown-text" lang="zh">欢迎，我们下周开会。</div>' in page
    assert page.count(">显示原文</button>") == 1
    client.force_login(world.responder_admin)
    del client.cookies["django_language"]  # the API client's Accept-Language then
    answer = client.get(f"/api/matchmaking/conversations/{conversation.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    mine, theirs = answer["messages"]
    assert mine["body_shown"]["source"] == "original"
    assert theirs["body_shown"] == {
        "text": "[zh-Hans>en] 欢迎，我们下周开会。",
        "lang": "en",
        "source": "machine",
        "original": "欢迎，我们下周开会。",
        "original_lang": "zh",
        "reason": "",
        "notice": "Machine-translated from Chinese.",
    }


def test_a_replaced_or_deleted_posting_text_leaves_no_stored_translation(
    world, backend, django_capture_on_commit_callbacks
):
    from matchmaking.services import postings
    from translation.models import CachedTranslation
    from translation.selectors import for_objects

    draft = Posting.objects.create(
        organisation=world.poster,
        author=world.poster_admin,
        kind="project_cooperation",
        title=TITLE_ZH,
        body="寻找海外合作伙伴。",
    )
    assert [s.source for s in for_objects([draft], "body", "en")] == ["machine"]
    assert CachedTranslation.objects.filter(text__contains="寻找海外合作伙伴").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        postings.update_posting(posting=draft, user=world.poster_admin, body="寻找欧洲的研究伙伴。")
    assert not CachedTranslation.objects.filter(text__contains="寻找海外合作伙伴").exists()
    draft.refresh_from_db()
    for_objects([draft], "body", "en")
    assert CachedTranslation.objects.filter(text__contains="寻找欧洲的研究伙伴").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        postings.delete_posting(posting=draft, user=world.poster_admin)
    assert not CachedTranslation.objects.exists()
