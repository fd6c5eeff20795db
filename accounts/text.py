"""Cleaning of free text that people type, before it is stored.

One function for every boundary (HTTP forms and JSON, the socket's chat and questions):
what a person writes may hold control characters that no one meant (pasted from a
terminal or a PDF) or that a hostile client put there on purpose. They break what is
built from stored text later: an XLSX export (openpyxl refuses them for good), XML,
PostgreSQL (NUL). Newlines and tabs are kept; they are the only controls people mean.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, UTF-16 surrogates (unencodable as UTF-8 when alone) and the two
# noncharacters XML forbids. \r goes too: a browser's CRLF becomes the LF people typed.
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_control_characters(value: str) -> str:
    """`value` without control characters (except newline and tab) and lone surrogates."""
    if not value:
        return value
    return _UNWANTED.sub("", value.replace("\r\n", "\n"))


def clean_text(value: object, *, multiline: bool = True) -> str:
    """A stored text field's value: str, controls removed, surrounding space trimmed. For a
    one-line field (a name, an e-mail) newlines and tabs become spaces as well."""
    text = strip_control_characters("" if value is None else str(value))
    if not multiline:
        text = " ".join(text.split("\n")).replace("\t", " ")
    return text.strip()
