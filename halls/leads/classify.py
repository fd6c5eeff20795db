"""Rule-based lead classification (收集归类重要信息), in Chinese and English.

Each category has keyword patterns. A match in what the visitor wrote counts 2, a match
in their profile (name, title, organisation) counts 1; the highest score wins. Ties go
to the more specific category, in PRIORITY order: 合作 is said in almost every message
("媒体合作", "投资合作"), so project cooperation wins only outright. No match -> other.

Chinese is matched as substrings (no word boundaries in Chinese text); English as whole
words, case-insensitive, so that "CV" does not match inside "CVS" nor "VC" in "VCR".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from halls.models import LeadCategory

C = LeadCategory

# (Chinese substrings, English word patterns). English patterns are regex fragments.
KEYWORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    C.MEDIA: (
        ("媒体", "记者", "采访", "专访", "报道", "新闻", "编辑", "电视台", "报社", "杂志"),
        (
            r"media",
            r"press",
            r"journalists?",
            r"reporters?",
            r"news",
            r"newspapers?",
            r"magazines?",
            r"editors?",
            r"broadcast\w*",
            r"coverage",
        ),
    ),
    C.INVESTMENT_FINANCE: (
        ("投资", "融资", "基金", "风投", "创投", "天使轮", "估值", "资本", "贷款", "上市", "股权"),
        (
            r"invest\w*",
            r"funding",
            r"funds?",
            r"vc",
            r"venture capital",
            r"angel",
            r"financ\w*",
            r"loans?",
            r"valuation",
            r"series [abc]",
            r"equity",
            r"ipo",
            r"capital",
        ),
    ),
    C.JOB_SEEKING: (
        ("求职", "简历", "工作机会", "应聘", "找工作", "岗位申请", "实习", "入职", "就业", "职位申请"),
        (
            r"job(?! openings?)",
            r"jobs",
            r"resumes?",
            r"résumé",
            r"cv",
            r"internships?",
            r"job seek\w*",
            r"looking for (?:a )?(?:job|position|work)",
            r"apply for (?:a |the )?(?:job|position|role)",
            r"career opportunit\w*",
            r"employment",
        ),
    ),
    C.RECRUITMENT: (
        ("招聘", "招人", "招贤", "猎头", "引才", "引进人才", "人才引进", "招募", "用人需求", "人力资源"),
        (
            r"hiring",
            r"hire",
            r"recruit\w*",
            r"job openings?",
            r"vacanc\w*",
            r"open positions?",
            r"headhunt\w*",
            r"talent acquisition",
            r"candidates?",
            r"staffing",
            r"human resources",
        ),
    ),
    C.PROJECT_COOPERATION: (
        ("合作", "项目", "对接", "技术转移", "成果转化", "联合研发", "伙伴", "共建", "产学研"),
        (
            r"cooperat\w*",
            r"collaborat\w*",
            r"partner\w*",
            r"projects?",
            r"joint research",
            r"technology transfer",
            r"co-?develop\w*",
            r"work together",
        ),
    ),
}

PRIORITY = [C.MEDIA, C.INVESTMENT_FINANCE, C.JOB_SEEKING, C.RECRUITMENT, C.PROJECT_COOPERATION]
MESSAGE_WEIGHT = 2
PROFILE_WEIGHT = 1


@dataclass(frozen=True)
class Classification:
    category: str
    matched: tuple[str, ...]
    scores: dict[str, int]


def _compile(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(words) + r")(?![a-z0-9])", re.IGNORECASE)


ENGLISH = {category: _compile(patterns) for category, (_, patterns) in KEYWORDS.items()}


def _matches(category: str, text: str) -> list[str]:
    chinese, _ = KEYWORDS[category]
    found = [word for word in chinese if word in text]
    found += [m.group(0).lower() for m in ENGLISH[category].finditer(text)]
    return found


def classify(message: str, profile: str = "") -> Classification:
    message, profile = message or "", profile or ""
    scores = {
        category: MESSAGE_WEIGHT * len(_matches(category, message)) + PROFILE_WEIGHT * len(_matches(category, profile))
        for category in PRIORITY
    }
    best = max(PRIORITY, key=lambda c: (scores[c], -PRIORITY.index(c)))
    if scores[best] == 0:
        return Classification(C.OTHER, (), scores)
    winning = tuple(dict.fromkeys(_matches(best, message) + _matches(best, profile)))
    return Classification(best, winning, scores)


def visitor_profile(user, *, organisation: str = "", title: str = "") -> str:
    """The words we know about a visitor: their names, what they typed about themselves,
    and the organisations they belong to on the platform."""
    parts = [organisation, title]
    if user is not None and getattr(user, "is_authenticated", False):
        parts += [user.display_name, user.get_full_name()]
        for org in user.organisations.all():
            parts += [org.name, org.name_en]
    return " ".join(p for p in parts if p)
