"""张榜 / 揭榜 pages: the public challenge board (/matchmaking/challenges/), a challenge with
its proposal form (揭榜) and, for the poster, the proposals to shortlist, decline or choose.
Plain forms posted back here, calling matchmaking.challenges (as the JSON API does)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.i18n import localized
from matchmaking import board_selectors as sel
from matchmaking import challenges
from matchmaking.models import Challenge, Posting

STATUS_LABELS = dict(Challenge.Status.choices)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)


def _row(challenge: Challenge, count: int, status: str) -> dict:
    posting = challenge.posting
    return {
        "challenge": challenge,
        "title": localized(posting.title, posting.title_en),
        "organisation": localized(posting.organisation.name, posting.organisation.name_en),
        "count": count,
        "status": status,
        "status_label": STATUS_LABELS.get(status, status),
    }


@require_http_methods(["GET", "POST"])
def board(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        if not challenges.is_organizer(user):
            raise PermissionDenied
        try:
            posting = Posting.objects.get(pk=int(request.POST.get("posting") or 0))
            day = dt.date.fromisoformat(request.POST.get("deadline", ""))
            deadline = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))
            challenges.feature(user, posting, deadline)
        except (ValueError, Posting.DoesNotExist):
            messages.error(request, _("Choose a posting and a deadline."))
            return render(request, "matchmaking/board.html", _board_context(request), status=400)
        except ValidationError as error:
            for text in _messages(error):
                messages.error(request, text)
            return render(request, "matchmaking/board.html", _board_context(request), status=400)
        messages.success(request, _("The posting is on the challenge board."))
        return redirect("frontend:mm-board")
    return render(request, "matchmaking/board.html", _board_context(request))


def _board_context(request: HttpRequest) -> dict:
    status = request.GET.get("status", "")
    if status not in STATUS_LABELS:
        status = ""
    rows = [_row(*item) for item in challenges.board(status)]
    context = {"rows": rows, "status": status, "statuses": list(STATUS_LABELS.items())}
    if challenges.is_organizer(request.user):
        context["candidates"] = (
            Posting.objects.filter(status=Posting.Status.PUBLISHED, visibility=Posting.Visibility.PUBLIC)
            .exclude(challenge__isnull=False)
            .select_related("organisation")
            .order_by("-pk")[:200]
        )
    return context


def _conversation_url(conversation_id: int | None) -> str:
    if not conversation_id:
        return ""
    for name in ("frontend:matchmaking-conversation", "frontend:mm-conversation"):
        try:
            return reverse(name, args=[conversation_id])
        except NoReverseMatch:
            continue
    return ""


@require_http_methods(["GET", "POST"])
def challenge_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        challenge = challenges.visible_challenge(pk)
    except Challenge.DoesNotExist:
        raise Http404 from None
    user = request.user
    errors: list[str] = []
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{reverse('login')}?next={request.path}")
        action = request.POST.get("action", "")
        try:
            if action == "propose":
                organisation = (
                    challenges.my_organisations(user).filter(pk=_int(request.POST.get("organisation"))).first()
                )
                if organisation is None:
                    raise ValidationError(_("Choose one of your organisations."))
                challenges.propose(
                    user,
                    challenge,
                    organisation=organisation,
                    text=request.POST.get("text", ""),
                    team=request.POST.get("team", ""),
                    timeline=request.POST.get("timeline", ""),
                    attachments=request.FILES.getlist("attachments"),
                )
                messages.success(request, _("Your proposal is sent. The poster will answer in your conversation."))
            elif action in ("shortlist", "decline", "choose"):
                proposal = challenges.proposal_for(user, _int(request.POST.get("proposal")))
                getattr(challenges, action)(user, proposal.pk)
                messages.success(
                    request,
                    {
                        "shortlist": _("Shortlisted."),
                        "decline": _("Declined."),
                        "choose": _("Chosen: the challenge is matched."),
                    }[action],
                )
            elif action == "close":
                challenges.close(user, challenge)
                messages.success(request, _("The challenge is closed."))
            else:
                return HttpResponseBadRequest(_("Unknown action."))
        except ValidationError as error:
            errors = _messages(error)
        except ObjectDoesNotExist:
            raise Http404 from None
        if not errors:
            return redirect("frontend:mm-challenge", pk=challenge.pk)
    detail = sel.challenge_detail(user, challenge)
    posting = challenge.posting
    proposals = []
    for item in detail["proposal_list"]:
        item = dict(item)
        item["organisation_label"] = localized(item["organisation"], item["organisation_en"])
        item["status_label"] = {
            "submitted": _("Submitted"),
            "shortlisted": _("Shortlisted"),
            "chosen": _("Chosen"),
            "declined": _("Declined"),
        }[item["status"]]
        item["conversation_url"] = _conversation_url(item["conversation_id"])
        proposals.append(item)
    context = {
        "challenge": challenge,
        "posting": posting,
        "title": localized(posting.title, posting.title_en),
        "body": localized(posting.body, posting.body_en),
        "organisation": localized(posting.organisation.name, posting.organisation.name_en),
        "status": detail["status"],
        "status_label": STATUS_LABELS.get(detail["status"], detail["status"]),
        "count": detail["proposals"],
        "you": detail["you"],
        "proposals": proposals,
        "errors": errors,
        "form": request.POST if errors else {},
    }
    return render(request, "matchmaking/challenge.html", context, status=400 if errors else 200)


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
