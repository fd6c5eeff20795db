"""The learned lead classifier: trained from the shipped set, decides new leads in zh and en,
falls back on the keyword rules, and learns from staff corrections."""

import json
from pathlib import Path

import pytest

from halls.leads import learned, services
from halls.models import Lead, LeadCategory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_model():
    learned.forget()
    yield
    learned.forget()


def test_the_shipped_set_is_large_bilingual_and_covers_every_category():
    messages = json.loads((ROOT / "halls/leads/data/labelled.json").read_text(encoding="utf-8"))["messages"]
    assert len(messages) >= 300
    assert {m["category"] for m in messages} == set(LeadCategory.values)
    for category in LeadCategory.values:
        langs = {m["lang"] for m in messages if m["category"] == category}
        assert langs == {"zh", "en"}, category


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # No keyword of today's rules in these: the model reads them anyway.
        ("我下个月离职，想加入贵司做嵌入式开发，能内推吗？", "job_seeking"),
        ("Our podcast would like to record an episode with your chief scientist.", "media"),
        ("我们的种子轮还差三百万，贵机构对早期项目有兴趣吗？", "investment_finance"),
        # Words of one category said by the other side: a recruiter, not a job seeker.
        ("We need five engineers with C++; can you share our openings with your graduates?", "recruitment"),
        ("请问你们的展厅地图在哪里？", "other"),
    ],
)
def test_new_messages_are_classified_by_the_model(booth_a, visitor, message, expected):
    lead = services.leave_contact(booth=booth_a, visitor=visitor, consent=True, contact_phone="1", message=message)
    assert lead.category == lead.auto_category == expected


@pytest.mark.django_db
def test_a_vague_message_still_takes_the_profile_words_through_the_rules(booth_a, visitor):
    lead = services.leave_contact(
        booth=booth_a,
        visitor=visitor,
        consent=True,
        contact_phone="1",
        contact_organisation="科技日报社",
        message="你好",
    )
    assert lead.category == "media"


@pytest.mark.django_db
def test_staff_corrections_become_training_data(booth_a, visitor, staff_a):
    odd = "Quasar-7 telemetry bundle for the zorblat league"
    first = services.leave_contact(booth=booth_a, visitor=visitor, consent=True, contact_phone="1", message=odd)
    assert first.category != "media"
    for i, text in enumerate([odd, "zorblat league telemetry once more", "the zorblat league wants telemetry"]):
        lead = first if i == 0 else Lead.objects.create(**_copy(first, message=text))
        services.correct_lead_category(lead=lead, user=staff_a, category="media")
    assert learned.correction_examples()[0][1] == "media"
    # The next classification retrains (the corrections changed) and has learned the word.
    again = services.leave_contact(
        booth=booth_a, visitor=visitor, consent=True, contact_phone="1", message="zorblat league telemetry request"
    )
    assert again.category == "media"


def _copy(lead, **changes):
    fields = {
        f.name: getattr(lead, f.name)
        for f in Lead._meta.concrete_fields
        if f.name not in ("id", "category_corrected_by", "category_corrected_at")
    }
    return {**fields, **changes}


def test_without_a_model_or_a_message_the_rules_decide():
    assert learned.decide(None, "我们正在招聘工程师").category == "recruitment"
    assert learned.decide(None, "", "某某电视台").category == "media"
