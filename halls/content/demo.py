"""Demo booth content, generated at load time (no binary media in the repository): poster
and ad pictures as hand-built PNGs, a short H.264 MP4 made with PyAV, an MP3 tone for a
commentary stop, a one-page PDF, and commentary stops placed in each booth's template.

Called by `load_demo_exhibition` for a handful of booths (DEMO_BOOTHS); a booth that has
any content already is left alone, so loading twice adds nothing.
"""

from __future__ import annotations

import struct
import tempfile
import zlib
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from halls.content.models import BoothAd, BoothDocument, BoothPoster, BoothVideo, CommentaryStop
from halls.content.services import add_item
from halls.models import Booth

# Organisation names (halls/demo.py) whose booths get content.
DEMO_BOOTHS = (
    "深圳星河智能科技有限公司",
    "南方科技大学计算机系（演示）",
    "德国工程师协会（演示）",
    "前海科创投资基金（演示）",
    "深圳国际人才交流中心",
    "深圳市科技创新委员会",
)

Colour = tuple[int, int, int]
PALETTE: list[tuple[Colour, Colour]] = [
    ((29, 53, 87), (255, 183, 3)),
    ((0, 95, 115), (233, 216, 166)),
    ((155, 34, 38), (255, 255, 255)),
    ((38, 70, 83), (42, 157, 143)),
    ((61, 64, 91), (242, 204, 143)),
    ((0, 48, 73), (247, 127, 0)),
]


# ---------------------------------------------------------------- generated media


