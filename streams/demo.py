"""The demo conference: the programme of the 20th China International Talent Exchange
Conference (online) as its plan lays it out, demo speakers and demo accounts.

Loading is idempotent: sessions are found by slug and put back to their planned times,
accounts get their documented passwords again. People and organisations are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, OrganisationMembership, User
from accounts.services import add_organisation_member
from live.services.moderation import update_room_settings
from streams import services
from streams.models import Event, Session, Speaker
from streams.services import QA_MODERATED_KINDS

SHANGHAI = ZoneInfo("Asia/Shanghai")
EVENT_SLUG = "cietc-2022"
K = Session.Kind

# username, password, display name, flags
ACCOUNTS = [
    ("organizer", "pavilion-organizer", "大会组委会 Organizer", {"is_staff": True, "is_superuser": True}),
    ("moderator", "pavilion-moderator", "主持人 Moderator", {}),
    ("alice", "pavilion-alice", "Alice", {}),
    ("bob", "pavilion-bob", "Bob", {}),
    ("exhibitor", "pavilion-exhibitor", "展商 Exhibitor", {}),
    ("speaker", "pavilion-speaker", "Laura Becker", {}),
]

EXHIBITOR_ORG = {
    "name": "深圳示范科技有限公司（演示）",
    "name_en": "Shenzhen Demo Technology Co., Ltd. (demo)",
    "kind": Organisation.Kind.ENTERPRISE,
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in May 2022, Shanghai time."""
    return datetime(2022, 5, day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class DemoSpeaker:
    key: str
    name: str
    name_en: str
    title: str
    title_en: str
    affiliation: str
    affiliation_en: str
    bio: str = ""
    bio_en: str = ""
    username: str | None = None


SPEAKERS = [
    DemoSpeaker(
        "host",
        "陈思远",
        "Chen Siyuan",
        "主持人（演示嘉宾）",
        "Host (demo speaker)",
        "演示人才交流中心",
        "Demo Talent Exchange Centre",
    ),
    DemoSpeaker(
        "becker",
        "劳拉·贝克尔",
        "Laura Becker",
        "教授（演示嘉宾）",
        "Professor (demo speaker)",
        "演示应用科学大学",
        "Demo University of Applied Sciences",
        bio="长期从事国际科技合作与人才流动研究。",
        bio_en="Works on international research cooperation and talent mobility.",
        username="speaker",
    ),
    DemoSpeaker(
        "wang",
        "王立新",
        "Wang Lixin",
        "研究员（演示嘉宾）",
        "Research Fellow (demo speaker)",
        "演示农业科学研究院",
        "Demo Academy of Agricultural Sciences",
    ),
    DemoSpeaker(
        "li",
        "李婉清",
        "Li Wanqing",
        "首席工程师（演示嘉宾）",
        "Chief Engineer (demo speaker)",
        "演示新能源有限公司",
        "Demo New Energy Co., Ltd.",
    ),
    DemoSpeaker(
        "zhao",
        "赵宏",
        "Zhao Hong",
        "教授（演示嘉宾）",
        "Professor (demo speaker)",
        "演示大学经济学院",
        "School of Economics, Demo University",
    ),
]


@dataclass
class DemoSession:
    slug: str
    kind: str
    title: str
    title_en: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    description_en: str = ""
    parent: str | None = None
    speakers: list[str] = field(default_factory=list)


SESSIONS = [
    DemoSession(
        "opening-ceremony",
        K.OPENING_CEREMONY,
        "第二十届中国国际人才交流大会开幕式",
        "Opening Ceremony of the 20th China International Talent Exchange Conference",
        at(26, 9),
        at(26, 10),
        "大会以网上大会为主要形式，开幕式以线上视频形式举办。",
        "The conference is held online; the opening ceremony is streamed live.",
        speakers=["host"],
    ),
    DemoSession(
        "main-forum",
        K.MAIN_FORUM,
        "深圳论坛主论坛：加快建设世界重要人才中心和创新高地",
        "Shenzhen Forum, Main Forum: Building a World Talent Centre and Innovation Hub",
        at(26, 10, 15),
        at(26, 12),
        "围绕“国际科技创新与合作”“国际人才交流与合作”主题，探讨双多边国际科技创新合作和人才交流。",
        "International science and technology cooperation and talent exchange in an open environment.",
        speakers=["host", "becker"],
    ),
    DemoSession(
        "sub-forum-innovation-ecosystem",
        K.SUB_FORUM,
        "深圳论坛分论坛：国际化创新生态圈建设",
        "Shenzhen Forum, Sub-forum: Building an International Innovation Ecosystem",
        at(26, 14),
        at(26, 15, 30),
        parent="main-forum",
        speakers=["becker"],
    ),
    DemoSession(
        "sub-forum-rural-revitalisation",
        K.SUB_FORUM,
        "深圳论坛分论坛：乡村振兴",
        "Shenzhen Forum, Sub-forum: Rural Revitalisation",
        at(26, 14),
        at(26, 15, 30),
        parent="main-forum",
        speakers=["wang"],
    ),
    DemoSession(
        "sub-forum-carbon-environment",
        K.SUB_FORUM,
        "深圳论坛分论坛：双碳环保",
        "Shenzhen Forum, Sub-forum: Carbon Peaking, Carbon Neutrality and the Environment",
        at(26, 15, 45),
        at(26, 17, 15),
        parent="main-forum",
        speakers=["li"],
    ),
    DemoSession(
        "sub-forum-industrial-restructuring",
        K.SUB_FORUM,
        "深圳论坛分论坛：产业结构调整",
        "Shenzhen Forum, Sub-forum: Industrial Restructuring",
        at(26, 15, 45),
        at(26, 17, 15),
        parent="main-forum",
        speakers=["zhao"],
    ),
    DemoSession(
        "job-fair-foreign-talent",
        K.RECRUITMENT_LIVESTREAM,
        "外籍人才云聘会",
        "Cloud Job Fair for Foreign Talent",
        at(27, 10),
        at(27, 11, 30),
        "知名企业在线展示企业形象、发布招聘需求，宣讲外籍人才来华就业政策。",
        "Employers present themselves and their openings; talks on working in China as a foreign professional.",
    ),
    DemoSession(
        "job-fair-returnees",
        K.RECRUITMENT_LIVESTREAM,
        "海归人才云聘会",
        "Cloud Job Fair for Returnee Talent",
        at(27, 14),
        at(27, 15, 30),
        "面向全球顶尖大学的海归菁英，世界 500 强企业及各行业名企在线提供优质岗位。",
        "Leading employers meet graduates of the world's top universities returning to China.",
    ),
    DemoSession(
        "job-fair-elite",
        K.RECRUITMENT_LIVESTREAM,
        "“精英天下”中高级人才云招会",
        '"Elite World" Cloud Recruitment Fair for Mid- and Senior-level Talent',
        at(28, 10),
        at(28, 11, 30),
        "“云上招聘+线上直播+空中宣讲”。",
        "Cloud recruitment, livestreams and online talks.",
    ),
    DemoSession(
        "job-fair-global-wisdom",
        K.RECRUITMENT_LIVESTREAM,
        "“智汇全球”网聘会",
        '"Global Wisdom" Online Job Fair',
        at(28, 14),
        at(28, 15, 30),
        "以“筑巢引凤·固巢留凤”为主题，“空中推介+空中双选”。",
        "Online presentations and two-way selection.",
    ),
    DemoSession(
        "job-fair-universities-enterprises",
        K.RECRUITMENT_LIVESTREAM,
        "“百校千企”云招会",
        '"Hundred Universities, Thousand Enterprises" Cloud Campus Recruitment Fair',
        at(29, 10),
        at(29, 11, 30),
        "为应届毕业生开设基于专业细分的线上校园招聘会。",
        "Online campus recruitment by field of study for new graduates.",
    ),
    DemoSession(
        "theme-overseas-talent-china-tour",
        K.THEME_ACTIVITY,
        "海外人才中国行",
        "Overseas Talent China Tour",
        at(30, 10),
        at(30, 11, 30),
        "海外专家学者、技术持有者与中方合作单位视频连线交流对接。",
        "Overseas experts and technology holders meet Chinese partners by video.",
        speakers=["becker"],
    ),
    DemoSession(
        "theme-science-diplomats",
        K.THEME_ACTIVITY,
        "科技外交官服务行动",
        "Science and Technology Diplomats Service Action",
        at(30, 14),
        at(30, 15, 30),
        "介绍驻在国科技创新和人才交流现状，为开展国际合作提供建议。",
        "Science diplomats on innovation and talent exchange in their host countries.",
    ),
    DemoSession(
        "theme-innovation-competition",
        K.THEME_ACTIVITY,
        "中国深圳创新创业大赛第六届国际赛",
        "6th China Shenzhen Innovation and Entrepreneurship International Competition",
        at(31, 10),
        at(31, 12),
        "宣介国内创新创业环境和人才政策，搭建海外引才“直通车”。",
        "Presenting the environment for innovation and entrepreneurship, and the talent policies.",
    ),
]

EVENT = {
    "name": "第二十届中国国际人才交流大会网上大会",
    "name_en": "20th China International Talent Exchange Conference (Online)",
    "description": "“创新、发展、合作、共赢”。2022年5月26日开幕，5—11月提供线上服务。",
    "description_en": (
        "Innovation, development, cooperation, win-win. Opens 26 May 2022; online services May to November."
    ),
    "starts_at": at(26, 9),
    "ends_at": datetime(2022, 11, 30, 18, tzinfo=SHANGHAI),
    "timezone": "Asia/Shanghai",
}


@dataclass
class DemoSummary:
    event: Event
    sessions: list[Session]
    created_sessions: int
    accounts: list[tuple[str, str, str]]
    live_session: Session | None


def ensure_user(username: str, password: str, display_name: str, flags: dict) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.display_name = display_name
    user.is_active = True
    user.is_staff = flags.get("is_staff", False)
    user.is_superuser = flags.get("is_superuser", False)
    user.set_password(password)
    user.save()
    return user


def ensure_speaker(spec: DemoSpeaker, users: dict[str, User]) -> Speaker:
    fields = {
        "name": spec.name,
        "title": spec.title,
        "title_en": spec.title_en,
        "affiliation": spec.affiliation,
        "affiliation_en": spec.affiliation_en,
        "bio": spec.bio,
        "bio_en": spec.bio_en,
        "user": users.get(spec.username) if spec.username else None,
    }
    speaker = Speaker.objects.filter(name_en=spec.name_en).first()
    if speaker is None:
        return services.create_speaker(name_en=spec.name_en, **fields)
    for name, value in fields.items():
        setattr(speaker, name, value)
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def load_demo_conference(*, live_now: bool = False, now: datetime | None = None) -> DemoSummary:
    users = {name: ensure_user(name, password, display, flags) for name, password, display, flags in ACCOUNTS}
    organizer = users["organizer"]

    organisation, _ = Organisation.objects.update_or_create(
        name=EXHIBITOR_ORG["name"], defaults={"name_en": EXHIBITOR_ORG["name_en"], "kind": EXHIBITOR_ORG["kind"]}
    )
    add_organisation_member(organisation=organisation, user=users["exhibitor"], role=OrganisationMembership.Role.STAFF)

    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is None:
        event = services.create_event(slug=EVENT_SLUG, **EVENT)
    else:
        event = services.update_event(event=event, **EVENT)
    services.add_event_moderator(event=event, user=users["moderator"])

    speakers = {spec.key: ensure_speaker(spec, users) for spec in SPEAKERS}
    by_slug: dict[str, Session] = {}
    created = 0
    for spec in SESSIONS:
        fields = {
            "kind": spec.kind,
            "title": spec.title,
            "title_en": spec.title_en,
            "description": spec.description,
            "description_en": spec.description_en,
            "starts_at": spec.starts_at,
            "ends_at": spec.ends_at,
            "parent": by_slug[spec.parent] if spec.parent else None,
        }
        session_speakers = [speakers[key] for key in spec.speakers]
        session = Session.objects.filter(event=event, slug=spec.slug).select_related("room").first()
        if session is None:
            session = services.create_session(event=event, slug=spec.slug, speakers=session_speakers, **fields)
            created += 1
        else:
            session = services.update_session(session=session, speakers=session_speakers, **fields)
        room = session.room
        wanted = {"allow_guests": True, "qa_moderated": spec.kind in QA_MODERATED_KINDS}
        changes = {name: value for name, value in wanted.items() if getattr(room, name) != value}
        if changes:
            update_room_settings(room=room, actor=organizer, **changes)
        by_slug[spec.slug] = session

    live_session = None
    if live_now:
        live_session = services.shift_event_live_now(event=event, now=now or timezone.now())
        event.refresh_from_db()
    # Pre-recorded videos played as live (simulive): the opening at once with --live-now.
    from streams.simulive_demo import attach_demo_videos

    attach_demo_videos(event, live_now=live_now)
    sessions = list(Session.objects.filter(event=event).select_related("room").order_by("starts_at", "pk"))
    accounts = [(name, password, role) for (name, password, _, _), role in zip(ACCOUNTS, ROLES, strict=True)]
    return DemoSummary(event, sessions, created, accounts, live_session)


ROLES = [
    "organizer (staff, superuser; /admin/)",
    "moderator of every stage of the event",
    "attendee",
    "attendee",
    f"staff of the exhibitor {EXHIBITOR_ORG['name_en']}",
    "speaker (Laura Becker) in her sessions' stages",
]
