"""Published public postings in the shared search (docs/search.md, "Plugging in"): kind
"posting", their titles, bodies, terms, fields and organisation in both languages."""

from __future__ import annotations

from search.registry import Entry, register_source


def posting_entries(posting) -> list[Entry]:
    if not posting.is_public:
        return []  # drafts, closed postings and the organizers' queue leave the index
    org = posting.organisation
    fields = list(posting.fields.all()) if posting.pk else []
    extra_zh = " ".join([org.name, posting.province, posting.city, *(f.name for f in fields)])
    extra_en = " ".join([org.name_en or org.name, *(f.name_en or f.name for f in fields)])
    return [
        Entry(
            posting.pk,
            title_zh=posting.title,
            title_en=posting.title_en,
            body_zh=" ".join(filter(None, [posting.body, posting.terms, extra_zh])),
            body_en=" ".join(filter(None, [posting.body_en, posting.terms_en, extra_en])),
            url=f"/matchmaking/postings/{posting.pk}/",
            audience="public",
        )
    ]


def register() -> None:
    from matchmaking.models import Posting

    register_source(
        "posting",
        label_zh="项目需求",
        label_en="Postings",
        model=Posting,
        entries=posting_entries,
        queryset=lambda: Posting.objects.select_related("organisation").prefetch_related("fields"),
        order=70,
    )
