"""The pages (Django client): every page answers in zh and en, forms post back through the
services, strangers get 404 for a conversation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from matchmaking.models import Conversation, Favourite, OrganisationPost, Posting, Rating, ShowcaseArea
from matchmaking.services import conversations, postings
from tests import media

pytestmark = pytest.mark.django_db


def client_for(user, lang="zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    if user is not None:
        client.force_login(user)
    return client


def test_publish_respond_and_negotiate_through_the_pages(world):
    poster = client_for(world.poster_staff, "en")
    assert poster.get("/matchmaking/postings/new/").status_code == 200
    created = poster.post(
        "/matchmaking/postings/new/",
        {
            "kind": "talent_demand",
            "title": "招聘算法工程师",
            "title_en": "Algorithm engineers",
            "body": "三名",
            "languages": ["zh", "en"],
            "action": "publish",
        },
    )
    posting = Posting.objects.get()
    assert created.status_code == 302 and posting.is_public
    board = client_for(None, "en").get("/matchmaking/", {"q": "算法"})
    assert "Algorithm engineers" in board.content.decode()
    zh_board = client_for(None).get("/matchmaking/")
    assert "招聘算法工程师" in zh_board.content.decode() and "项目对接" in zh_board.content.decode()
    responder = client_for(world.responder_staff, "en")
    page = responder.get(f"/matchmaking/postings/{posting.pk}/").content.decode()
    assert 'id="respond-form"' in page
    refused = responder.post(f"/matchmaking/postings/{posting.pk}/", {"action": "rate", "stars": "5"})
    assert refused.status_code == 400 and "conversation" in refused.content.decode()
    sent = responder.post(f"/matchmaking/postings/{posting.pk}/", {"action": "respond", "body": "We can help"})
    conversation = Conversation.objects.get()
    assert sent["Location"] == f"/matchmaking/conversations/{conversation.pk}/"
    reply = poster.post(
        sent["Location"], {"action": "reply", "body": "资料", "files": [SimpleUploadedFile("cv.pdf", media.pdf())]}
    )
    assert reply.status_code == 302
    thread = responder.get(sent["Location"]).content.decode()
    assert "cv.pdf" in thread and "We can help" in thread
    start = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    meeting = responder.post(
        sent["Location"],
        {
            "action": "meeting",
            "topic": "Call",
            "slot_start_0": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": "30",
            "tz": "Asia/Shanghai",
        },
    )
    assert meeting.status_code == 302 and meeting["Location"].startswith("/meetings/")
    rated = responder.post(sent["Location"], {"action": "rate", "stars": "4", "comment": "ok"})
    assert rated.status_code == 302 and Rating.objects.get().stars == 4
    assert client_for(world.outsider).get(sent["Location"]).status_code == 404
    assert client_for(world.organizer).get(sent["Location"]).status_code == 404
    assert responder.post(f"/matchmaking/postings/{posting.pk}/", {"action": "favourite"}).status_code == 302
    assert Favourite.objects.filter(user=world.responder_staff).exists()
    mine = responder.get("/matchmaking/mine/").content.decode()
    assert "Algorithm engineers" in mine  # the favourite
    org_page = client_for(None, "en").get(f"/matchmaking/organisations/{world.poster.pk}/").content.decode()
    assert "4.0 ★ from 1 rating" in org_page


def test_edit_form_attachments_and_refusals(world):
    poster = client_for(world.poster_staff)
    draft = postings.create_posting(user=world.poster_staff, kind="hr_services", title="猎头服务")
    edit = f"/matchmaking/postings/{draft.pk}/edit/"
    assert poster.get(edit).status_code == 200
    bad = poster.post(edit, {"action": "attach", "file": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert bad.status_code == 400
    ok = poster.post(edit, {"action": "attach", "file": SimpleUploadedFile("a.png", media.png())})
    assert ok.status_code == 302 and draft.attachments.count() == 1
    # Publishing without a description is refused on the page, nothing published.
    refused = poster.post(edit, {"action": "publish", "kind": "hr_services", "title": "猎头服务", "body": ""})
    assert refused.status_code == 400
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert client_for(world.responder_staff).get(edit).status_code == 404
    assert client_for(world.outsider).get(f"/matchmaking/postings/{draft.pk}/").status_code == 404
    assert client_for(None).get("/matchmaking/postings/new/").status_code == 302


def test_organisation_admin_showcase_and_organizers(world):
    admin = client_for(world.poster_admin, "en")
    manage = f"/matchmaking/organisations/{world.poster.pk}/manage/"
    assert admin.get(manage).status_code == 200
    assert client_for(world.poster_staff).get(manage).status_code == 403  # staff, not admin
    admin.post(manage, {"action": "profile", "introduction": "我们是研究院", "introduction_en": "We are an institute"})
    admin.post(
        manage, {"action": "post", "kind": "policy", "title": "人才政策", "title_en": "Talent policy", "body": "内容"}
    )
    assert OrganisationPost.objects.get().title_en == "Talent policy"
    page = client_for(None, "en").get(f"/matchmaking/organisations/{world.poster.pk}/").content.decode()
    assert "We are an institute" in page and "Talent policy" in page
    posting = postings.create_posting(user=world.poster_staff, kind="talent_demand", title="t", body="b", publish=True)
    organizer = client_for(world.organizer)
    assert client_for(world.poster_admin).get("/organizer/matchmaking/showcase/").status_code == 403
    saved = organizer.post(
        "/organizer/matchmaking/showcase/",
        {
            "slug": "germany",
            "kind": "country",
            "title": "德国专区",
            "title_en": "Germany",
            "postings": [str(posting.pk)],
            "organisations": [str(world.responder.pk)],
        },
    )
    assert saved.status_code == 302
    area = ShowcaseArea.objects.get()
    assert list(area.postings.all()) == [posting]
    shown = client_for(None, "en").get("/matchmaking/showcase/germany/").content.decode()
    assert "Germany" in shown and world.responder.name_en in shown
    assert client_for(None).get("/matchmaking/showcase/").status_code == 200
    listing = organizer.get("/organizer/matchmaking/organisations/").content.decode()
    assert world.poster.name in listing and world.responder.name in listing
    assert client_for(world.poster_admin).get("/organizer/matchmaking/organisations/").status_code == 403
    conversations.respond(posting=posting, user=world.responder_staff, body="hi")
    assert client_for(world.responder_staff).get("/matchmaking/conversations/").status_code == 200
