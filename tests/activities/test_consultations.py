"""Expert consultations: the states follow the transition table (refusals out of order), the
sub-venue's organizers act on their cases only, the consultation is a meeting of the submitter
and the experts, documents are checked and seen by the participants only, both sides rate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Interest, Organisation, OrganisationMembership
from activities import consultations
from live.errors import LiveError
from tests import media
from tests.activities.helpers import user, venues


def refused(code: str, call, **kwargs) -> LiveError:
    with pytest.raises(LiveError) as error:
        call(**kwargs)
    assert error.value.code == code, error.value.message
    return error.value


@pytest.mark.django_db
def test_a_case_goes_from_submitted_to_closed_and_refuses_every_other_step():
    v = venues()
    field = Interest.objects.get_or_create(slug="biomed-test", defaults={"name": "生物医药", "name_en": "Biomed"})[0]
    company = Organisation.objects.create(name="成都药企")
    submitter = user("submitter")
    OrganisationMembership.objects.create(organisation=company, user=submitter, role="admin")
    expert, stranger = user("expert"), user("stranger")
    good = {
        "organisation_id": company.pk,
        "field": field.slug,
        "title": "缓释制剂工艺",
        "description": "需要优化缓释制剂的工艺。",
        "languages": ["zh", "en"],
        "confidentiality": "confidential",
        "subvenue": "sc",
    }
    refused("forbidden", consultations.submit, by=stranger, **good)
    refused("invalid_fields", consultations.submit, by=submitter, **{**good, "languages": ["xx"]})
    refused("invalid_fields", consultations.submit, by=submitter, **{**good, "field": "nothing"})
    case = consultations.submit(by=submitter, **good)
    assert case.state == "submitted"
    # the other sub-venue's organizer neither sees nor acts on it
    refused("not_found", consultations.match_experts, by=v.gd_organizer, case_id=case.pk, expert_ids=[expert.pk])
    refused("not_found", consultations.case_for, user=stranger, case_id=case.pk)
    refused("invalid_state", consultations.mark_held, by=v.sc_organizer, case_id=case.pk)
    refused("invalid_state", consultations.close, by=v.sc_organizer, case_id=case.pk, summary="x")
    consultations.match_experts(by=v.sc_organizer, case_id=case.pk, expert_ids=[expert.pk])
    start = timezone.now() + timedelta(days=3)
    case = consultations.schedule(by=v.sc_organizer, case_id=case.pk, slots=[(start, start + timedelta(hours=1))])
    assert case.state == "scheduled" and case.meeting.context["kind"] == "consultation"
    assert set(case.meeting.participants.values_list("user_id", flat=True)) == {submitter.pk, expert.pk}
    refused("invalid_state", consultations.rate, by=submitter, case_id=case.pk, score=5)
    document = consultations.add_document(
        by=submitter, case_id=case.pk, upload=SimpleUploadedFile("工艺.pdf", media.pdf())
    )
    assert document.content_type == "application/pdf"
    refused(
        "invalid_fields",
        consultations.add_document,
        by=submitter,
        case_id=case.pk,
        upload=SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>"),
    )
    # documents are shown to the participants only
    assert consultations.case_out(consultations.case_for(expert, case.pk), expert)["documents"][0]["name"] == "工艺.pdf"
    consultations.mark_held(by=v.sc_organizer, case_id=case.pk)
    refused("invalid_fields", consultations.close, by=v.sc_organizer, case_id=case.pk, summary="")
    consultations.close(by=v.sc_organizer, case_id=case.pk, summary="建议调整辅料比例。")
    consultations.rate(by=submitter, case_id=case.pk, score=5, comment="很有帮助")
    consultations.rate(by=expert, case_id=case.pk, score=4)
    refused("invalid_state", consultations.rate, by=expert, case_id=case.pk, score=4)
    refused("not_found", consultations.rate, by=stranger, case_id=case.pk, score=4)
    out = consultations.case_out(consultations.case_for(submitter, case.pk), submitter)
    assert out["state"] == "closed" and out["summary"] == "建议调整辅料比例。"
    assert [h["to"] for h in out["history"]] == ["submitted", "matched", "scheduled", "held", "closed"]
    assert sorted(r["side"] for r in out["ratings"]) == ["expert", "submitter"]
    refused("invalid_state", consultations.mark_held, by=v.organizer, case_id=case.pk)


@pytest.mark.django_db
def test_the_case_api_refuses_strangers_and_wrong_states():
    import json

    from django.test import Client

    v = venues()
    field = Interest.objects.get_or_create(slug="api-field", defaults={"name": "领域"})[0]
    company = Organisation.objects.create(name="公司")
    submitter = user("submitter")
    OrganisationMembership.objects.create(organisation=company, user=submitter, role="admin")

    def as_(person) -> Client:
        client = Client()
        client.force_login(person)
        return client

    body = {
        "organisation_id": company.pk,
        "field": field.slug,
        "title": "问题",
        "description": "说明",
        "languages": ["zh"],
        "confidentiality": "open",
        "subvenue": "gd",
    }
    created = as_(submitter).post("/api/activities/cases", json.dumps(body), content_type="application/json")
    assert created.status_code == 201 and created.json()["state"] == "submitted"
    case_id = created.json()["id"]
    assert as_(v.sc_organizer).get(f"/api/activities/cases/{case_id}").status_code == 404
    assert as_(submitter).get(f"/api/activities/cases/{case_id}").json()["states"][0] == "submitted"
    url = f"/api/activities/cases/{case_id}/transitions"
    wrong = as_(v.gd_organizer).post(url, json.dumps({"action": "hold"}), content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_state"
    mine = as_(submitter).post(url, json.dumps({"action": "hold"}), content_type="application/json")
    assert mine.status_code == 403
    expert = user("expert")
    matched = as_(v.gd_organizer).post(
        url, json.dumps({"action": "match", "expert_ids": [expert.pk]}), content_type="application/json"
    )
    assert matched.status_code == 200 and matched.json()["state"] == "matched"
