"""The matchmaking app's rows of the authorization table (merged into tests/authz/table.py; the
columns and shorthands are there). One file per app, so that apps built side by side do not
edit the same lines.

The world (extend_world): "ours" (own_staff is its admin) published a posting with an
attachment; "theirs" (other_staff) responded, so the two are the conversation's parties and
nobody else sees it (404, organizers included). A news post of ours, a showcase area."""

from __future__ import annotations

from typing import Any

from tests.authz.table import LOGGED_IN, ORGANIZERS, PUBLIC

OWN_OR_ORGANIZER = "401 403 403 200 403 200 403 401"
OWN_OR_ORGANIZER_400 = "401 403 403 400 403 400 403 401"
OWN_OR_ORGANIZER_204 = "401 403 403 204 403 204 403 401"
PARTIES = "401 404 200 200 404 404 404 401"  # the conversation's two organisations only
BODY_422 = "401 422 422 422 422 422 422 401"  # logged in, the (empty) body refused
PAGE_LOGGED_IN = "302 200 200 200 200 200 200 302"

CORE_ROUTES: dict[tuple[str, str], str] = {
    ("GET", "api/matchmaking/postings"): PUBLIC,
    ("POST", "api/matchmaking/postings"): "401 400 400 400 400 400 400 401",
    ("GET", "api/matchmaking/postings/<int:pk>"): PUBLIC,
    ("PATCH", "api/matchmaking/postings/<int:pk>"): OWN_OR_ORGANIZER,
    ("DELETE", "api/matchmaking/postings/<int:pk>"): OWN_OR_ORGANIZER_400,  # published: not a draft
    ("POST", "api/matchmaking/postings/<int:pk>/publish"): OWN_OR_ORGANIZER_400,  # already published
    ("POST", "api/matchmaking/postings/<int:pk>/close"): OWN_OR_ORGANIZER,
    ("POST", "api/matchmaking/postings/<int:pk>/attachments"): OWN_OR_ORGANIZER_400,  # no file
    ("DELETE", "api/matchmaking/postings/<int:pk>/attachments/<int:attachment_id>"): OWN_OR_ORGANIZER_204,
    ("GET", "api/matchmaking/attachments/<int:attachment_id>"): PUBLIC,
    ("POST", "api/matchmaking/postings/<int:pk>/favourite"): LOGGED_IN,
    ("DELETE", "api/matchmaking/postings/<int:pk>/favourite"): LOGGED_IN,
    ("GET", "api/matchmaking/favourites"): LOGGED_IN,
    ("POST", "api/matchmaking/postings/<int:pk>/rating"): BODY_422,
    ("POST", "api/matchmaking/postings/<int:pk>/respond"): BODY_422,
    ("GET", "api/matchmaking/conversations"): LOGGED_IN,
    ("GET", "api/matchmaking/conversations/<int:pk>"): PARTIES,
    ("POST", "api/matchmaking/conversations/<int:pk>/messages"): "401 404 400 400 404 404 404 401",
    ("GET", "api/matchmaking/message-attachments/<int:attachment_id>"): PARTIES,
    ("POST", "api/matchmaking/conversations/<int:pk>/meetings"): BODY_422,
    ("POST", "api/matchmaking/conversations/<int:pk>/rating"): BODY_422,
    ("GET", "api/matchmaking/organisations/<int:org_id>"): PUBLIC,
    ("PATCH", "api/matchmaking/organisations/<int:org_id>/profile"): OWN_OR_ORGANIZER,
    ("POST", "api/matchmaking/organisations/<int:org_id>/posts"): OWN_OR_ORGANIZER_400,
    ("PATCH", "api/matchmaking/organisations/<int:org_id>/posts/<int:post_id>"): OWN_OR_ORGANIZER,
    ("DELETE", "api/matchmaking/organisations/<int:org_id>/posts/<int:post_id>"): OWN_OR_ORGANIZER_204,
    ("GET", "api/matchmaking/organizer/organisations"): ORGANIZERS,
    ("GET", "api/matchmaking/showcase"): PUBLIC,
    ("GET", "api/matchmaking/showcase/<slug>"): PUBLIC,
    ("POST", "api/matchmaking/showcase"): "401 403 403 403 403 400 403 401",
    ("PATCH", "api/matchmaking/showcase-areas/<int:area_id>"): "401 403 403 403 403 200 403 401",
    ("DELETE", "api/matchmaking/showcase-areas/<int:area_id>"): "401 403 403 403 403 204 403 401",
    ("GET", "api/matchmaking/recommendations"): "401 400 200 200 400 400 400 401",  # needs an organisation
    ("GET", "api/matchmaking/postings/<int:pk>/recommended-organisations"): OWN_OR_ORGANIZER,
    # ---- pages (frontend/urls_matchmaking.py); an empty form is the 400
    ("GET", "matchmaking/"): PUBLIC,
    ("GET", "matchmaking/mine/"): PAGE_LOGGED_IN,
    ("GET", "matchmaking/postings/new/"): PAGE_LOGGED_IN,
    ("POST", "matchmaking/postings/new/"): "302 400 400 400 400 400 400 302",
    ("GET", "matchmaking/postings/<int:pk>/"): PUBLIC,
    ("POST", "matchmaking/postings/<int:pk>/"): "302 400 400 400 400 400 400 302",
    ("GET", "matchmaking/postings/<int:pk>/edit/"): "302 403 403 200 403 200 403 302",
    ("POST", "matchmaking/postings/<int:pk>/edit/"): "302 403 403 400 403 400 403 302",
    ("GET", "matchmaking/conversations/"): PAGE_LOGGED_IN,
    ("GET", "matchmaking/conversations/<int:pk>/"): "302 404 200 200 404 404 404 302",
    ("POST", "matchmaking/conversations/<int:pk>/"): "302 404 400 400 404 404 404 302",
    ("GET", "matchmaking/organisations/<int:org_id>/"): PUBLIC,
    ("GET", "matchmaking/organisations/<int:org_id>/manage/"): "302 403 403 200 403 200 403 302",
    ("POST", "matchmaking/organisations/<int:org_id>/manage/"): "302 403 403 400 403 400 403 302",
    ("GET", "matchmaking/showcase/"): PUBLIC,
    ("GET", "matchmaking/showcase/<slug:slug>/"): PUBLIC,
    ("GET", "organizer/matchmaking/showcase/"): "302 403 403 403 403 200 403 302",
    ("POST", "organizer/matchmaking/showcase/"): "302 403 403 403 403 400 403 302",
    ("GET", "organizer/matchmaking/organisations/"): "302 403 403 403 403 200 403 302",
}

