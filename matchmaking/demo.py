"""The matchmaking demo (`manage.py load_demo_matchmaking`, after load_demo_exhibition and
load_demo_orgs): postings of the three kinds in Chinese and English by demo organisations, a
conversation with messages and ratings, organisation pages, showcase areas. Idempotent (postings
by their reference). `load_demo_matchmaking()` returns the counts; the challenge board's demo
(mm-board) extends it through `EXTENSIONS`.

Two demo people act for the organisations: `huaneng` (password `pavilion-huaneng`), admin of
华能新能源集团（演示）, and `vdi` (`pavilion-vdi`), admin of 德国工程师协会（演示）.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Interest, Organisation, OrganisationMembership, User
from matchmaking.models import Conversation, OrganisationPost, Posting, Rating, ShowcaseArea
from matchmaking.services import conversations, engagement, postings, profiles

# Other demo parts (the challenge board) add a function taking the counts dict to fill.
EXTENSIONS: list[Callable[[dict], None]] = []

F = Organisation.Kind.FOREIGN
E = Organisation.Kind.ENTERPRISE
U = Organisation.Kind.UNIVERSITY
HR = Organisation.Kind.HR
G = Organisation.Kind.GOVERNMENT
ORGANISATIONS = {
    # name: (name_en, kind, country)
    "华能新能源集团（演示）": ("Huaneng New Energy Group (demo)", E, "CN"),
    "德国工程师协会（演示）": ("Association of German Engineers (demo)", F, "DE"),
    "湾区智造创新研究院（演示）": ("Bay Area Smart Manufacturing Institute (demo)", U, "CN"),
    "中国建材新材料研究院（演示）": ("CNBM New Materials Institute (demo)", E, "CN"),
    "鹏城生物医药创新中心": ("Pengcheng Biomedicine Innovation Center", U, "CN"),
    "龙华创新生态服务协会": ("Longhua Innovation Ecosystem Service Association", HR, "CN"),
    "深圳市南山区人民政府（演示）": ("Nanshan District Government, Shenzhen (demo)", G, "CN"),
}
PEOPLE = {
    # username: (password, display name, organisation)
    "huaneng": ("pavilion-huaneng", "王海风", "华能新能源集团（演示）"),
    "vdi": ("pavilion-vdi", "Anna Becker", "德国工程师协会（演示）"),
}

POSTINGS = [
    {
        "reference": "DEMO-MM-1",
        "organisation": "华能新能源集团（演示）",
        "kind": "project_cooperation",
        "subkind": "technology_need",
        "title": "海上风电储能系统技术需求",
        "title_en": "Offshore wind energy storage: technology need",
        "body": "面向海上风电场的兆瓦级储能系统，要求循环寿命 8000 次以上，寻求电池管理与系统集成方面的合作伙伴。",
        "body_en": "Megawatt-scale energy storage for offshore wind farms (8,000+ cycles): we look for partners "
        "in battery management and system integration.",
        "fields": ["energy-storage", "renewable-energy"],
        "country": "CN",
        "province": "广东",
        "city": "深圳",
        "budget": "500–800 万元",
        "terms": "联合研发，知识产权共享",
        "terms_en": "Joint development, shared IP",
        "languages": ["zh", "en"],
        "days": 90,
        "featured": True,
    },
    {
        "reference": "DEMO-MM-2",
        "organisation": "德国工程师协会（演示）",
        "kind": "project_cooperation",
        "subkind": "technology_offer",
        "title": "工业 4.0 智能工厂解决方案",
        "title_en": "Industry 4.0 smart factory solutions",
        "body": "德国中小企业的数字孪生与预测性维护技术，寻找中国制造企业开展示范应用。",
        "body_en": "Digital twins and predictive maintenance from German SMEs, looking for Chinese manufacturers "
        "for pilot applications.",
        "fields": ["robotics", "advanced-manufacturing"],
        "country": "DE",
        "languages": ["en", "de", "zh"],
        "days": 120,
    },
    {
        "reference": "DEMO-MM-3",
        "organisation": "湾区智造创新研究院（演示）",
        "kind": "project_cooperation",
        "subkind": "research_cooperation",
        "title": "协作机器人视觉抓取联合研究",
        "title_en": "Joint research: vision-guided grasping for collaborative robots",
        "body": "与海外高校联合开展协作机器人视觉抓取研究，共建实验室，联合培养博士后。",
        "body_en": "Joint research with universities abroad on vision-guided grasping, a shared lab and joint "
        "postdoctoral training.",
        "fields": ["robotics", "artificial-intelligence"],
        "country": "CN",
        "province": "广东",
        "city": "东莞",
        "languages": ["zh", "en"],
        "days": 60,
    },
    {
        "reference": "DEMO-MM-4",
        "organisation": "中国建材新材料研究院（演示）",
        "kind": "project_cooperation",
        "subkind": "technology_transfer",
        "title": "高性能碳纤维复合材料技术转让",
        "title_en": "Technology transfer: high-performance carbon-fibre composites",
        "body": "成熟的碳纤维复合材料制备工艺，可许可或转让，适用于风电叶片与轨道交通。",
        "body_en": "A proven carbon-fibre composite process for licensing or transfer (wind blades, rail transit).",
        "fields": ["new-materials", "advanced-materials"],
        "country": "CN",
        "province": "北京",
        "budget": "面议",
        "languages": ["zh"],
        "days": 180,
    },
    {
        "reference": "DEMO-MM-5",
        "organisation": "鹏城生物医药创新中心",
        "kind": "talent_demand",
        "title": "诚聘海外创新药研发首席科学家",
        "title_en": "Chief scientist for drug discovery (from abroad)",
        "body": "负责小分子创新药研发平台建设，提供安家费与科研启动经费。",
        "body_en": "Lead our small-molecule discovery platform; relocation package and research start-up funds.",
        "fields": ["drug-discovery", "biomedicine"],
        "country": "CN",
        "province": "广东",
        "city": "深圳",
        "languages": ["zh", "en"],
        "days": 45,
    },
    {
        "reference": "DEMO-MM-6",
        "organisation": "龙华创新生态服务协会",
        "kind": "hr_services",
        "title": "外籍人才来华工作许可与落户一站式服务",
        "title_en": "One-stop work permits and settling-in services for foreign talent",
        "body": "为外籍专家提供工作许可、居留、子女入学与住房等一站式服务。",
        "body_en": "Work permits, residence, schooling and housing for foreign experts, in one place.",
        "fields": ["talent-services", "international-exchange"],
        "country": "CN",
        "province": "广东",
        "city": "深圳",
        "languages": ["zh", "en"],
        "days": 365,
    },
]

CONVERSATION = [
    (
        "vdi",
        "我们协会的成员企业在储能电池管理系统方面有成熟方案，希望进一步了解技术指标。"
        "We have BMS solutions from member companies.",
    ),
    ("huaneng", "欢迎！附上我们的技术规格书，请重点关注循环寿命与低温性能。"),
    ("vdi", "Thank you. Our partners can meet the cycle-life target; shall we schedule a video call next week?"),
]

AREAS = [
    (
        "greater-bay-area",
        "region",
        "粤港澳大湾区专区",
        "Greater Bay Area",
        "大湾区高校、企业与新型研发机构的合作需求。",
        "Needs and offers of Greater Bay Area universities, companies and institutes.",
        ["DEMO-MM-1", "DEMO-MM-3", "DEMO-MM-5"],
        ["湾区智造创新研究院（演示）", "深圳市南山区人民政府（演示）"],
    ),
    (
        "new-energy",
        "field",
        "新能源与新材料专区",
        "New energy and materials",
        "储能、可再生能源与先进材料。",
        "Energy storage, renewables and advanced materials.",
        ["DEMO-MM-1", "DEMO-MM-4"],
        ["华能新能源集团（演示）", "中国建材新材料研究院（演示）"],
    ),
    (
        "germany",
        "country",
        "中德合作专区",
        "China–Germany cooperation",
        "与德国机构的技术合作与人才交流。",
        "Technology cooperation and talent exchange with German organisations.",
        ["DEMO-MM-2"],
        ["德国工程师协会（演示）"],
    ),
]


def _organisation(name: str) -> Organisation:
    name_en, kind, country = ORGANISATIONS[name]
    org, _created = Organisation.objects.get_or_create(
        name=name, defaults={"name_en": name_en, "kind": kind, "country": country, "status": "verified"}
    )
    return org


def _person(username: str) -> User:
    password, display, org_name = PEOPLE[username]
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, password=password, display_name=display, email=f"{username}@pavilion.localhost"
        )
    OrganisationMembership.objects.update_or_create(
        organisation=_organisation(org_name), user=user, defaults={"role": OrganisationMembership.Role.ADMIN}
    )
    return user


def _author(org: Organisation) -> User:
    """The organisation's demo admin, or (for the others) an organizer acting for it."""
    for username, (_password, _display, org_name) in PEOPLE.items():
        if org_name == org.name:
            return _person(username)
    author = User.objects.filter(username=f"mm-{org.pk}").first()
    if author is None:
        author = User.objects.create_user(username=f"mm-{org.pk}", password=None, display_name=org.name)
    OrganisationMembership.objects.get_or_create(
        organisation=org, user=author, defaults={"role": OrganisationMembership.Role.ADMIN}
    )
    return author


