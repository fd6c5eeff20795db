"""What the matchmaking pages share: refusals as page messages, query parameters read
safely, choices for the forms."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest

from accounts.countries import country_choices, language_choices
from accounts.i18n import localized
from accounts.models import Interest
from accounts.text import clean_text
from live.errors import LiveError


def problems(error: Exception) -> list[str]:
    """The people-readable texts of a refusal."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [m for msgs in error.message_dict.values() for m in msgs]
        return list(error.messages)
    return [str(error)] if str(error) else []


def field_problems(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {}


class Refused(Exception):
    """A form's refusal, to show on the page (status 400 or 403)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.status = 403 if isinstance(error, PermissionDenied) else 400
        self.messages = problems(error)
        self.fields = field_problems(error) if isinstance(error, ValidationError) else {}


def call(fn, *args, **kwargs):
    """Run a service: a missing object is a 404 page, other refusals a Refused."""
    try:
        return fn(*args, **kwargs)
    except ObjectDoesNotExist:
        raise Http404() from None
    except (ValidationError, PermissionDenied, LiveError) as error:  # meetings refuse with LiveError
        raise Refused(error) from error


def text_param(request: HttpRequest, name: str, limit: int = 200) -> str:
    return clean_text(request.GET.get(name, ""), multiline=False)[:limit]


def int_param(value, default=None, low: int = 1, high: int = 2**31 - 1):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def field_choices() -> list[tuple[str, str]]:
    """The taxonomy's fields, subfields indented under their parent."""
    out = []
    interests = list(Interest.objects.select_related("parent").order_by("position", "slug"))
    roots = [i for i in interests if i.parent_id is None]
    for root in roots:
        out.append((root.slug, localized(root.name, root.name_en)))
        for child in (i for i in interests if i.parent_id == root.pk):
            out.append((child.slug, "— " + localized(child.name, child.name_en)))
    return out


def countries() -> list[tuple[str, str]]:
    return country_choices()


def languages() -> list[tuple[str, str]]:
    return language_choices()