ROUTES: dict[tuple[str, str], str] = dict(CORE_ROUTES)

# socket commands: name -> answers per role (as SOCKET_TABLE)
SOCKET: dict[str, str] = {}


# ---- 张榜/揭榜 and the 征集表 import (mm-board). The world's ids name no challenge, proposal,
# import or queued posting: 404 for whoever gets past the role check.

NOTHING = "404 404 404 404 404 404 404 404"
LOGGED_IN_404 = "401 404 404 404 404 404 404 401"
ORGANIZERS_404 = "401 403 403 403 403 404 403 401"
ORGANIZER_PAGE = "302 403 403 403 403 200 403 302"
ORGANIZER_PAGE_404 = "302 403 403 403 403 404 403 302"
ROUTES.update(
    {
        ("GET", "api/matchmaking/challenges"): PUBLIC,
        ("POST", "api/matchmaking/challenges"): "401 422 422 422 422 422 422 401",  # empty body
        ("GET", "api/matchmaking/challenges/<int:pk>"): NOTHING,
        ("POST", "api/matchmaking/challenges/<int:pk>/proposals"): LOGGED_IN_404,
        ("POST", "api/matchmaking/challenges/<int:pk>/close"): LOGGED_IN_404,
        ("POST", "api/matchmaking/proposals/<int:pk>/shortlist"): LOGGED_IN_404,
        ("POST", "api/matchmaking/proposals/<int:pk>/decline"): LOGGED_IN_404,
        ("POST", "api/matchmaking/proposals/<int:pk>/choose"): LOGGED_IN_404,
        ("GET", "api/matchmaking/proposals/<int:pk>/attachments/<int:item_id>"): NOTHING,
        ("GET", "api/matchmaking/imports/template.xlsx"): PUBLIC,
        ("GET", "api/matchmaking/imports"): ORGANIZERS,
        ("POST", "api/matchmaking/imports"): "401 403 403 403 403 400 403 401",  # no file
        ("GET", "api/matchmaking/imports/<int:pk>"): ORGANIZERS_404,
        ("POST", "api/matchmaking/imports/<int:pk>/start"): ORGANIZERS_404,
        ("GET", "api/matchmaking/imports/<int:pk>/report.csv"): ORGANIZERS_404,
        ("GET", "api/matchmaking/queue"): ORGANIZERS,
        ("POST", "api/matchmaking/queue/<int:pk>/matches"): ORGANIZERS_404,
        ("GET", "matchmaking/challenges/"): PUBLIC,
        ("POST", "matchmaking/challenges/"): "403 403 403 403 403 400 403 403",  # organizers feature; empty form
        ("GET", "matchmaking/challenges/<int:pk>/"): NOTHING,
        ("POST", "matchmaking/challenges/<int:pk>/"): NOTHING,
        ("GET", "organizer/matchmaking/imports/"): ORGANIZER_PAGE,
        ("POST", "organizer/matchmaking/imports/"): "302 403 403 403 403 400 403 302",  # no file
        ("GET", "organizer/matchmaking/imports/<int:pk>/"): ORGANIZER_PAGE_404,
        ("POST", "organizer/matchmaking/imports/<int:pk>/"): ORGANIZER_PAGE_404,
        ("GET", "organizer/matchmaking/queue/"): ORGANIZER_PAGE,
        ("POST", "organizer/matchmaking/queue/"): ORGANIZER_PAGE_404,  # no posting named
    }
)


