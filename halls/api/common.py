"""What the exhibition's routers share: reading a body sent as JSON or as a form (the pages
post both), ids and flags from it, and the OpenAPI description of such a body."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest


def body(request: HttpRequest) -> dict[str, Any]:
    """A JSON object or a form's fields; anything else is a 400 `bad_json`."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError as exc:
            raise ValidationError("The body is not valid JSON.", code="bad_json") from exc
        if not isinstance(data, dict):
            raise ValidationError("The body must be a JSON object.", code="bad_json")
        return data
    return request.POST.dict()


def truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in {"1", "true", "yes", "on"})


def as_id(value: Any, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({what: f"{what} must be an id."}, code="bad_id") from exc


def optional_id(value: str | None, what: str) -> int | None:
    return as_id(value, what) if value else None


def form_body(
    properties: dict[str, str], *, required: tuple[str, ...] = (), files: tuple[str, ...] = ()
) -> dict[str, Any]:
    """`openapi_extra` for an operation that reads `body(request)` itself: the same fields as
    JSON, as a form, and (with files) as multipart. Parsing stays ours so that bad input is
    the 400 it always was, never ninja's 422."""
    fields = {name: {"type": kind} for name, kind in properties.items()}
    schema: dict[str, Any] = {"type": "object", "properties": fields}
    if required:
        schema["required"] = list(required)
    content: dict[str, Any] = {
        "application/json": {"schema": schema},
        "application/x-www-form-urlencoded": {"schema": schema},
    }
    if files:
        multipart = {**fields, **{name: {"type": "string", "format": "binary"} for name in files}}
        content["multipart/form-data"] = {"schema": {**schema, "properties": multipart}}
    return {"requestBody": {"content": content, "required": bool(required)}}


def file_answer(*content_types: str) -> dict[str, Any]:
    """`openapi_extra` for an operation answering with a file rather than JSON."""
    return {"responses": {200: {"description": "A file.", "content": {ct: {} for ct in content_types}}}}
