"""张榜/揭榜 over the JSON API: organizers feature a posting, another organisation proposes
(with an attachment judged by its content), the poster shortlists and chooses, the others
are declined and told; the refusals: own challenge, closed, deadline passed, twice, choosing
twice, someone else's proposal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership
from matchmaking import challenges
from matchmaking.models import Challenge, Conversation, Posting, Proposal
from notifications.models import Notification
from tests import media

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(world):
    return Posting.objects.create(
        organisation=world.poster,
        author=world.poster_admin,
        kind="project_cooperation",
        title="高端装备联合攻关",
        title_en="Joint R&D on equipment",
        status="published",
        published_at=timezone.now(),
    )


def api(client, user, method, path, **kwargs):
    client.force_login(user)
    return getattr(client, method)(f"/api/matchmaking{path}", **kwargs)


def feature(client, world, posting, days=10):
    deadline = (timezone.now() + dt.timedelta(days=days)).isoformat()
    answer = api(
        client,
        world.organizer,
        "post",
        "/challenges",
        data={"posting_id": posting.pk, "deadline": deadline},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    return answer.json()


def propose(client, user, challenge_id, org, **extra):
    data = {
        "organisation_id": org.pk,
        "text": "我们的方案 Our plan",
        "team": "5 engineers",
        "timeline": "6 months",
        **extra,
    }
    return api(client, user, "post", f"/challenges/{challenge_id}/proposals", data=data)


def test_take_up_shortlist_and_choose(client, world, posting, organisation, person):
    refused = api(
        client,
        world.poster_admin,
        "post",
        "/challenges",
        data={"posting_id": posting.pk, "deadline": "2099-01-01T00:00:00Z"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    board = feature(client, world, posting)
    assert (board["status"], board["proposals"]) == ("open", 0)
    assert Posting.objects.get(pk=posting.pk).featured
    pdf = SimpleUploadedFile("plan.pdf", media.pdf(), content_type="application/pdf")
    first = propose(client, world.responder_staff, board["id"], world.responder, attachments=[pdf])
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["status"] == "submitted" and body["attachments"][0]["name"] == "plan.pdf"
    conversation = Conversation.objects.get(pk=body["conversation_id"])
    assert (conversation.posting_id, conversation.responder_id) == (posting.pk, world.responder.pk)
    poster_told = Notification.objects.filter(kind="matchmaking.proposal", recipient=world.poster_admin)
    assert poster_told.count() == 1 and poster_told.get().url == f"/matchmaking/challenges/{board['id']}/"
    # A third organisation proposes too.
    third_admin = person("ta")
    third = organisation("第三研究所", admin=third_admin)
    assert propose(client, third_admin, board["id"], third).status_code == 201
    listing = api(client, world.outsider, "get", "/challenges").json()
    assert [(c["id"], c["proposals"]) for c in listing] == [(board["id"], 2)]
    # The proposer sees its own proposal only; the poster sees both.
    own = api(client, world.responder_admin, "get", f"/challenges/{board['id']}").json()
    assert [p["id"] for p in own["proposal_list"]] == [body["id"]] and own["you"]["can_propose"] is False
    assert len(api(client, world.poster_staff, "get", f"/challenges/{board['id']}").json()["proposal_list"]) == 2
    # The file: the poster may download it, an outsider gets 404.
    url = body["attachments"][0]["url"].removeprefix("/api/matchmaking")
    got = api(client, world.poster_admin, "get", url)
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")
    assert api(client, world.outsider, "get", url).status_code == 404
    # Only the poster decides; a proposer is refused, an outsider gets 404.
    assert api(client, world.responder_admin, "post", f"/proposals/{body['id']}/choose").status_code == 403
    assert api(client, world.outsider, "post", f"/proposals/{body['id']}/choose").status_code == 404
    shortlisted = api(client, world.poster_admin, "post", f"/proposals/{body['id']}/shortlist")
    assert shortlisted.json()["status"] == "shortlisted"
    assert Challenge.objects.get(pk=board["id"]).status == "under_review"
    chosen = api(client, world.poster_admin, "post", f"/proposals/{body['id']}/choose")
    assert chosen.status_code == 200 and chosen.json()["status"] == "chosen"
    assert Challenge.objects.get(pk=board["id"]).status == "matched"
    assert Proposal.objects.get(organisation=third).status == "declined"
    decisions = Notification.objects.filter(kind="matchmaking.decision")
    assert set(decisions.filter(recipient=world.responder_staff).values_list("context__decision", flat=True)) == {
        "shortlisted",
        "chosen",
    }
    assert list(decisions.filter(recipient=third_admin).values_list("context__decision", flat=True)) == ["declined"]
    twice = api(client, world.poster_admin, "post", f"/proposals/{body['id']}/choose")
    assert (twice.status_code, twice.json()["code"]) == (400, "already_matched")
    late = propose(client, person("late"), board["id"], world.responder)
    assert late.status_code == 400  # not a member of that organisation: no organisation of theirs
    assert api(client, world.outsider, "get", "/challenges?status=matched").json()[0]["status"] == "matched"


def test_refusals(client, world, posting, person, organisation):
    board = feature(client, world, posting)
    own = propose(client, world.poster_staff, board["id"], world.poster)
    assert (own.status_code, own.json()["code"]) == (400, "own_challenge")
    bad_file = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    wrong = propose(client, world.responder_admin, board["id"], world.responder, attachments=[bad_file])
    assert wrong.status_code == 400 and "attachments" in wrong.json()["fields"]
    empty = propose(client, world.responder_admin, board["id"], world.responder, text="")
    assert empty.status_code == 400 and "text" in empty.json()["fields"]
    assert propose(client, world.responder_admin, board["id"], world.responder).status_code == 201
    twice = propose(client, world.responder_staff, board["id"], world.responder)
    assert twice.json()["code"] == "already_proposed"
    # Deadline passed.
    Challenge.objects.filter(pk=board["id"]).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    other_admin = person("oa")
    other = organisation("另一家公司", admin=other_admin)
    late = propose(client, other_admin, board["id"], other)
    assert late.json()["code"] == "deadline_passed"
    assert api(client, world.outsider, "get", f"/challenges/{board['id']}").json()["status"] == "under_review"
    # Closed.
    Challenge.objects.filter(pk=board["id"]).update(deadline=timezone.now() + dt.timedelta(days=1))
    assert api(client, world.responder_admin, "post", f"/challenges/{board['id']}/close").status_code == 403
    assert api(client, world.poster_admin, "post", f"/challenges/{board['id']}/close").json()["status"] == "closed"
    closed = propose(client, other_admin, board["id"], other)
    assert closed.json()["code"] == "challenge_closed"
    proposal = Proposal.objects.get()
    assert (
        api(client, world.poster_admin, "post", f"/proposals/{proposal.pk}/choose").json()["code"] == "challenge_closed"
    )
    # A draft or non-public posting cannot be featured; the organizers-only one is not on the board.
    draft = Posting.objects.create(organisation=world.poster, kind="talent_demand", title="草稿", status="draft")
    answer = api(
        client,
        world.organizer,
        "post",
        "/challenges",
        data={"posting_id": draft.pk, "deadline": "2099-01-01T00:00:00Z"},
        content_type="application/json",
    )
    assert answer.json()["code"] == "invalid_state"


def test_board_pages_zh_and_en(client, world, posting):
    board = feature(client, world, posting)
    client.logout()
    page = client.get("/matchmaking/challenges/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "高端装备联合攻关" in page.content.decode() and "张榜" in page.content.decode()
    client.cookies["django_language"] = "en"
    page = client.get("/matchmaking/challenges/")
    assert "Joint R&amp;D on equipment" in page.content.decode()
    client.force_login(world.responder_admin)
    sent = client.post(
        f"/matchmaking/challenges/{board['id']}/",
        {"action": "propose", "organisation": world.responder.pk, "text": "方案"},
    )
    assert sent.status_code == 302
    client.force_login(world.poster_admin)
    proposal = Proposal.objects.get()
    page = client.get(f"/matchmaking/challenges/{board['id']}/").content.decode()
    assert 'value="choose"' in page
    assert (
        client.post(
            f"/matchmaking/challenges/{board['id']}/", {"action": "choose", "proposal": proposal.pk}
        ).status_code
        == 302
    )
    assert Challenge.objects.get().status == "matched"
    assert OrganisationMembership.objects.filter(organisation=world.responder).exists()
    assert challenges.board()[0][2] == "matched"
    assert Organisation.objects.count() == 2