def extend_world(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import Organisation
    from matchmaking.models import ShowcaseArea
    from matchmaking.services import conversations, postings, profiles
    from tests import media

    users = world.users
    ours = Organisation.objects.get(pk=world.ids["organisation"])
    posting = postings.create_posting(
        user=users["own_staff"], kind="talent_demand", title="招聘工程师", body="说明", publish=True
    )
    attachment = postings.add_attachment(
        posting=posting, user=users["own_staff"], upload=SimpleUploadedFile("a.pdf", media.pdf())
    )
    conversation = conversations.respond(posting=posting, user=users["other_staff"], body="我们感兴趣")
    message = conversations.reply(
        conversation_id=conversation.pk,
        user=users["own_staff"],
        body="资料",
        uploads=[SimpleUploadedFile("b.pdf", media.pdf())],
    )
    post = profiles.add_post(organisation=ours, user=users["own_staff"], kind="news", title="新闻")
    area = ShowcaseArea.objects.create(slug="authz-area", title="专区", kind="region")
    from notifications.models import Notification

    # Notification ids of the table's people would collide with the ids other rows use.
    Notification.objects.filter(kind__startswith="matchmaking.").delete()
    world.ids |= {
        "mm_posting": posting.pk,
        "mm_attachment": attachment.pk,
        "mm_conversation": conversation.pk,
        "mm_message_attachment": message.attachments.get().pk,
        "mm_post": post.pk,
        "mm_area": area.pk,
        "mm_area_slug": area.slug,
    }


def params(route: str, world) -> dict[str, Any]:
    if not any(route == r for _, r in CORE_ROUTES):
        return {}  # the board's and imports' rows name no object of the world
    ids = world.ids
    conversation = "conversations/<int:pk>" in route
    return {
        "pk": ids["mm_conversation"] if conversation else ids["mm_posting"],
        "attachment_id": ids["mm_message_attachment"] if "message-attachments" in route else ids["mm_attachment"],
        "post_id": ids["mm_post"],
        "area_id": ids["mm_area"],
        "slug": ids["mm_area_slug"],
    }
