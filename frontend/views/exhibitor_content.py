"""The booth content editor page for exhibitor staff: `/exhibitor/booths/<id>/content/`.

Server-rendered forms (works without JavaScript): each form posts here with an `action`
(`create`, `update`, `delete`, `up`, `down`) and a `kind`; the same services as the JSON
endpoints do the work. Success redirects back (303) with a notice; a refusal re-renders
the page with status 400 and the error next to the form, the typed fields kept. Chinese or
English by the visitor's language.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual, language, localized
from frontend.strings import content_editor_strings
from halls import rules
from halls.content import selectors, services
from halls.models import Booth

FORBIDDEN_TEMPLATE = "frontend/exhibitor/content_forbidden.html"
ACTIONS = ("create", "update", "delete", "up", "down")
NOTICES = ("saved", "deleted", "moved")


def _act(request: HttpRequest, booth: Booth, kind: str, action: str) -> str:
    """Run one form's action; returns the key of the notice to show after the redirect."""
    data = request.POST.dict()
    files = {name: request.FILES[name] for name in request.FILES}
    if action == "create":
        services.create_item(booth=booth, user=request.user, kind=kind, data=data, files=files)
        return "saved"
    try:
        item_id = int(data.get("item") or 0)
    except ValueError as exc:
        raise ValidationError(bilingual(_("Unknown item: give its number.")), code="bad_item") from exc
    item = services.item_for_booth(booth, kind, item_id)
    if action == "update":
        services.update_item(item=item, user=request.user, data=data, files=files)
        return "saved"
    if action == "delete":
        services.delete_item(item=item, user=request.user)
        return "deleted"
    ids = list(services.kind_of(kind).model.objects.filter(booth=booth).values_list("pk", flat=True))
    i = ids.index(item.pk)
    j = i - 1 if action == "up" else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    services.reorder_items(booth=booth, user=request.user, kind=kind, ids=ids)
    return "moved"


def _label(item: dict[str, Any], lang: str) -> str:
    title = item["title"][lang]
    return title or (item["text"][lang] if "text" in item else "") or item["id"]


def content_editor(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    booth = get_object_or_404(Booth.objects.select_related("organisation"), pk=pk)
    lang = language()
    t = content_editor_strings()
    error: dict[str, Any] | None = None
    status = 200
    if request.method == "POST":
        kind, action = request.POST.get("kind", ""), request.POST.get("action", "")
        try:
            if action not in ACTIONS:
                raise ValidationError(bilingual(_("Unknown action %(action)r."), action=action), code="bad_action")
            rules.require_booth_staff_or_organizer(request.user, booth)  # before any item lookup
            notice = _act(request, booth, kind, action)
            return HttpResponseRedirect(f"{request.path}?done={notice}#{kind}", status=303)
        except PermissionDenied as exc:
            return render(request, FORBIDDEN_TEMPLATE, {"message": str(exc), "t": t}, status=403)
        except ObjectDoesNotExist:
            error = {"kind": kind, "messages": [bilingual(_("Not found."))], "item": request.POST.get("item")}
            status = 404
        except ValidationError as exc:
            error = {"kind": kind, "messages": exc.messages, "item": request.POST.get("item"), "data": request.POST}
            status = 400
    try:
        content = selectors.editable_content(request.user, booth)
    except PermissionDenied as exc:
        return render(request, FORBIDDEN_TEMPLATE, {"message": str(exc), "t": t}, status=403)
    sections = []
    for kind in ("videos", "posters", "documents", "ads", "commentary"):
        # The model rows too: the forms show the stored fields, not the display fallbacks.
        rows = {row.pk: row for row in services.kind_of(kind).model.objects.filter(booth=booth)}
        items = [{**item, "row": rows[item["pk"]], "label": _label(item, lang)} for item in content[kind]]
        sections.append({"kind": kind, "label": t[kind], "items": items})
    context = {
        "t": t,
        "lang": lang,
        "booth": booth,
        "booth_name": localized(booth.name, booth.name_en),
        "content": content,
        "sections": sections,
        "error": error,
        "notice": t[done] if (done := request.GET.get("done")) in NOTICES else "",
        "ad_slots": range(content["slots"]["ads"]),
    }
    return render(request, "frontend/exhibitor/content_editor.html", context, status=status)
