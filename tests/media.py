"""Real media for upload tests, made at test time (Pillow, PyAV, pypdf; nothing binary in
the repository). Each is built once per test process."""

from __future__ import annotations

import io
import tempfile
from fractions import Fraction
from functools import cache
from pathlib import Path

from halls.content import demo

GPS_TAG = 0x8825  # EXIF's GPSInfo pointer
ORIENTATION_TAG = 0x0112


@cache
def png() -> bytes:
    return demo.png(64, 48, (29, 53, 87), (255, 183, 3))


def _image(fmt: str, size=(64, 48), **options) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, format=fmt, **options)
    return out.getvalue()


@cache
def jpeg() -> bytes:
    return _image("JPEG")


@cache
def jpeg_with_gps() -> bytes:
    """A phone photo: EXIF with a GPS position, camera serial, and 'rotate 90°' (orientation 6)."""
    from PIL import Image

    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 6
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    exif.get_ifd(GPS_TAG).update({1: "N", 2: (22.0, 32.0, 0.0), 3: "E", 4: (113.0, 56.0, 0.0)})
    return _image("JPEG", size=(80, 40), exif=exif.tobytes())


@cache
def gif() -> bytes:
    from PIL import Image

    frames = [Image.new("RGB", (32, 32), (i * 100, 50, 200 - i * 80)) for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


@cache
def webp() -> bytes:
    return _image("WEBP")


@cache
def pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=300, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@cache
def pdf_with_script() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=300, height=200)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hello');")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@cache
def mp4() -> bytes:
    return demo.mp4((0, 95, 115), (233, 216, 166), seconds=1, fps=5)


@cache
def mp3() -> bytes:
    return demo.mp3(seconds=0.5)


def _audio(fmt: str, codec: str, suffix: str, rate: int = 48000) -> bytes:
    import av
    import numpy as np

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"a.{suffix}"
        with av.open(str(path), "w", format=fmt) as out:
            stream = out.add_stream(codec, rate=rate)
            stream.layout = "mono"
            samples = (0.2 * np.sin(np.arange(rate // 2) / 10)).astype(np.float32)
            size = stream.codec_context.frame_size or 1024
            for start in range(0, len(samples), size):
                chunk = samples[start : start + size]
                if len(chunk) < size:
                    chunk = np.pad(chunk, (0, size - len(chunk)))
                frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="fltp", layout="mono")
                frame.sample_rate, frame.time_base, frame.pts = rate, Fraction(1, rate), start
                for packet in stream.encode(frame):
                    out.mux(packet)
            for packet in stream.encode():
                out.mux(packet)
        return path.read_bytes()


@cache
def m4a() -> bytes:
    return _audio("ipod", "aac", "m4a")


@cache
def ogg() -> bytes:
    return _audio("ogg", "libopus", "ogg")


@cache
def aac() -> bytes:
    return _audio("adts", "aac", "aac")


@cache
def webm() -> bytes:
    import av
    import numpy as np

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "v.webm"
        with av.open(str(path), "w", format="webm") as out:
            stream = out.add_stream("libvpx", rate=5)
            stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
            for i in range(5):
                frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 40, np.uint8), format="rgb24")
                for packet in stream.encode(frame):
                    out.mux(packet)
            for packet in stream.encode():
                out.mux(packet)
        return path.read_bytes()


@cache
def webm_audio_only() -> bytes:
    """A WebM (sniffed as video by its EBML header) with nothing but a sound track."""
    return _audio("webm", "libopus", "webm")


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A PNG header claiming 900 million pixels with almost no data behind it."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


@cache
def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=300, height=200)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
