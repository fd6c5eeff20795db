"""The protocol boundary: a client's text frame becomes a JSON object, or a clear refusal.

Checked here, once for every frame type (apps' frames included), before any model or handler
sees the data: size, JSON syntax, nesting depth (Python's parser recurses, and 2,000 levels
raise RecursionError), integers a database column can hold, and strings PostgreSQL and UTF-8
can store (no NUL, no lone surrogate, which `json` accepts as a `\\ud800` escape). What is
refused is answered with its own error code; nothing reaches the database.
"""

from __future__ import annotations

import json
import re
from typing import Any

from live import protocol
from live.errors import LiveError
from live.protocol import ErrorCode

# A JSON string literal (escapes included), so that brackets inside strings are not counted.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def too_deep(text: str, limit: int = protocol.MAX_NESTING_DEPTH) -> bool:
    """Whether the JSON text nests arrays/objects deeper than `limit` (without parsing it)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def load(text: str) -> dict[str, Any]:
    """Parse a text frame; raise LiveError (with ref None: nothing was read yet)."""
    if len(text) > protocol.MAX_FRAME_BYTES or len(text.encode("utf-8", "surrogatepass")) > protocol.MAX_FRAME_BYTES:
        raise LiveError(ErrorCode.FRAME_TOO_LARGE, f"Frames are limited to {protocol.MAX_FRAME_BYTES} bytes.")
    if too_deep(text):
        raise LiveError(
            ErrorCode.NESTING_TOO_DEEP, f"Frames may nest at most {protocol.MAX_NESTING_DEPTH} arrays or objects deep."
        )
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        # ValueError also covers integers of more than 4,300 digits (Python's own limit).
        raise LiveError(ErrorCode.MALFORMED_JSON, "The frame is not valid JSON.") from None
    if not isinstance(data, dict):
        raise LiveError(ErrorCode.MALFORMED_JSON, "The frame must be a JSON object.")
    return data


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def ref_of(data: dict[str, Any]) -> Any:
    """The frame's `ref` to echo in an error, or None when it is not a usable one; a ref
    over the documented length is refused outright (it is stored with chat messages)."""
    ref = data.get("ref")
    if not isinstance(ref, (str, int)) or isinstance(ref, bool):
        return None
    if isinstance(ref, int) and abs(ref) > protocol.MAX_INT:
        return None
    if len(str(ref)) > protocol.MAX_REF_LENGTH:
        raise LiveError(ErrorCode.REF_TOO_LONG, f"A ref is at most {protocol.MAX_REF_LENGTH} characters.")
    if isinstance(ref, str) and ("\x00" in ref or _SURROGATE.search(ref)):
        return None
    return ref


def check_values(data: dict[str, Any]) -> None:
    """Every value of the frame, at any depth: integers within a BIGINT, strings without NUL
    or lone surrogates. Iterative, and bounded by the depth checked in `load`."""
    pending: list[Any] = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            _check_string(value)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) > protocol.MAX_INT:
                limit = protocol.MAX_INT
                raise LiveError(ErrorCode.NUMBER_OUT_OF_RANGE, f"Integers in frames lie between -{limit} and {limit}.")
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_string(key)
                pending.append(item)
        elif isinstance(value, list):
            pending.extend(value)


def _check_string(value: str) -> None:
    if "\x00" in value:
        raise LiveError(ErrorCode.INVALID_TEXT, "Text may not contain NUL characters (\\u0000).")
    if _SURROGATE.search(value):
        raise LiveError(ErrorCode.INVALID_TEXT, "Text may not contain lone UTF-16 surrogates (\\ud800–\\udfff).")
