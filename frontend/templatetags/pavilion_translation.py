"""User texts in the reader's language on pages (translation.selectors: the author's own
version, else a labelled machine translation with the original one click away, else the
original with a notice).

    {% load pavilion_translation %}
    {% shown_text posting.title own_en=posting.title_en inline=True %}   one text
    {% shown_text shown %}                       a prepared Shown, or an API's `*_shown` dict
    {% shown_text shown compact=True %}          inside a link: the text and a short label only
    {% for message, shown in messages|with_shown:"body" %}               a page's texts at once
      {% shown_text shown %}
    {% endfor %}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template

from translation.selectors import Shown, for_objects, for_reader

register = template.Library()


@register.inclusion_tag("frontend/translation/_text.html")
def shown_text(
    value: Shown | Mapping[str, Any] | str | None,
    own_zh: str = "",
    own_en: str = "",
    inline: bool = False,
    compact: bool = False,
) -> dict[str, Any]:
    if isinstance(value, Shown):
        shown = value
    elif isinstance(value, Mapping):
        shown = Shown(**{key: value.get(key, "") for key in Shown.__dataclass_fields__})
    else:
        shown = for_reader(value or "", {"zh": own_zh, "en": own_en})
    return {"shown": shown, "inline": inline or compact, "compact": compact}


@register.filter
def with_shown(objects: Iterable[Any], field: str) -> list[tuple[Any, Shown]]:
    """[(object, Shown of object.<field>)], translated in one batch; `field` may be a dotted
    path ("challenge.posting.title")."""
    objects = list(objects)
    return list(zip(objects, for_objects(objects, field), strict=True))
