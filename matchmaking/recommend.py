"""Recommendations with reasons: "postings that fit your organisation" and "organisations that
could answer this posting" (docs/matchmaking.md, "Recommendations").

The text side is the shared zh/en module of recruitment's matching, `search.textmatch`
(concepts of the taxonomy with their synonyms, jieba for Chinese, stemmed English): each
posting, and each organisation (its introduction and its postings), is a `Doc` of its texts and
its fields' slugs, ranked by `textmatch.rank`. A language both sides work in adds a little.
Each reason is a {zh, en} pair (the pages show the reader's language).
"""

from __future__ import annotations

from typing import Any

from accounts.i18n import localized
from accounts.models import Organisation
from matchmaking.models import OrganisationProfile, Posting
from matchmaking.selectors import organisation_url, posting_out, public_postings
from search import textmatch

MAX_CANDIDATES = 2000


def _reasons_out(reasons: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**r, "text": localized(r["zh"], r["en"])} for r in reasons]


def _org_postings(org_ids: list[int]) -> dict[int, list[Posting]]:
    out: dict[int, list[Posting]] = {}
    rows = Posting.objects.filter(organisation_id__in=org_ids).exclude(status=Posting.Status.DRAFT)
    for posting in rows.prefetch_related("fields"):
        out.setdefault(posting.organisation_id, []).append(posting)
    return out


LANGUAGE_BONUS = 0.05
# Below this text similarity a "fit" is a common word such as 技术 (technology): not shown.
MIN_SCORE = 0.1


def _posting_doc(posting: Posting) -> textmatch.Doc:
    return textmatch.Doc(
        posting.pk,
        texts=tuple(t for t in (posting.title, posting.title_en, posting.body, posting.body_en) if t),
        concepts=tuple(f.slug for f in posting.fields.all()),
    )


def _organisation_doc(org: Organisation, postings: list[Posting], intro: OrganisationProfile | None) -> textmatch.Doc:
    texts = [intro.introduction, intro.introduction_en] if intro else []
    concepts: list[str] = []
    for posting in postings:
        texts += [posting.title, posting.title_en, posting.body, posting.body_en]
        concepts += [f.slug for f in posting.fields.all()]
    return textmatch.Doc(org.pk, texts=tuple(t for t in texts if t), concepts=tuple(dict.fromkeys(concepts)))


def _languages(postings: list[Posting]) -> set[str]:
    return {lang for p in postings for lang in (p.languages or [])}


def _ranked(query: textmatch.Doc, docs: list[textmatch.Doc], languages: dict, wanted: set[str], limit: int):
    """[(score, id, reasons)] best first: textmatch's similarity, a language in common."""
    out = []
    for hit in textmatch.rank(query, docs, limit=max(limit * 3, limit)):
        if hit.score < MIN_SCORE:
            continue
        reasons = [hit.reason()] if hit.reason() else []
        common = sorted(wanted & languages.get(hit.id, set()))
        score = hit.score + (LANGUAGE_BONUS if common else 0.0)
        if common:
            reasons.append({"zh": "共同语言：" + "、".join(common), "en": "Common language: " + ", ".join(common)})
        out.append((round(score, 4), hit.id, reasons))
    out.sort(key=lambda item: (-item[0], str(item[1])))
    return out[:limit]


def postings_for(org: Organisation, *, limit: int = 10) -> list[dict[str, Any]]:
    """Public postings of other organisations that fit this one, best first."""
    mine = _org_postings([org.pk]).get(org.pk, [])
    intro = OrganisationProfile.objects.filter(organisation=org).first()
    query = _organisation_doc(org, mine, intro)
    if not query.texts and not query.concepts:
        return []
    candidates = list(
        public_postings()
        .exclude(organisation=org)
        .select_related("organisation")
        .prefetch_related("fields")
        .order_by("-published_at")[:MAX_CANDIDATES]
    )
    by_id = {p.pk: p for p in candidates}
    languages = {p.pk: set(p.languages or []) for p in candidates}
    ranked = _ranked(query, [_posting_doc(p) for p in candidates], languages, _languages(mine), limit)
    return [
        {"score": score, "reasons": _reasons_out(reasons), "posting": posting_out(by_id[pk])}
        for score, pk, reasons in ranked
    ]


def organisations_for(posting: Posting, *, limit: int = 10) -> list[dict[str, Any]]:
    """Verified organisations (not the poster) whose postings and introduction fit this posting."""
    orgs = list(
        Organisation.objects.filter(status=Organisation.Status.VERIFIED)
        .exclude(pk=posting.organisation_id)
        .order_by("pk")[:MAX_CANDIDATES]
    )
    postings = _org_postings([o.pk for o in orgs])
    intros = {p.organisation_id: p for p in OrganisationProfile.objects.filter(organisation__in=orgs)}
    docs = [_organisation_doc(o, postings.get(o.pk, []), intros.get(o.pk)) for o in orgs]
    docs = [d for d in docs if d.texts or d.concepts]
    languages = {o.pk: _languages(postings.get(o.pk, [])) for o in orgs}
    ranked = _ranked(_posting_doc(posting), docs, languages, set(posting.languages or []), limit)
    by_id = {o.pk: o for o in orgs}
    return [
        {
            "score": score,
            "reasons": _reasons_out(reasons),
            "organisation": {
                "id": by_id[pk].pk,
                "name": localized(by_id[pk].name, by_id[pk].name_en),
                "country": by_id[pk].country,
                "url": organisation_url(by_id[pk]),
            },
        }
        for score, pk, reasons in ranked
    ]
