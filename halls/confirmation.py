"""The booth confirmation agreement (展位确认协议) the exhibitor prints, signs, stamps
with the organisation's seal and uploads back; a self-contained HTML page."""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import escape

from halls.models import BoothApplication


def render_confirmation(application: BoothApplication) -> str:
    a = application
    rows = [
        ("申请编号 Application no.", f"#{a.pk}"),
        ("参展单位 Exhibitor", f"{a.organisation.name} {a.organisation.name_en}".strip()),
        ("参展类型 Booth type", a.get_booth_type_display()),
        ("展厅 Hall", f"{a.hall.name} {a.hall.name_en}".strip()),
        ("专区 Zone", f"{a.zone.name} / {a.zone.name_en}"),
        ("板块 Board", f"{a.board.name} / {a.board.name_en}" if a.board_id else "—"),
        ("展位规格 Booth size", a.get_template_display()),
        ("展位名称 Booth name", f"{a.booth_name} {a.booth_name_en}".strip()),
        ("联系人 Contact", f"{a.contact_name}, {a.contact_phone}, {a.contact_email}"),
        ("审核通过 Approved", timezone.localtime(a.reviewed_at).strftime("%Y-%m-%d %H:%M") if a.reviewed_at else "—"),
    ]
    table = "\n".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f"""<!doctype html>
<html lang="zh-Hans">
<head><meta charset="utf-8"><title>展位确认协议 Booth confirmation #{a.pk}</title>
<style>body{{font-family:sans-serif;max-width:46em;margin:2em auto}}th{{text-align:left;padding-right:1em}}
.sign{{margin-top:4em;display:flex;justify-content:space-between}}</style></head>
<body>
<h1>第二十届中国国际人才交流大会<br>网上虚拟展厅展位确认协议</h1>
<p>20th China International Talent Exchange Conference — online exhibition booth confirmation</p>
<table>
{table}
</table>
<p>参展单位确认以上展位信息无误，同意遵守大会组委会关于网上虚拟展厅的各项规定。请打印本协议，签署并加盖单位公章后，
将扫描件（PDF、PNG 或 JPEG）上传至参展商后台。</p>
<p>The exhibitor confirms the booth details above and agrees to the organizers' rules for the online exhibition.
Please print this page, sign it, stamp it with the organisation's seal, and upload the scan (PDF, PNG or JPEG)
in the exhibitor area.</p>
<div class="sign"><span>参展单位（盖章）Exhibitor (seal):</span><span>签字 Signature:</span>
<span>日期 Date:</span></div>
</body>
</html>
"""