def png(width: int, height: int, background: Colour, accent: Colour, seed: int = 0) -> bytes:
    """A valid RGB PNG: a background, a header band and a few bars (a poster's layout)."""
    rows = []
    for y in range(height):
        row = bytearray()
        band = y < height // 5
        for x in range(width):
            bar = (y // 24) % 3 == 1 and x < width * (0.35 + 0.15 * ((y // 24 + seed) % 4))
            colour = accent if band or (bar and y > height // 4) else background
            row += bytes(colour)
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def mp4(background: Colour, accent: Colour, seconds: int = 2, fps: int = 10) -> bytes:
    """A short H.264/MP4 (yuv420p, faststart: plays and seeks in any browser): a bar
    sweeping across the booth's colours."""
    import av
    import numpy as np

    width, height = 320, 180
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.mp4"
        # faststart rewrites the file at close, which needs a real file, not a buffer.
        with av.open(str(path), "w", options={"movflags": "+faststart"}) as out:
            stream = out.add_stream("libx264", rate=fps)
            stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
            stream.options = {"preset": "ultrafast", "crf": "30"}
            for i in range(seconds * fps):
                frame = np.empty((height, width, 3), np.uint8)
                frame[:] = background
                x = (i * width // (seconds * fps)) % width
                frame[:, x : x + 24] = accent
                for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                    out.mux(packet)
            for packet in stream.encode():
                out.mux(packet)
        return path.read_bytes()


def mp3(seconds: float = 1.0, hz: float = 440.0) -> bytes:
    """A short tone as MP3 (a commentary stop's recording)."""
    import io

    import av
    import numpy as np

    rate = 22050
    samples = (0.2 * np.sin(2 * np.pi * hz * np.arange(int(rate * seconds)) / rate)).astype(np.float32)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp3") as out:
        stream = out.add_stream("libmp3lame", rate=rate)
        stream.layout = "mono"
        for start in range(0, len(samples), 1152):
            frame = av.AudioFrame.from_ndarray(
                samples[start : start + 1152].reshape(1, -1), format="fltp", layout="mono"
            )
            frame.sample_rate, frame.time_base, frame.pts = rate, Fraction(1, rate), start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return buffer.getvalue()


def pdf(title: str) -> bytes:
    """A one-page PDF with an ASCII title (valid enough for browsers' viewers)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# ---------------------------------------------------------------- content


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def has_content(booth: Booth) -> bool:
    return any(
        model.objects.filter(booth=booth).exists()
        for model in (BoothVideo, BoothPoster, BoothDocument, BoothAd, CommentaryStop)
    )


def add_demo_content(booth: Booth, index: int, video: bytes | None = None) -> bool:
    """Give one booth a film, posters, a brochure, ads (one running, one past, one to come)
    and a four-stop commentary. Returns False if the booth had content already."""
    from halls.scenes.builders import BOOTH_TEMPLATES

    if has_content(booth):
        return False
    background, accent = PALETTE[index % len(PALETTE)]
    template = BOOTH_TEMPLATES.get(booth.template, BOOTH_TEMPLATES["standard"])
    w, d = template["width"], template["depth"]
    name, name_en = booth.name, booth.name_en or booth.name
    add_item(
        booth=booth,
        kind="videos",
        data={"title": f"{name} 宣传片", "title_en": f"{name_en}: introduction"},
        files={
            "file": _file("film.mp4", video or mp4(background, accent)),
            "poster": _file("poster.png", png(320, 180, background, accent)),
        },
    )
    for n in range(min(template["posters"], 3)):
        add_item(
            booth=booth,
            kind="posters",
            data={
                "title": ["成果展示", "人才需求", "合作项目"][n],
                "title_en": ["Achievements", "We are hiring", "Projects"][n],
            },
            files={"image": _file("poster.png", png(160, 240, background, accent, seed=n))},
        )
    add_item(
        booth=booth,
        kind="documents",
        data={"title": "机构简介（PDF）", "title_en": "Brochure (PDF)"},
        files={"file": _file("brochure.pdf", pdf(f"{name_en} - brochure"))},
    )
    now = timezone.now()
    ads: list[dict[str, Any]] = [
        {"title": "大会合作伙伴", "title_en": "Conference partner", "slot": 0},
        {"title": "往期活动", "title_en": "Past event", "slot": 0, "ends_at": (now - timedelta(days=1)).isoformat()},
        {"title": "即将开播", "title_en": "Coming soon", "slot": 0, "starts_at": (now + timedelta(days=1)).isoformat()},
    ]
    if template["ads"] > 1:
        ads.append({"title": "招聘直播", "title_en": "Recruitment live", "slot": 1, "kind": "video"})
    for ad in ads:
        upload = (
            _file("ad.mp4", video or mp4(accent, background))
            if ad.pop("kind", "") == "video"
            else _file("ad.png", png(90, 200, accent, background, seed=index))
        )
        add_item(booth=booth, kind="ads", data=ad, files={"file": upload})
    prefix = f"booth:{booth.pk}"
    stops = [
        ((0.0, 0.0, d / 2 - 0.4), (0.0, 1.6, -d / 2), f"{prefix}:sign", "欢迎", "Welcome",
         f"欢迎来到{name}。", f"Welcome to {name_en}."),
        ((0.0, 0.0, -d / 2 + 1.8), (0.0, 1.8, -d / 2), f"{prefix}:screen:0", "宣传片", "Our film",
         "请观看我们的宣传片。", "Watch our film."),
        ((-(w / 2 - 1.3), 0.0, 0.0), (-w / 2, 1.6, 0.0), f"{prefix}:poster:0", "展板", "Posters",
         "这里展示我们的成果与人才需求。", "Our achievements and the people we are looking for."),
        ((1.2, 0.0, d / 2 - 1.0), (0.0, 1.0, d / 2 - 1.4), f"{prefix}:counter", "咨询台", "Reception",
         "欢迎与工作人员在线交流或预约视频通话。", "Chat with our staff or book a video call."),
    ]  # fmt: skip
    for n, ((x, y, z), (lx, ly, lz), target, title, title_en, text, text_en) in enumerate(stops):
        add_item(
            booth=booth,
            kind="commentary",
            data={
                "title": title,
                "title_en": title_en,
                "text": text,
                "text_en": text_en,
                "target": target,
                "x": x,
                "y": y,
                "z": z,
                "look_at_x": lx,
                "look_at_y": ly,
                "look_at_z": lz,
            },
            files={"audio": _file("stop.mp3", mp3(0.6, 330 + 110 * n))} if n == 0 else {},
        )
    return True


def load_demo_content() -> int:
    """Content for the DEMO_BOOTHS that are live and have none yet; returns how many got some."""
    booths = Booth.objects.filter(organisation__name__in=DEMO_BOOTHS, status=Booth.Status.LIVE).order_by("pk")
    video = None
    added = 0
    for index, booth in enumerate(booths):
        if has_content(booth):
            continue
        background, accent = PALETTE[index % len(PALETTE)]
        video = mp4(background, accent)
        added += add_demo_content(booth, index, video)
    return added
