"""Recommendations through search.textmatch: the fitting posting / organisation first, with reasons."""

from __future__ import annotations

import pytest

from accounts.models import Interest
from matchmaking import recommend
from matchmaking.services import postings, profiles

pytestmark = pytest.mark.django_db


def test_postings_and_organisations_that_fit(world, person, organisation):
    battery = Interest.objects.create(slug="battery-tech", name="电池技术", name_en="Battery technology")
    Interest.objects.create(slug="pharma", name="生物医药", name_en="Biomedicine")
    need = postings.create_posting(
        user=world.poster_staff,
        kind="project_cooperation",
        subkind="technology_need",
        title="固态电池电解质技术需求",
        body="寻找固态电池电解质与储能方面的合作伙伴",
        fields=["battery-tech"],
        languages=["zh", "en"],
        publish=True,
    )
    other_admin = person("pharma_admin")
    pharma = organisation("生物制药公司", admin=other_admin)
    postings.create_posting(
        user=other_admin, kind="talent_demand", title="招聘药物化学家", body="新药研发", fields=["pharma"], publish=True
    )
    postings.create_posting(
        user=world.responder_admin,
        kind="project_cooperation",
        subkind="technology_offer",
        title="Solid-state battery electrolyte technology",
        body="Our lab offers solid-state battery electrolytes for energy storage.",
        fields=["battery-tech"],
        languages=["en"],
        publish=True,
    )
    profiles.update_profile(
        organisation=world.responder, user=world.responder_admin, introduction_en="Battery research lab"
    )
    ranked = recommend.organisations_for(need, limit=5)
    assert ranked[0]["organisation"]["id"] == world.responder.pk
    assert pharma.pk not in [r["organisation"]["id"] for r in ranked[:1]]
    reasons = " ".join(r["en"] for r in ranked[0]["reasons"])
    assert "Battery technology" in reasons and "en" in reasons
    fits = recommend.postings_for(world.responder, limit=5)
    assert fits[0]["posting"]["id"] == need.pk
    assert battery.name in fits[0]["reasons"][0]["zh"]
