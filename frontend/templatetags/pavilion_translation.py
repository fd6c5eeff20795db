"""User texts in the reader's language on pages (translation.selectors: the author's own
version, else a labelled machine translation with the original one click away, else the
original with a notice).

    {% load pavilion_translation %}
    {% shown_text posting.title own_en=posting.title_en inline=True %}   one text
    {% shown_text shown %}                                               a prepared Shown
    {% for message, shown in messages|with_shown:"body" %}               a page's texts at once
      {% shown_text shown %}
    {% endfor %}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from translation.selectors import Shown, for_objects, for_reader

register = template.Library()


@register.inclusion_tag("frontend/translation/_text.html")
def shown_text(value: Shown | str | None, own_zh: str = "", own_en: str = "", inline: bool = False) -> dict[str, Any]:
    shown = value if isinstance(value, Shown) else for_reader(value or "", {"zh": own_zh, "en": own_en})
    return {"shown": shown, "inline": inline}


@register.filter
def with_shown(objects: Iterable[Any], field: str) -> list[tuple[Any, Shown]]:
    """[(object, Shown of object.<field>)], translated in one batch."""
    objects = list(objects)
    return list(zip(objects, for_objects(objects, field), strict=True))
