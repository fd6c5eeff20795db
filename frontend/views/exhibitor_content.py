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

from accounts.i18n import language
from halls import rules
from halls.content import selectors, services
from halls.models import Booth

TEXT = {
    "zh": {
        "title": "展位内容",
        "videos": "视频",
        "posters": "展板",
        "documents": "资料（PDF）",
        "ads": "广告位",
        "commentary": "导览讲解",
        "add": "添加",
        "save": "保存",
        "delete": "删除",
        "up": "上移",
        "down": "下移",
        "empty": "暂无内容。",
        "saved": "已保存。",
        "deleted": "已删除。",
        "moved": "顺序已更新。",
        "error": "未保存：",
        "title_zh": "标题（中文）",
        "title_en": "标题（英文）",
        "text_zh": "讲解词（中文）",
        "text_en": "讲解词（英文）",
        "file": "文件",
        "link": "视频链接（可代替上传）",
        "poster": "封面图",
        "image": "图片",
        "audio": "讲解音频（可选）",
        "slot": "广告位",
        "starts_at": "开始时间",
        "ends_at": "结束时间",
        "ad_link": "点击跳转链接",
        "point": "位置 x, y, z（米）",
        "look_at": "视点 x, y, z（可选）",
        "target": "讲解对象（场景物体名，可选）",
        "current": "正在展示",
        "not_current": "未在展示",
        "view": "查看",
        "back": "返回参展商页面",
        "booth_page": "展位页面",
        "limits": "文件按实际内容检查格式与大小。",
    },
    "en": {
        "title": "Booth content",
        "videos": "Videos",
        "posters": "Posters",
        "documents": "Documents (PDF)",
        "ads": "Ad areas",
        "commentary": "Guided commentary",
        "add": "Add",
        "save": "Save",
        "delete": "Delete",
        "up": "Up",
        "down": "Down",
        "empty": "Nothing yet.",
        "saved": "Saved.",
        "deleted": "Deleted.",
        "moved": "Order updated.",
        "error": "Not saved:",
        "title_zh": "Title (Chinese)",
        "title_en": "Title (English)",
        "text_zh": "Commentary (Chinese)",
        "text_en": "Commentary (English)",
        "file": "File",
        "link": "Video link (instead of an upload)",
        "poster": "Poster image",
        "image": "Image",
        "audio": "Recording (optional)",
        "slot": "Ad area",
        "starts_at": "Starts at",
        "ends_at": "Ends at",
        "ad_link": "Link on click",
        "point": "Point x, y, z (metres)",
        "look_at": "Look at x, y, z (optional)",
        "target": "Explains (scene object name, optional)",
        "current": "showing now",
        "not_current": "not showing",
        "view": "view",
        "back": "Back to the exhibitor page",
        "booth_page": "Booth page",
        "limits": "Files are checked by their real content and size.",
    },
}

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
        raise ValidationError("Unknown item: give its number. 条目编号无效。", code="bad_item") from exc
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
    t = TEXT[lang]
    error: dict[str, Any] | None = None
    status = 200
    if request.method == "POST":
        kind, action = request.POST.get("kind", ""), request.POST.get("action", "")
        try:
            if action not in ACTIONS:
                raise ValidationError(f"Unknown action {action!r}.", code="bad_action")
            rules.require_booth_staff_or_organizer(request.user, booth)  # before any item lookup
            notice = _act(request, booth, kind, action)
            return HttpResponseRedirect(f"{request.path}?done={notice}#{kind}", status=303)
        except PermissionDenied as exc:
            return render(request, FORBIDDEN_TEMPLATE, {"message": str(exc), "t": t}, status=403)
        except ObjectDoesNotExist:
            error = {"kind": kind, "messages": ["Not found. 未找到。"], "item": request.POST.get("item")}
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
        "content": content,
        "sections": sections,
        "error": error,
        "notice": t[done] if (done := request.GET.get("done")) in NOTICES else "",
        "ad_slots": range(content["slots"]["ads"]),
    }
    return render(request, "frontend/exhibitor/content_editor.html", context, status=status)
