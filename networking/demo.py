"""Demo networking (after load_demo_conference): the demo attendees listed in the directory
with bilingual profiles, alice and bob with exchanged cards and a short conversation.
Idempotent: running it again changes nothing more."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.services import update_profile
from live.models import ChatMessage
from live.services.chat import send_message
from networking import services
from networking.models import CardExchange

PROFILES = {
    "alice": {
        "display_name": "李爱丽",
        "display_name_en": "Alice Li",
        "organisation": "清华大学",
        "organisation_en": "Tsinghua University",
        "title": "博士后研究员",
        "title_en": "Postdoctoral researcher",
        "country": "CN",
        "languages": ["zh", "en"],
        "interests": ["artificial-intelligence", "big-data-cloud"],
        "bio": "研究方向：机器学习在医疗影像中的应用。",
        "bio_en": "Machine learning for medical imaging.",
    },
    "bob": {
        "display_name": "鲍勃",
        "display_name_en": "Bob Miller",
        "organisation": "柏林工业大学",
        "organisation_en": "TU Berlin",
        "title": "教授",
        "title_en": "Professor",
        "country": "DE",
        "languages": ["en", "de"],
        "interests": ["robotics", "artificial-intelligence"],
        "bio": "机器人与智能制造，寻找中国合作伙伴。",
        "bio_en": "Robotics and smart manufacturing; looking for partners in China.",
    },
    "speaker": {
        "display_name": "张演讲",
        "display_name_en": "Zhang Wei",
        "organisation": "深圳创新研究院",
        "organisation_en": "Shenzhen Innovation Institute",
        "title": "首席科学家",
        "title_en": "Chief scientist",
        "country": "CN",
        "languages": ["zh"],
        "interests": ["integrated-circuits"],
    },
}
CONVERSATION = [
    ("alice", "Bob 您好，很高兴在名录中看到您。Hello Bob, glad to find you in the directory!"),
    ("bob", "Hi Alice! Shall we meet after the AI forum?"),
]


@transaction.atomic
def load_demo_networking() -> dict[str, int] | None:
    users = {u.username: u for u in User.objects.filter(username__in=PROFILES)}
    if "alice" not in users or "bob" not in users:
        return None
    for username, fields in PROFILES.items():
        if username in users:
            update_profile(users[username], listed_in_directory=True, **fields)
    alice, bob = users["alice"], users["bob"]
    exchange = CardExchange.objects.filter(
        user_low_id=min(alice.pk, bob.pk), user_high_id=max(alice.pk, bob.pk)
    ).first()
    if exchange is None or exchange.status != CardExchange.Status.ACCEPTED:
        exchange = services.request_card(alice, bob.pk, message="AI 论坛上见 / See you at the AI forum")
        if exchange.status != CardExchange.Status.ACCEPTED:
            services.respond_card(bob, exchange.pk, accept=True)
    room = services.open_direct_room(alice, bob.pk).room
    if not ChatMessage.objects.filter(room=room).exists():
        for username, text in CONVERSATION:
            send_message(room=room, user=users[username], text=text, client_ref=f"demo-{username}")
    return {
        "listed": len([u for u in PROFILES if u in users]),
        "messages": ChatMessage.objects.filter(room=room).count(),
    }
