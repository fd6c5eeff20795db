"""The board's and the import's pages in Chinese and English, their catalogue complete and
compiled, the organizers' import pages and the non-public queue without a script."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from accounts.models import Organisation
from matchmaking.imports import services
from matchmaking.imports.samples import demo_sheets
from matchmaking.models import ManualMatch, Posting
from tests.accounts.test_i18n import compiled_text, po_entries

CATALOGUE = Path(__file__).resolve().parents[3] / "matchmaking/locale_board/zh_Hans/LC_MESSAGES/django.po"


def test_catalogue_is_translated_and_compiled():
    entries = po_entries(CATALOGUE)
    assert len(entries) > 100
    assert [e["msgid"] for e in entries if not e["msgstr"]] == []
    with CATALOGUE.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert [e["msgid"] for e in entries if compiled_text(compiled, e) != e["msgstr"]] == []


@pytest.mark.django_db(transaction=True)
def test_import_pages_and_queue(client, organizer, make_file):
    client.force_login(organizer)
    page = client.get("/organizer/matchmaking/imports/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "导入征集表" in page and "下载征集表模板" in page
    template = client.get("/api/matchmaking/imports/template.xlsx")
    assert template.status_code == 200 and template.content.startswith(b"PK")
    answer = client.post("/organizer/matchmaking/imports/", {"file": make_file(demo_sheets(bad=True)), "mode": "all"})
    assert answer.status_code == 302
    job_url = answer["Location"]
    assert client.post(job_url, {"mode": "all"}).status_code == 302  # started without the script
    page = client.get(job_url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "有错误，未导入" in page and "联系邮箱: “not-an-address”不是有效的邮箱地址" in page
    client.cookies["django_language"] = "en"
    page = client.get(job_url).content.decode()
    assert "Nothing imported: errors" in page and "Contact e-mail: not a valid e-mail address" in page
    assert Posting.objects.count() == 0
    job = services.upload(organizer, make_file(demo_sheets()))
    services.start(organizer, job)
    report = client.get(f"/api/matchmaking/imports/{job.pk}/report.csv")
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert text.count("新建 created") == 0 and text.count(",created,") == 6
    queued = Posting.objects.get(visibility="organizers")
    assert client.get("/organizer/matchmaking/queue/").content.decode().count('class="mm-queued"') == 1
    counterpart = Organisation.objects.exclude(pk=queued.organisation_id).first()
    refused = client.post("/organizer/matchmaking/queue/", {"posting": queued.pk})
    assert refused.status_code == 400
    sent = client.post(
        "/organizer/matchmaking/queue/", {"posting": queued.pk, "counterpart": counterpart.pk, "note": "电话会议已安排"}
    )
    assert sent.status_code == 302
    match = ManualMatch.objects.get()
    assert (match.posting, match.counterpart, match.by) == (queued, counterpart, organizer)
    listing = client.get("/api/matchmaking/queue").json()
    assert listing[0]["matches"][0]["note"] == "电话会议已安排"
    # The queue's posting is on no public page.
    assert "某央企保密研发合作" not in client.get("/matchmaking/challenges/").content.decode()
