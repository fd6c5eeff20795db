"""Uploads are decoded, not only sniffed: a valid header with garbage or something hostile
behind it is refused before it is stored and served to visitors.

- Images (Pillow): fully decoded within a pixel budget (decompression bombs refused before
  decoding), then re-encoded in their own format from the pixels alone, so metadata such
  as EXIF (GPS position, camera serial) never reaches a visitor; EXIF orientation is applied
  first so the picture still stands the right way up.
- Video and audio (PyAV): opened with the demuxer of the sniffed format (ffmpeg never
  probes for another, such as a playlist that names other files), a stream of the declared
  kind, a sane duration and size, and a first frame that really decodes. Videos hand back
  that frame as a JPEG poster.
- PDF (pypdf): parsed page by page; encrypted documents and document-level scripts refused.

Each refusal is a ValidationError with a bilingual message and its own code.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual

DEFAULT_DECODE_LIMITS = {
    "MAX_IMAGE_PIXELS": 40_000_000,  # ~ 8000 × 5000; a frame of an animation counts alone
    "MAX_IMAGE_FRAMES": 600,
    "MAX_VIDEO_SECONDS": 4 * 3600,
    "MAX_AUDIO_SECONDS": 2 * 3600,
    "MAX_VIDEO_PIXELS": 7680 * 4320,
    "MAX_PDF_PAGES": 2000,
}
POSTER_WIDTH = 1280
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WEBP"}
# ffmpeg demuxer names of the sniffed kinds.
AV_FORMATS = {
    "video/mp4": "mp4",
    "video/webm": "matroska",
    "audio/mp4": "mp4",
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg",
    "audio/aac": "aac",
}


def decode_limit(name: str) -> int:
    return int(getattr(settings, "HALLS", {}).get(name, DEFAULT_DECODE_LIMITS[name]))


@dataclass(frozen=True)
class Decoded:
    """What to store (`data` None: the upload as it came) and, for a video, a poster."""

    data: bytes | None = None
    poster_jpeg: bytes | None = None
    seconds: float | None = None


def refuse(what: str, reason: Promise, code: str = "undecodable", **params: Any) -> ValidationError:
    """`reason` is a gettext_lazy text with `%(what)s` (halls' catalogue); the message reads
    in both languages (accounts.i18n.bilingual)."""
    return ValidationError(bilingual(reason, what=what, **params), code=code)


def _source(upload: Any) -> Any:
    """A path for a file on disk (PyAV and Pillow read it directly), else the file object."""
    upload.seek(0)
    path = getattr(upload, "temporary_file_path", None)
    return path() if callable(path) else getattr(upload, "file", upload)


# ---------------------------------------------------------------- images


def decode_image(upload: Any, content_type: str, *, what: str) -> Decoded:
    from PIL import Image, ImageOps, ImageSequence

    expected = PILLOW_FORMATS[content_type]
    max_pixels = decode_limit("MAX_IMAGE_PIXELS")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(_source(upload), formats=[expected])
            width, height = image.size
            if width * height > max_pixels:
                raise refuse(
                    what,
                    _("The %(what)s is %(size)s pixels; at most %(limit)s are accepted."),
                    "too_many_pixels",
                    size=f"{width}×{height}",
                    limit=f"{max_pixels:,}",
                )
            frames = getattr(image, "n_frames", 1)
            if frames > decode_limit("MAX_IMAGE_FRAMES"):
                raise refuse(what, _("The %(what)s has %(frames)s frames, too many."), "too_many_frames", frames=frames)
            out = io.BytesIO()
            if frames > 1:
                pictures = [frame.copy() for frame in ImageSequence.Iterator(image)]  # decodes every frame
                durations = [p.info.get("duration", 100) for p in pictures]
                pictures[0].save(
                    out,
                    format=expected,
                    save_all=True,
                    append_images=pictures[1:],
                    duration=durations,
                    loop=image.info.get("loop", 0),
                )
            else:
                image.load()
                picture = ImageOps.exif_transpose(image)  # upright, then the EXIF is left behind
                options: dict[str, Any] = {"icc_profile": image.info.get("icc_profile")}  # colours, not personal
                if expected == "JPEG":
                    if picture.mode not in ("RGB", "L", "CMYK"):
                        picture = picture.convert("RGB")
                    options.update(quality=90, optimize=True)
                elif expected == "WEBP":
                    options.update(quality=90)
                picture.save(out, format=expected, **{k: v for k, v in options.items() if v is not None})
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse(what, _("The %(what)s expands to too many pixels."), "too_many_pixels") from None
    except Exception:  # Pillow raises many kinds on hostile input (OSError, SyntaxError, ValueError…)
        raise refuse(what, _("The %(what)s does not decode as an image.")) from None
    return Decoded(data=out.getvalue())


# ---------------------------------------------------------------- video and audio


def decode_av(upload: Any, content_type: str, *, what: str) -> Decoded:
    import av

    video = content_type.startswith("video/")
    try:
        container = av.open(_source(upload), mode="r", format=AV_FORMATS[content_type], metadata_errors="ignore")
    except Exception:
        raise refuse(what, _("The %(what)s does not open as a media file.")) from None
    try:
        streams = [s for s in (container.streams.video if video else container.streams.audio)]
        if video:  # cover art in a music file is a "video" stream of one picture
            streams = [s for s in streams if not (s.disposition & av.stream.Disposition.attached_pic)]
        if not streams:
            reason = _("The %(what)s has no video stream.") if video else _("The %(what)s has no audio stream.")
            raise refuse(what, reason, "no_stream")
        stream = streams[0]
        seconds = _seconds(container, stream)
        limit = decode_limit("MAX_VIDEO_SECONDS" if video else "MAX_AUDIO_SECONDS")
        if seconds is None or not 0 < seconds <= limit:
            raise refuse(
                what,
                _("The %(what)s has no sane duration (at most %(minutes)s min)."),
                "bad_duration",
                minutes=limit // 60,
            )
        first = None
        for frame in container.decode(stream):
            first = frame
            break
        if first is None:
            raise refuse(what, _("The %(what)s has no frame that decodes."))
        poster = None
        if video:
            if first.width * first.height > decode_limit("MAX_VIDEO_PIXELS"):
                raise refuse(
                    what,
                    _("The %(what)s is %(size)s, too large."),
                    "too_many_pixels",
                    size=f"{first.width}×{first.height}",
                )
            poster = _poster(first)
        return Decoded(poster_jpeg=poster, seconds=seconds)
    except ValidationError:
        raise
    except Exception:
        raise refuse(what, _("The %(what)s does not decode.")) from None
    finally:
        container.close()


def _seconds(container: Any, stream: Any) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        import av

        return container.duration / av.time_base
    return None


def _poster(frame: Any) -> bytes:
    image = frame.to_image()  # RGB via Pillow
    if image.width > POSTER_WIDTH:
        image = image.resize((POSTER_WIDTH, round(image.height * POSTER_WIDTH / image.width)))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


# ---------------------------------------------------------------- PDF


def decode_pdf(upload: Any, *, what: str) -> Decoded:
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about every repairable flaw
            reader = PdfReader(_source(upload), strict=False)
            if reader.is_encrypted:
                raise refuse(what, _("The %(what)s is password-protected."), "encrypted")
            pages = len(reader.pages)
            if pages == 0:
                raise refuse(what, _("The %(what)s has no pages."))
            if pages > decode_limit("MAX_PDF_PAGES"):
                raise refuse(what, _("The %(what)s has %(pages)s pages, too many."), "too_many_pages", pages=pages)
            for page in reader.pages:
                page.mediabox  # noqa: B018 - reading each page's tree is the check
                page.get_contents()
            root = reader.trailer["/Root"]
            names = root.get("/Names")
            names = names.get_object() if names is not None else {}
            open_action = root.get("/OpenAction")
            open_action = open_action.get_object() if open_action is not None else None
            if "/JavaScript" in names or "/AA" in root or _is_js(open_action):
                raise refuse(what, _("The %(what)s contains scripts."), "pdf_script")
    except ValidationError:
        raise
    except Exception:
        raise refuse(what, _("The %(what)s does not decode as a PDF.")) from None
    return Decoded()


def _is_js(action: Any) -> bool:
    """An action dictionary that runs JavaScript (an OpenAction may also be a destination)."""
    return isinstance(action, dict) and ("/JS" in action or action.get("/S") == "/JavaScript")


def decode(upload: Any, content_type: str, *, what: str) -> Decoded:
    """Decode an upload of a sniffed type; raises ValidationError if it does not decode."""
    if content_type in PILLOW_FORMATS:
        return decode_image(upload, content_type, what=what)
    if content_type in AV_FORMATS:
        return decode_av(upload, content_type, what=what)
    if content_type == "application/pdf":
        return decode_pdf(upload, what=what)
    raise refuse(what, _("The %(what)s is of a type that cannot be checked."), "bad_type")
