"""GET /api/search: results and refusals in the one error shape (docs/api.md)."""

from __future__ import annotations

import pytest

from accounts.models import User
from search import services
from search.models import Audience

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs():
    from accounts.models import Organisation

    for n in range(1, 13):
        Organisation.objects.create(name=f"人才公司{n:02d}", name_en=f"Talent Company {n}")
    services.index_document("organisation", 999, title_zh="内部 人才", audience=Audience.STAFF)


def test_results_page_and_highlight(client, docs):
    body = client.get("/api/search", {"q": "人才", "kind": "organisation"}).json()
    assert body["total"] == 12 and body["pages"] == 2 and len(body["results"]) == 10
    assert "<mark>人才</mark>" in body["results"][0]["title_html"]
    assert body["counts"] == {"organisation": 12}
    second = client.get("/api/search", {"q": "人才", "page": 2}).json()
    assert len(second["results"]) == 2


def test_staff_documents_only_for_staff(client, docs):
    assert client.get("/api/search", {"q": "内部"}).json()["total"] == 0
    client.force_login(User.objects.create(username="boss", is_staff=True))
    assert client.get("/api/search", {"q": "内部"}).json()["total"] == 1


def test_english_interface_shows_english_titles(client, docs):
    body = client.get("/api/search", {"q": "talent company 3"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["results"][0]["title"] == "Talent Company 3"


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"q": ""}, 400, "q"),
        ({"q": "   !!! "}, 400, "q"),
        ({"q": "x" * 201}, 400, "q"),
        ({"q": "人才\x00"}, 400, "q"),
        ({"q": "人才\x1b[31m"}, 400, "q"),
        ({"q": "人才", "kind": "nope"}, 400, "kind"),
        ({"q": "人才", "page": 0}, 400, "page"),
        ({"q": "人才", "page": 101}, 400, "page"),
        ({"q": "人才", "page": 3}, 404, "page"),
        ({"q": "人才", "page": "two"}, 422, "page"),
    ],
)
def test_bad_input_gets_the_one_error_shape(client, docs, params, status, field):
    response = client.get("/api/search", params)
    assert response.status_code == status
    body = response.json()
    assert set(body) <= {"code", "message", "fields"} and body["code"] and body["message"]
    assert field in body["fields"]
