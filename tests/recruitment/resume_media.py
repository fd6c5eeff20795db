"""Real résumé files made at test time: text PDFs (reportlab, with Chinese through its
built-in CID font), an image-only PDF (what a scanner makes), DOCX (python-docx)."""

from __future__ import annotations

import io
from functools import cache

ZH_LINES = [
    "张伟 · 软件工程师",
    "技能：Python、Django、机器学习、数据分析",
    "教育：清华大学 计算机科学 硕士",
    "期望城市：北京、上海",
]
EN_LINES = [
    "Maria Garcia - Data Scientist",
    "Skills: Python, machine learning, statistics, SQL",
    "Education: MSc Computer Science, University of Barcelona",
    "Seeking roles in Shanghai or Shenzhen",
]


def text_pdf(lines: list[str] | None = None, *, chinese: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    font = "Helvetica"
    if chinese:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        font = "STSong-Light"
    page.setFont(font, 12)
    y = 800
    for line in lines or (ZH_LINES if chinese else EN_LINES):
        page.drawString(60, y, line)
        y -= 20
    page.showPage()
    page.save()
    return out.getvalue()


@cache
def scanned_pdf() -> bytes:
    """A page that is one picture of text and no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(picture)
    for i, line in enumerate(EN_LINES):
        draw.text((20, 20 + 30 * i), line, fill="black")
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.drawImage(ImageReader(picture), 40, 400, width=500, height=250)
    page.showPage()
    page.save()
    return out.getvalue()


def docx(lines: list[str] | None = None) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading((lines or ZH_LINES)[0], level=1)
    for line in (lines or ZH_LINES)[1:]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "语言 Languages"
    table.rows[0].cells[1].text = "中文, English"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "cv.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
