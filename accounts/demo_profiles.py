"""Profiles for the demo accounts (after load_demo_conference made them): each with both
names, organisation, title, country, languages, fields of interest and a bio, a visibility
mix that shows the rules (bob hides his bio, alice is in the directory), the privacy terms'
consent, and a verified e-mail address so logging in by e-mail works."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.selectors import has_consent
from accounts.services import PRIVACY_TERMS, PRIVACY_TERMS_VERSION, profile_for, record_consent, update_profile

PROFILES: dict[str, dict] = {
    "organizer": {
        "display_name": "大会组委会",
        "display_name_en": "Conference organizers",
        "organisation": "大会组委会",
        "organisation_en": "Organizing committee",
        "title": "秘书处",
        "title_en": "Secretariat",
        "country": "CN",
        "languages": ["zh", "en"],
        "interests": ["talent-policy", "international-exchange"],
        "bio": "负责大会的日程、展区与服务。",
        "bio_en": "We run the programme, the exhibition and the services of the conference.",
        "visibility": {"bio": "public", "country": "public"},
        "listed_in_directory": True,
    },
    "moderator": {
        "display_name": "主持人小王",
        "display_name_en": "Moderator Wang",
        "organisation": "大会组委会",
        "organisation_en": "Organizing committee",
        "title": "论坛主持",
        "title_en": "Forum moderator",
        "country": "CN",
        "languages": ["zh", "en"],
        "interests": ["talent-services"],
        "listed_in_directory": False,
    },
    "alice": {
        "display_name": "爱丽丝",
        "display_name_en": "Alice Chen",
        "organisation": "示例科技大学",
        "organisation_en": "Example University of Technology",
        "title": "副教授",
        "title_en": "Associate professor",
        "country": "SG",
        "languages": ["zh", "en"],
        "interests": ["artificial-intelligence", "integrated-circuits", "research-management"],
        "bio": "研究机器学习与芯片设计，关注产学研合作与国际人才交流。",
        "bio_en": "I work on machine learning and chip design, and look for industry partners.",
        "visibility": {"photo": "attendees", "bio": "attendees", "languages": "public"},
        "listed_in_directory": True,
    },
    "bob": {
        "display_name": "鲍勃",
        "display_name_en": "Bob Li",
        "organisation": "海创投资",
        "organisation_en": "SeaVenture Capital",
        "title": "投资经理",
        "title_en": "Investment manager",
        "country": "US",
        "languages": ["en", "zh"],
        "interests": ["venture-capital", "biomedicine", "drug-discovery"],
        "bio": "只对自己可见的简介。",
        "bio_en": "A bio only Bob sees.",
        "visibility": {"bio": "nobody", "country": "attendees"},
        "listed_in_directory": True,
    },
    "exhibitor": {
        "display_name": "展商联系人",
        "display_name_en": "Exhibitor contact",
        "title": "人力资源总监",
        "title_en": "HR director",
        "country": "CN",
        "languages": ["zh"],
        "interests": ["recruitment", "new-energy-vehicles"],
        "listed_in_directory": True,
    },
    "speaker": {
        "display_name": "演讲嘉宾",
        "display_name_en": "Keynote speaker",
        "organisation": "国家实验室",
        "organisation_en": "National Laboratory",
        "title": "首席科学家",
        "title_en": "Chief scientist",
        "country": "DE",
        "languages": ["en", "de", "zh"],
        "interests": ["renewable-energy", "energy-storage"],
        "bio": "研究储能材料二十年。",
        "bio_en": "Twenty years of research on energy storage materials.",
        "visibility": {"bio": "public"},
        "listed_in_directory": True,
    },
}


@transaction.atomic
def load_demo_profiles() -> list[str]:
    from allauth.account.models import EmailAddress

    done = []
    for username, fields in PROFILES.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        profile_for(user)
        changes = dict(fields)
        if "organisation" not in changes:
            membership = user.memberships.select_related("organisation").first()
            if membership is not None:
                changes["organisation"] = membership.organisation.name
                changes["organisation_en"] = membership.organisation.name_en
        update_profile(user, **changes)
        if not has_consent(user, PRIVACY_TERMS):
            record_consent(
                user, PRIVACY_TERMS, granted=True, text_version=PRIVACY_TERMS_VERSION, context={"via": "demo"}
            )
        if not user.email:
            user.email = f"{username}@pavilion.localhost"
            user.save(update_fields=["email"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email.lower(), defaults={"verified": True, "primary": True}
        )
        done.append(username)
    return done
