"""The demo job fairs' content (fictional): the five zones of the plan (附件4), the global-wisdom
boards, demo employers and where they are admitted, and the cities' cards, in Chinese and
English. The jobs they offer are in recruitment/demo_jobs.py."""

from __future__ import annotations

# slug, name, name_en, audience, audience_en, schedule, schedule_en, policy-talk session slug
ZONES = [
    (
        "foreign-talent",
        "外籍人才云聘会",
        "Cloud Job Fair for Foreign Talent",
        "在华及有意来华工作的外籍专业人才",
        "Foreign professionals in China or planning to work here",
        "5月26日—11月30日，每月一场直播带岗",
        "26 May – 30 November, a recruitment livestream every month",
        "job-fair-foreign-talent",
    ),
    (
        "returnees",
        "海归人才云聘会",
        "Cloud Job Fair for Returnee Talent",
        "全球顶尖大学的留学归国人才",
        "Graduates of the world's top universities returning to China",
        "5月26日—11月30日",
        "26 May – 30 November",
        "job-fair-returnees",
    ),
    (
        "elite",
        "“精英天下”中高级人才云招会",
        '"Elite World" Mid- and Senior-level Talent Fair',
        "中高级管理与技术人才",
        "Mid- and senior-level managers and specialists",
        "云上招聘+线上直播+空中宣讲",
        "Cloud recruitment, livestreams and online talks",
        "job-fair-elite",
    ),
    (
        "global-wisdom",
        "“智汇全球”网聘会",
        '"Global Wisdom" Online Job Fair',
        "海内外高层次人才与团队",
        "High-level talent and teams in China and abroad",
        "空中推介+空中双选",
        "Online presentations and two-way selection",
        "job-fair-global-wisdom",
    ),
    (
        "universities-enterprises",
        "“百校千企”云招会",
        '"Hundred Universities, Thousand Enterprises" Campus Fair',
        "应届毕业生",
        "New graduates",
        "按专业细分的线上校园招聘会",
        "Online campus recruitment by field of study",
        "job-fair-universities-enterprises",
    ),
]

GLOBAL_WISDOM_BOARDS = [
    {
        "title": "筑巢引凤",
        "title_en": "Building the nest",
        "text": "深圳各区人才安居、科研经费与创业扶持政策一览。",
        "text_en": "Housing, research funding and start-up support for talent in Shenzhen's districts.",
    },
    {
        "title": "固巢留凤",
        "title_en": "Keeping talent",
        "text": "子女入学、医疗保障与职称评审的绿色通道。",
        "text_en": "Fast tracks for schooling, healthcare and professional titles.",
    },
    {
        "title": "空中双选",
        "title_en": "Two-way selection online",
        "text": "人才与用人单位在线互选、预约面试。",
        "text_en": "Talent and employers choose each other online and book interviews.",
    },
]

# key -> name, name_en, kind (the demo exhibitor is "demo", found by its name in streams.demo)
EMPLOYERS = {
    "health": ("深圳示范医疗集团（演示）", "Shenzhen Demo Health Group (demo)", "enterprise"),
    "university": ("南方示范大学（演示）", "Southern Demo University (demo)", "university"),
    "global": ("环球示范咨询（演示）", "Global Demo Consulting (demo)", "foreign"),
}

# zone slug -> employer keys admitted there
ADMISSIONS = {
    "foreign-talent": ["demo", "health", "global"],
    "returnees": ["demo", "university"],
    "elite": ["demo", "health"],
    "global-wisdom": ["university", "global"],
    "universities-enterprises": ["demo", "university"],
}

# zone slug, city, city_en, policy, policy_en, contacts
CITY_CARDS = [
    (
        "foreign-talent",
        "深圳",
        "Shenzhen",
        "外籍高层次人才可申请R字签证与工作许可“一窗通办”。",
        "High-level foreign talent may apply for the R visa and work permit at one window.",
        "深圳市人才服务中心（演示） 0755-0000-0000",
    ),
    (
        "returnees",
        "深圳",
        "Shenzhen",
        "留学回国人员落户即享新引进人才租房和生活补贴。",
        "Returnees who settle receive rent and living allowances for new talent.",
        "深圳市留学人员服务站（演示） 0755-0000-0001",
    ),
    (
        "global-wisdom",
        "广州",
        "Guangzhou",
        "高层次人才团队最高可获项目资助与场地支持。",
        "High-level teams may receive project funding and premises.",
        "广州人才集团（演示） 020-0000-0000",
    ),
]