@transaction.atomic
def load_demo_matchmaking() -> dict[str, int]:
    people = {username: _person(username) for username in PEOPLE}
    known = set(Interest.objects.values_list("slug", flat=True))
    today = timezone.localdate()
    by_reference: dict[str, Posting] = {}
    for spec in POSTINGS:
        spec = dict(spec)
        org = _organisation(spec.pop("organisation"))
        days, featured = spec.pop("days"), spec.pop("featured", False)
        spec["fields"] = [slug for slug in spec["fields"] if slug in known]
        posting = Posting.objects.filter(organisation=org, reference=spec["reference"]).first()
        if posting is None:
            posting = postings.create_posting(
                user=_author(org), organisation_id=org.pk, deadline=today + timedelta(days=days), **spec
            )
            posting = postings.publish_posting(posting=posting, user=_author(org))
        if posting.featured != featured:
            posting.featured = featured
            posting.save(update_fields=["featured"])
        by_reference[posting.reference] = posting
    need = by_reference["DEMO-MM-1"]
    partner = _organisation("德国工程师协会（演示）")
    conversation = Conversation.objects.filter(posting=need, responder=partner).first()
    if conversation is None:
        first_author, first_text = CONVERSATION[0]
        conversation = conversations.respond(posting=need, user=people[first_author], body=first_text)
        for username, text in CONVERSATION[1:]:
            conversations.reply(conversation_id=conversation.pk, user=people[username], body=text)
    if not Rating.objects.filter(posting=need).exists():
        engagement.rate_in_conversation(
            user=people["vdi"], conversation_id=conversation.pk, stars=5, comment="Clear specifications, fast answers."
        )
        engagement.rate_in_conversation(
            user=people["huaneng"], conversation_id=conversation.pk, stars=4, comment="方案专业，响应及时。"
        )
    huaneng = _organisation("华能新能源集团（演示）")
    profiles.update_profile(
        organisation=huaneng,
        user=people["huaneng"],
        introduction="华能新能源集团专注风电、光伏与储能的开发运营，面向全球寻求技术合作与高端人才。",
        introduction_en="Huaneng New Energy develops and runs wind, solar and storage projects, and looks worldwide "
        "for technology partners and experts.",
    )
    if not OrganisationPost.objects.filter(organisation=huaneng).exists():
        profiles.add_post(
            organisation=huaneng,
            user=people["huaneng"],
            kind="policy",
            title="海外高层次人才引进支持办法",
            title_en="Support for experts from abroad",
            body="入选人才可获得科研经费与住房补贴。",
            body_en="Selected experts receive research funds and a housing allowance.",
        )
        profiles.add_post(
            organisation=huaneng,
            user=people["huaneng"],
            kind="news",
            title="海上风电储能示范项目开工",
            title_en="Offshore wind storage pilot breaks ground",
            body="示范项目将于明年并网。",
            body_en="The pilot connects to the grid next year.",
        )
    for position, (slug, kind, title, title_en, text, text_en, refs, orgs) in enumerate(AREAS):
        area, _created = ShowcaseArea.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "title": title,
                "title_en": title_en,
                "description": text,
                "description_en": text_en,
                "position": position,
            },
        )
        area.postings.set([by_reference[r] for r in refs])
        area.organisations.set([_organisation(name) for name in orgs])
    counts = {
        "postings": Posting.objects.filter(reference__startswith="DEMO-MM-").count(),
        "conversations": Conversation.objects.filter(posting__reference__startswith="DEMO-MM-").count(),
        "messages": conversation.messages.count(),
        "ratings": Rating.objects.filter(posting=need).count(),
        "areas": ShowcaseArea.objects.filter(slug__in=[a[0] for a in AREAS]).count(),
    }
    for extend in EXTENSIONS:
        extend(counts)
    return counts
