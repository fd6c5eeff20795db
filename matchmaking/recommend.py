"""Recommendations with reasons: "postings that fit your organisation" and "organisations that
could answer this posting" (docs/matchmaking.md, "Recommendations").

The score: shared fields of the taxonomy (a shared parent field counts less), words in
common (search/text.py's tokens: jieba for Chinese, stemmed English; single characters left
out; cosine of the counts), a language both sides speak. The shared zh/en text module
(`search.textmatch`, with synonyms and concepts) is to replace `score` once it is on main.
Each reason is a {zh, en} pair the pages show in the reader's language.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from accounts.i18n import localized
from accounts.models import Interest, Organisation
from matchmaking.models import OrganisationProfile, Posting
from matchmaking.selectors import organisation_url, posting_out, public_postings
from search.text import tokens

FIELD_WEIGHT = 3.0
PARENT_WEIGHT = 1.0
LANGUAGE_WEIGHT = 0.5
MAX_CANDIDATES = 2000


@dataclass
class Profile:
    """What is compared: the fields (and their parents), the words, the languages."""

    fields: dict[int, Interest] = field(default_factory=dict)
    words: Counter = field(default_factory=Counter)
    languages: set[str] = field(default_factory=set)


def _words(*texts: str) -> Counter:
    # Single CJK characters are what search indexes for recall; as evidence of a fit they are noise.
    return Counter(t for text in texts if text for t in tokens(text) if len(t) > 1)


def posting_profile(posting: Posting) -> Profile:
    return Profile(
        fields={f.pk: f for f in posting.fields.all()},
        words=_words(posting.title, posting.title_en, posting.body, posting.body_en),
        languages=set(posting.languages or []),
    )


def organisation_profile(org: Organisation, postings: list[Posting], intro: OrganisationProfile | None) -> Profile:
    profile = Profile()
    texts = [intro.introduction, intro.introduction_en] if intro else []
    for posting in postings:
        profile.fields.update({f.pk: f for f in posting.fields.all()})
        profile.languages |= set(posting.languages or [])
        texts += [posting.title, posting.title_en, posting.body, posting.body_en]
    profile.words = _words(*texts)
    return profile


def _cosine(a: Counter, b: Counter) -> tuple[float, list[str]]:
    common = set(a) & set(b)
    if not common:
        return 0.0, []
    dot = sum(a[t] * b[t] for t in common)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    shared = sorted(common, key=lambda t: (-(a[t] * b[t]), t))[:5]
    return dot / norm if norm else 0.0, shared


def score(wanted: Profile, offered: Profile) -> tuple[float, list[dict[str, str]]]:
    """The fit of two profiles and why, best reasons first."""
    reasons: list[dict[str, str]] = []
    total = 0.0
    shared = [wanted.fields[pk] for pk in wanted.fields if pk in offered.fields]
    for interest in shared[:3]:
        reasons.append({"zh": f"相同领域：{interest.name}", "en": f"Same field: {interest.name_en or interest.name}"})
    total += FIELD_WEIGHT * len(shared)
    parents_wanted = {f.parent_id for f in wanted.fields.values() if f.parent_id} | set(wanted.fields)
    parents_offered = {f.parent_id for f in offered.fields.values() if f.parent_id} | set(offered.fields)
    near = (parents_wanted & parents_offered) - {f.pk for f in shared}
    if near:
        total += PARENT_WEIGHT * len(near)
        names = Interest.objects.filter(pk__in=near).order_by("position")[:2]
        for interest in names:
            reasons.append(
                {"zh": f"相近领域：{interest.name}", "en": f"Related field: {interest.name_en or interest.name}"}
            )
    similarity, words = _cosine(wanted.words, offered.words)
    total += 4.0 * similarity
    if words and similarity > 0.02:
        reasons.append({"zh": "共同关键词：" + "、".join(words), "en": "Words in common: " + ", ".join(words)})
    languages = sorted(wanted.languages & offered.languages)
    if languages and total > 0:
        total += LANGUAGE_WEIGHT
        reasons.append({"zh": "共同语言：" + "、".join(languages), "en": "Common language: " + ", ".join(languages)})
    return round(total, 3), reasons


def _reasons_out(reasons: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**r, "text": localized(r["zh"], r["en"])} for r in reasons]


def _org_postings(org_ids: list[int]) -> dict[int, list[Posting]]:
    out: dict[int, list[Posting]] = {}
    rows = Posting.objects.filter(organisation_id__in=org_ids).exclude(status=Posting.Status.DRAFT)
    for posting in rows.prefetch_related("fields"):
        out.setdefault(posting.organisation_id, []).append(posting)
    return out


def postings_for(org: Organisation, *, limit: int = 10) -> list[dict[str, Any]]:
    """Public postings of other organisations that fit this one, best first."""
    mine = _org_postings([org.pk]).get(org.pk, [])
    intro = OrganisationProfile.objects.filter(organisation=org).first()
    wanted = organisation_profile(org, mine, intro)
    candidates = (
        public_postings()
        .exclude(organisation=org)
        .select_related("organisation")
        .prefetch_related("fields")
        .order_by("-published_at")[:MAX_CANDIDATES]
    )
    ranked = []
    for posting in candidates:
        value, reasons = score(wanted, posting_profile(posting))
        if value > 0:
            ranked.append((value, posting, reasons))
    ranked.sort(key=lambda item: (-item[0], -item[1].pk))
    return [
        {"score": value, "reasons": _reasons_out(reasons), "posting": posting_out(posting)}
        for value, posting, reasons in ranked[:limit]
    ]


def organisations_for(posting: Posting, *, limit: int = 10) -> list[dict[str, Any]]:
    """Verified organisations (not the poster) whose postings and introduction fit this posting."""
    wanted = posting_profile(posting)
    orgs = list(
        Organisation.objects.filter(status=Organisation.Status.VERIFIED)
        .exclude(pk=posting.organisation_id)
        .prefetch_related(Prefetch("matchmaking_profile"))[:MAX_CANDIDATES]
    )
    postings = _org_postings([o.pk for o in orgs])
    intros = {p.organisation_id: p for p in OrganisationProfile.objects.filter(organisation__in=orgs)}
    ranked = []
    for org in orgs:
        value, reasons = score(wanted, organisation_profile(org, postings.get(org.pk, []), intros.get(org.pk)))
        if value > 0:
            ranked.append((value, org, reasons))
    ranked.sort(key=lambda item: (-item[0], item[1].pk))
    return [
        {
            "score": value,
            "reasons": _reasons_out(reasons),
            "organisation": {
                "id": org.pk,
                "name": localized(org.name, org.name_en),
                "country": org.country,
                "url": organisation_url(org),
            },
        }
        for value, org, reasons in ranked[:limit]
    ]
