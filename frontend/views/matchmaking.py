"""The matchmaking pages of postings (docs/matchmaking.md, "Pages"): the board with search
and filters (/matchmaking/), a posting (respond, favourite, rate, publish, close), the
publish/edit form with attachments, my organisations' postings, favourites and
recommendations. Plain forms posted back here, calling matchmaking's services as the API does."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.i18n import localized
from accounts.models import Organisation
from frontend.views.matchmaking_common import (
    Refused,
    call,
    countries,
    field_choices,
    int_param,
    languages,
    text_param,
)
from matchmaking import recommend, rules, selectors
from matchmaking.models import Posting
from matchmaking.services import conversations, engagement
from matchmaking.services import postings as services

KINDS = Posting.Kind.choices
SUBKINDS = Posting.Subkind.choices


def board(request: HttpRequest) -> HttpResponse:
    user = request.user
    status = request.GET.get("status", "")
    filters = {
        "q": text_param(request, "q"),
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in Posting.Kind.values else "",
        "subkind": request.GET.get("subkind", "") if request.GET.get("subkind") in Posting.Subkind.values else "",
        "field": text_param(request, "field", 64),
        "country": text_param(request, "country", 2),
        "region": text_param(request, "region", 100),
        "language": text_param(request, "language", 8),
        "status": status if status in ("published", "closed") else "",
    }
    page = int_param(request.GET.get("page"), 1, high=1000)
    result = selectors.board(user, **filters, page=page)
    return render(
        request,
        "matchmaking/postings.html",
        {
            "result": result,
            "postings": selectors.postings_out(result.items, user),
            "filters": filters,
            "kinds": KINDS,
            "subkinds": SUBKINDS,
            "fields": field_choices(),
            "countries": countries(),
            "languages": languages(),
            "can_publish": bool(rules.member_org_ids(user)),
        },
    )


def _posting_context(request: HttpRequest, posting: Posting, **extra) -> dict:
    user = request.user
    data = selectors.posting_out(posting, user, full=True)
    context = {
        "posting": posting,
        "p": data,
        "you": data["you"],
        "terms": posting.display_terms,
        "body": posting.display_body,
    }
    if data["you"].get("can_edit") and user.is_authenticated:
        context["recommended"] = recommend.organisations_for(posting, limit=5)
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
def posting_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    posting = call(selectors.posting_for, user, pk)
    if request.method == "GET":
        return render(request, "matchmaking/posting.html", _posting_context(request, posting))
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    action = request.POST.get("action", "")
    try:
        if action == "respond":
            conversation = call(
                conversations.respond,
                posting=posting,
                user=user,
                body=request.POST.get("body", ""),
                organisation_id=int_param(request.POST.get("organisation")),
            )
            messages.success(request, _("Your response is sent: the conversation is open."))
            return redirect(selectors.conversation_url(conversation))
        if action == "favourite":
            call(engagement.favourite, user=user, posting_id=posting.pk)
        elif action == "unfavourite":
            call(engagement.unfavourite, user=user, posting_id=posting.pk)
        elif action == "rate":
            call(
                engagement.rate,
                user=user,
                posting_id=posting.pk,
                stars=int_param(request.POST.get("stars"), 0, low=0, high=10),
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("Thank you: your rating is saved."))
        elif action == "publish":
            call(services.publish_posting, posting=posting, user=user)
            messages.success(request, _("The posting is published."))
        elif action == "close":
            call(services.close_posting, posting=posting, user=user)
            messages.success(request, _("The posting is closed."))
        else:
            raise Refused(ValueError(_("Unknown action.")))
    except Refused as refused:
        context = _posting_context(request, posting, errors=refused.messages, form=request.POST)
        return render(request, "matchmaking/posting.html", context, status=refused.status)
    return redirect(selectors.posting_url(posting))


def _form_values(request: HttpRequest) -> dict:
    post = request.POST
    return {
        "kind": post.get("kind") or None,
        "subkind": post.get("subkind", "") if post.get("kind") == Posting.Kind.PROJECT else "",
        "title": post.get("title", ""),
        "title_en": post.get("title_en", ""),
        "body": post.get("body", ""),
        "body_en": post.get("body_en", ""),
        "fields": post.getlist("fields"),
        "country": post.get("country", ""),
        "province": post.get("province", ""),
        "city": post.get("city", ""),
        "budget": post.get("budget", ""),
        "terms": post.get("terms", ""),
        "terms_en": post.get("terms_en", ""),
        "languages": post.getlist("languages"),
        "deadline": post.get("deadline", "") or None,
    }


def _form_context(request: HttpRequest, posting: Posting | None, **extra) -> dict:
    user = request.user
    orgs = Organisation.objects.filter(pk__in=rules.member_org_ids(user)).order_by("name")
    if posting is not None:
        initial = {
            **{k: getattr(posting, k) for k in ("kind", "subkind", "title", "title_en", "body", "body_en")},
            **{k: getattr(posting, k) for k in ("country", "province", "city", "budget", "terms", "terms_en")},
            "fields": [f.slug for f in posting.fields.all()],
            "languages": posting.languages,
            "deadline": posting.deadline.isoformat() if posting.deadline else "",
        }
    else:
        initial = {"kind": "project_cooperation", "languages": ["zh"], "fields": [], "country": "CN"}
    if request.method == "POST":
        initial.update({k: v for k, v in _form_values(request).items() if v is not None})
    return {
        "posting": posting,
        "form": initial,
        "organisations": [(o.pk, localized(o.name, o.name_en)) for o in orgs],
        "kinds": KINDS,
        "subkinds": SUBKINDS,
        "fields": field_choices(),
        "countries": countries(),
        "languages": languages(),
        "attachments": list(posting.attachments.all()) if posting else [],
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def new_posting(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "GET":
        if not rules.member_org_ids(user):
            messages.info(request, _("Postings are published by organisations: register yours or join one first."))
        return render(request, "matchmaking/posting_form.html", _form_context(request, None))
    try:
        posting = call(
            services.create_posting,
            user=user,
            organisation_id=int_param(request.POST.get("organisation")),
            publish=request.POST.get("action") == "publish",
            **_form_values(request),
        )
    except Refused as refused:
        context = _form_context(request, None, errors=refused.messages, field_errors=refused.fields)
        return render(request, "matchmaking/posting_form.html", context, status=refused.status)
    messages.success(request, _("The posting is published.") if posting.is_public else _("The draft is saved."))
    return redirect(
        f"/matchmaking/postings/{posting.pk}/edit/" if not posting.is_public else selectors.posting_url(posting)
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_posting(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    posting = call(selectors.posting_for, user, pk)
    try:
        posting = call(services.posting_for_edit, user, pk)
    except Refused as refused:
        return render(request, "matchmaking/posting_form.html", {"errors": refused.messages}, status=refused.status)
    if request.method == "GET":
        return render(request, "matchmaking/posting_form.html", _form_context(request, posting))
    action = request.POST.get("action", "save")
    try:
        if action == "attach":
            upload = request.FILES.get("file")
            if upload is None:
                raise Refused(ValueError(_("Choose a file to attach.")))
            call(services.add_attachment, posting=posting, user=user, upload=upload)
            messages.success(request, _("The file is attached."))
        elif action == "detach":
            attachment = int_param(request.POST.get("attachment"), 0)
            call(services.remove_attachment, posting=posting, user=user, attachment_id=attachment)
        elif action == "delete":
            call(services.delete_posting, posting=posting, user=user)
            messages.success(request, _("The draft is deleted."))
            return redirect("/matchmaking/mine/")
        else:
            posting = call(services.update_posting, posting=posting, user=user, **_form_values(request))
            if action == "publish":
                posting = call(services.publish_posting, posting=posting, user=user)
                messages.success(request, _("The posting is published."))
                return redirect(selectors.posting_url(posting))
            messages.success(request, _("The changes are saved."))
    except Refused as refused:
        posting.refresh_from_db()
        context = _form_context(request, posting, errors=refused.messages, field_errors=refused.fields)
        return render(request, "matchmaking/posting_form.html", context, status=refused.status)
    return redirect(f"/matchmaking/postings/{posting.pk}/edit/")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My organisations' postings (drafts too), my favourites, postings that fit my organisations."""
    user = request.user
    own = selectors.board(user, mine=True, per_page=200).items
    orgs = list(Organisation.objects.filter(pk__in=rules.member_org_ids(user)).order_by("name"))
    suggestions = [
        {"organisation": localized(o.name, o.name_en), "items": recommend.postings_for(o, limit=5)} for o in orgs
    ]
    return render(
        request,
        "matchmaking/mine.html",
        {
            "own": [selectors.posting_out(p, user) for p in own],
            "favourites": [selectors.posting_out(p, user) for p in selectors.favourites(user)],
            "suggestions": suggestions,
            "organisations": orgs,
        },
    )
