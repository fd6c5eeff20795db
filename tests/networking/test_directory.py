"""The attendee directory: only people who opted in, filtered by field of interest (its
subfields included), country/region, language and organisation, paged; each shown as their
visibility allows; a filter never matches on a hidden field; blocked people and deleted
accounts are gone; the same over the API."""

from __future__ import annotations

import pytest

from accounts.services import delete_account
from live.errors import LiveError
from networking import directory, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(person, listed):
    viewer = person("viewer")
    wang = person("wang")
    listed(
        wang,
        display_name="王工",
        display_name_en="Wang",
        organisation="深圳芯片研究院",
        organisation_en="Shenzhen Chip Institute",
        title="总工程师",
        country="CN",
        languages=["zh", "en"],
        interests=["integrated-circuits"],
    )
    smith = person("smith")
    listed(
        smith,
        display_name="Smith",
        organisation="Oxford Biotech",
        country="GB",
        languages=["en"],
        interests=["drug-discovery"],
        # Smith lists himself but keeps his country to himself.
        visibility={"country": "nobody", "organisation": "public"},
    )
    hidden = person("hidden")  # never opted in
    listed(hidden, country="CN", interests=["integrated-circuits"], listed_in_directory=False)
    return viewer, wang, smith, hidden


def ids(result):
    return sorted(entry["id"] for entry in result["results"])


def test_only_listed_people_appear(people):
    viewer, wang, smith, hidden = people
    everyone = directory.search(viewer)
    assert ids(everyone) == sorted([wang.pk, smith.pk]) and everyone["count"] == 2
    with pytest.raises(LiveError):
        directory.person_card(viewer, hidden.pk)


def test_filters(people):
    viewer, wang, smith, _hidden = people
    assert ids(directory.search(viewer, interest="integrated-circuits")) == [wang.pk]
    # A field includes its subfields.
    assert ids(directory.search(viewer, interest="information-technology")) == [wang.pk]
    assert ids(directory.search(viewer, interest="biomedicine")) == [smith.pk]
    assert ids(directory.search(viewer, language="zh")) == [wang.pk]
    assert ids(directory.search(viewer, language="en")) == sorted([wang.pk, smith.pk])
    assert ids(directory.search(viewer, organisation="chip")) == [wang.pk]
    assert ids(directory.search(viewer, organisation="芯片")) == [wang.pk]
    assert ids(directory.search(viewer, q="王")) == [wang.pk]
    assert ids(directory.search(viewer, country="cn")) == [wang.pk]


def test_a_hidden_field_neither_shows_nor_matches(people):
    viewer, _wang, smith, _hidden = people
    # Smith's country is GB but only he may see it: filtering by it must not find him.
    assert directory.search(viewer, country="GB")["count"] == 0
    entry = directory.person_card(viewer, smith.pk)
    assert entry["country"] == "" and entry["organisation"] == "Oxford Biotech"
    assert ("GB", "GB") not in directory.filter_choices()["countries"]


def test_pages(person, listed, monkeypatch):
    monkeypatch.setattr(directory, "PAGE_SIZE", 2)
    viewer = person("viewer")
    for n in range(5):
        listed(person(f"p{n}"), display_name=f"P{n}")
    first, last = directory.search(viewer), directory.search(viewer, page=3)
    assert first["count"] == 5 and first["pages"] == 3 and len(first["results"]) == 2
    assert len(last["results"]) == 1
    assert directory.search(viewer, page=9)["results"] == []


def test_blocked_and_deleted_people_are_gone(people):
    viewer, wang, smith, _hidden = people
    services.block_person(smith, viewer.pk)  # blocked by him: he vanishes for the viewer
    assert ids(directory.search(viewer)) == [wang.pk]
    assert ids(directory.search(smith)) == [wang.pk]  # and the viewer for him
    delete_account(wang, check_password=False)
    assert directory.search(viewer)["count"] == 0


def test_the_api_shows_the_same(client, people):
    viewer, wang, smith, hidden = people
    client.force_login(viewer)
    answer = client.get("/api/networking/directory?interest=integrated-circuits").json()
    assert [e["id"] for e in answer["results"]] == [wang.pk]
    assert answer["results"][0]["interests"] and "interest_slugs" in answer["results"][0]
    assert client.get(f"/api/networking/people/{hidden.pk}").status_code == 404
    smith_entry = client.get(f"/api/networking/people/{smith.pk}").json()
    assert smith_entry["country"] == ""
    assert client.get("/api/networking/directory?country=GB").json()["count"] == 0
