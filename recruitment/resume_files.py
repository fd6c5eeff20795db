"""Résumé files: judged by their content and size (halls.uploads.sniff, as booth uploads),
then opened with pypdf / python-docx to extract the text matching reads.

Every refusal is a ValidationError with a code and a message in English and Chinese:
`empty`, `too_large`, `bad_type` (not a PDF or DOCX by its bytes), `resume_broken` (it
claims to be one but does not open), `resume_encrypted`, `resume_no_text` (a scanned PDF:
pages of pictures, no text to read).
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
from halls.uploads import PDF, FileKind, sniff

logger = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_MAX_RESUME_BYTES = 10 * MB
MAX_TEXT_CHARS = 100_000  # plenty for a résumé; bounds what matching and search index
MAX_PAGES = 30  # pages read for text (a longer file is accepted, its tail not indexed)
MAX_DOCX_XML_BYTES = 20 * MB  # the uncompressed document part: a zip bomb stops here
MIN_TEXT_CHARS = 20  # fewer letters than this is a scan with a stray page number


def _is_docx(head: bytes) -> bool:
    # A DOCX is a ZIP (local file header); that it is a Word document is checked on opening.
    return head.startswith(b"PK\x03\x04")


DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", test=_is_docx)
RESUME_KINDS = (PDF, DOCX)


def max_resume_bytes() -> int:
    return int(getattr(settings, "RECRUITMENT_MAX_RESUME_BYTES", DEFAULT_MAX_RESUME_BYTES))


@dataclass(frozen=True)
class Extracted:
    kind: str  # "pdf" | "docx"
    text: str
    pages: int


def _broken(what: str = "") -> ValidationError:
    return ValidationError(
        bilingual(_("This résumé file is damaged and could not be opened; export it again and upload the new file.")),
        code="resume_broken",
    )


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.replace("\x00", "").splitlines())
    return "\n".join(line for line in lines if line)[:MAX_TEXT_CHARS]


def _pdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # An owner-password-only file opens with the empty user password.
            try:
                if not reader.decrypt(""):
                    raise ValidationError(
                        bilingual(_("This PDF is protected by a password; upload a copy without one.")),
                        code="resume_encrypted",
                    )
            except ValidationError:
                raise
            except Exception as error:
                raise ValidationError(
                    bilingual(_("This PDF is protected by a password; upload a copy without one.")),
                    code="resume_encrypted",
                ) from error
        pages = len(reader.pages)
        parts = []
        for page in list(reader.pages)[:MAX_PAGES]:
            parts.append(page.extract_text() or "")
            if sum(map(len, parts)) > MAX_TEXT_CHARS:
                break
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as error:
        logger.info("unreadable PDF résumé: %s", error)
        raise _broken() from error
    except Exception as error:  # pypdf raises many kinds on hostile files; none may be a 500
        logger.warning("PDF résumé failed to parse: %r", error)
        raise _broken() from error
    return "\n".join(parts), pages


def _docx_text(data: bytes) -> tuple[str, int]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise _broken()
    except KeyError as error:
        # A ZIP that is no Word document (an .xlsx, a plain archive): not a résumé kind.
        raise ValidationError(
            bilingual(_("The résumé must be a PDF or a Word (DOCX) file; this file's content is neither.")),
            code="bad_type",
        ) from error
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _broken() from error
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append(" ".join(cell.text for cell in row.cells))
    except Exception as error:  # python-docx / lxml on a damaged part
        logger.info("unreadable DOCX résumé: %r", error)
        raise _broken() from error
    return "\n".join(parts), 0


def extract(upload) -> Extracted:
    """Check an uploaded résumé and read its text, or raise a ValidationError (see module)."""
    try:
        kind = sniff(upload, RESUME_KINDS, max_bytes=max_resume_bytes(), what=_("résumé"))
    except ValidationError as error:
        if error.code == "bad_type":
            raise ValidationError(
                bilingual(_("The résumé must be a PDF or a Word (DOCX) file; this file's content is neither.")),
                code="bad_type",
            ) from error
        raise
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if kind is PDF:
        raw, pages = _pdf_text(data)
    else:
        raw, pages = _docx_text(data)
    text = _tidy(raw)
    if sum(ch.isalnum() for ch in text) < MIN_TEXT_CHARS:
        message = (
            _(
                "No text could be read from this PDF: it looks like a scan (pictures of pages). "
                "Upload a PDF exported from your editor, or a DOCX file."
            )
            if kind is PDF
            else _("This Word file has no text in it. Upload the résumé with its text.")
        )
        raise ValidationError(bilingual(message), code="resume_no_text")
    return Extracted(kind=kind.extension, text=text, pages=pages)
