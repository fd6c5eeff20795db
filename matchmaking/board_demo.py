"""Demo of the challenge board and the import (after load_demo_orgs, and mm-core's
load_demo_matchmaking when it exists): three postings of demo organisations on the board
(one open with two proposals, one matched, one open with none), an organisation of its own
for `proposer` / `pavilion-proposer` to take challenges up with, and the sample 征集表 files
(a correct one and one with five bad rows) in var/matchmaking-samples/. Idempotent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership, User
from matchmaking.models import Challenge, Conversation, Posting, Proposal

PROPOSER = ("proposer", "pavilion-proposer", "方提案")
PROPOSER_ORG = {
    "name": "东方材料研究院（演示）",
    "name_en": "Oriental Materials Institute (demo)",
    "kind": Organisation.Kind.UNIVERSITY,
    "country": "CN",
    "contact_name": "方提案",
    "contact_email": "proposer@example.org",
    "contact_phone": "+86 21 5555 0000",
}
CHALLENGES = [
    {
        "reference": "DEMO-CH-1",
        "title": "高端装备关键零部件联合攻关",
        "title_en": "Joint R&D on key parts of high-end equipment",
        "body": "面向航空发动机叶片的精密加工与检测，征集联合攻关团队，三年内完成工程化验证。",
        "body_en": "Precision machining and inspection of aero-engine blades: a joint team for "
        "engineering validation within three years.",
        "days": 30,
        "status": "open",
    },
    {
        "reference": "DEMO-CH-2",
        "title": "城市固废资源化技术转移",
        "title_en": "Technology transfer: turning urban solid waste into resources",
        "body": "寻求成熟的固废分选与再生技术，已选定合作方。",
        "body_en": "Mature sorting and recycling technology wanted; a partner has been chosen.",
        "days": 20,
        "status": "matched",
    },
    {
        "reference": "DEMO-CH-3",
        "title": "海外高层次人才团队引进（生物医药）",
        "title_en": "An overseas high-level team in biomedicine",
        "body": "引进创新药研发团队，提供实验室与配套资金。",
        "body_en": "An innovative-drug R&D team wanted; labs and funding provided.",
        "days": 45,
        "status": "open",
    },
]
PROPOSALS = [
    ("DEMO-CH-1", "我院在精密测量方面有十年积累，可牵头检测平台建设。", "12 人，含 3 名教授", "24 个月", "shortlisted"),
    ("DEMO-CH-1", "We bring five-axis machining expertise and a pilot line.", "8 engineers", "18 months", "submitted"),
    ("DEMO-CH-2", "成熟的分选线已在三个城市运行。", "20 人", "12 个月", "chosen"),
]


def samples_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "matchmaking-samples"


def write_samples(directory: Path | None = None) -> list[Path]:
    from matchmaking.imports.samples import demo_sheets, write_xlsx
    from matchmaking.imports.template import build_template

    directory = directory or samples_dir()
    directory.mkdir(parents=True, exist_ok=True)
    good, bad, template = (
        directory / "zhengjibiao-sample.xlsx",
        directory / "zhengjibiao-with-errors.xlsx",
        directory / "zhengjibiao-template.xlsx",
    )
    write_xlsx(str(good), demo_sheets())
    write_xlsx(str(bad), demo_sheets(bad=True))
    template.write_bytes(build_template())
    return [template, good, bad]


@transaction.atomic
def load_demo_board() -> dict[str, int]:
    organizer = User.objects.filter(username="organizer").first()
    posters = list(
        Organisation.objects.filter(status="verified", name__endswith="（演示）")
        .exclude(name=PROPOSER_ORG["name"])
        .order_by("pk")[:3]
    )
    if organizer is None or not posters:
        return {}
    username, password, display = PROPOSER
    proposer = User.objects.filter(username=username).first()
    if proposer is None:
        proposer = User.objects.create_user(
            username=username, password=password, email=PROPOSER_ORG["contact_email"], display_name=display
        )
    proposer_org, _ = Organisation.objects.get_or_create(
        name=PROPOSER_ORG["name"], defaults={**PROPOSER_ORG, "verified_by": organizer, "verified_at": timezone.now()}
    )
    OrganisationMembership.objects.get_or_create(organisation=proposer_org, user=proposer, defaults={"role": "admin"})
    others = [o for o in Organisation.objects.filter(status="verified").exclude(pk=proposer_org.pk).order_by("-pk")[:2]]
    now = timezone.now()
    made = {"challenges": 0, "proposals": 0}
    for n, spec in enumerate(CHALLENGES):
        org = posters[n % len(posters)]
        author = User.objects.filter(memberships__organisation=org).order_by("pk").first()
        posting, _ = Posting.objects.get_or_create(
            organisation=org,
            reference=spec["reference"],
            defaults={
                "author": author,
                "kind": "talent_demand" if spec["reference"] == "DEMO-CH-3" else "project_cooperation",
                "subkind": "" if spec["reference"] == "DEMO-CH-3" else "technology_need",
                "title": spec["title"],
                "title_en": spec["title_en"],
                "body": spec["body"],
                "body_en": spec["body_en"],
                "languages": ["zh", "en"],
                "country": "CN",
                "status": "published",
                "published_at": now,
                "featured": True,
            },
        )
        challenge, created = Challenge.objects.get_or_create(
            posting=posting, defaults={"deadline": now + dt.timedelta(days=spec["days"]), "created_by": organizer}
        )
        made["challenges"] += created
        for reference, text, team, timeline, status in PROPOSALS:
            if reference != spec["reference"]:
                continue
            candidates = [proposer_org, *[o for o in others if o.pk != org.pk]]
            index = sum(
                1 for r, *_ in PROPOSALS[: PROPOSALS.index((reference, text, team, timeline, status))] if r == reference
            )
            responder = candidates[index % len(candidates)]
            if responder.pk == org.pk or Proposal.objects.filter(challenge=challenge, organisation=responder).exists():
                continue
            conversation, _ = Conversation.objects.get_or_create(
                posting=posting, responder=responder, defaults={"started_by": proposer}
            )
            Proposal.objects.create(
                challenge=challenge,
                organisation=responder,
                author=proposer if responder == proposer_org else None,
                text=text,
                team=team,
                timeline=timeline,
                status=status,
                conversation=conversation,
                decided_at=now if status != "submitted" else None,
            )
            made["proposals"] += 1
        wanted = {"matched": Challenge.Status.MATCHED, "open": Challenge.Status.OPEN}[spec["status"]]
        if challenge.proposals.filter(status="shortlisted").exists():
            wanted = Challenge.Status.UNDER_REVIEW
        if challenge.status != wanted:
            challenge.status = wanted
            challenge.matched_at = now if wanted == Challenge.Status.MATCHED else None
            challenge.save(update_fields=["status", "matched_at"])
    return made
