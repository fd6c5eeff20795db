"""The exhibition pages as the server renders them (no browser): the list-and-map view with
its filters in both languages, the hall page's booth list, the booth page's text
alternative read from the scene descriptor, and the 404s."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command

from accounts.models import Organisation
from halls import services
from halls.models import Booth, Hall

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall() -> Hall:
    call_command("load_demo_exhibition", not_production=True, verbosity=0)
    return Hall.objects.get()


def booth_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'class="booth-item" data-booth-id="(\d+)"', html)]


def live(hall: Hall):
    return Booth.objects.filter(zone__hall=hall, status=Booth.Status.LIVE)


def test_exhibition_index_goes_to_the_only_hall(client, hall):
    response = client.get("/exhibition/")
    assert response.status_code == 302 and response["Location"] == f"/exhibition/{hall.slug}/"


def test_list_view_every_booth_in_street_order_with_a_map(client, hall):
    response = client.get(f"/exhibition/{hall.slug}/list/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    ids = booth_ids(html)
    assert sorted(ids) == sorted(live(hall).values_list("pk", flat=True)) and len(ids) == 62
    assert html.count('class="map-booth') == 62
    # Zones in order, each booth's English name, the Chinese one beside it.
    codes = re.findall(r'<h3 id="zone-\d+"><span class="zone-code">(\w)</span>', html)
    assert codes == list("ABCDEFGH")
    booth = live(hall).get(number="A-01")
    assert booth.name_en in html and booth.name in html


def test_list_filters_by_zone_board_and_name(client, hall):
    url = f"/exhibition/{hall.slug}/list/"
    zone = hall.zones.get(slug="overseas")
    assert sorted(booth_ids(client.get(url, {"zone": zone.pk}).content.decode())) == sorted(
        live(hall).filter(zone=zone).values_list("pk", flat=True)
    )
    board = hall.zones.get(slug="regional").boards.get(slug="northeast")
    html = client.get(url, {"board": board.pk}).content.decode()
    assert sorted(booth_ids(html)) == sorted(live(hall).filter(board=board).values_list("pk", flat=True))
    assert html.count('class="map-booth match"') == live(hall).filter(board=board).count()
    booth = live(hall).get(number="A-02")
    for query in (booth.name[:6], booth.name_en.split()[-1].upper(), "a-02"):
        assert booth.pk in booth_ids(client.get(url, {"q": query}).content.decode()), query
    # A zone and a board of another zone: nothing, said plainly.
    html = client.get(url, {"zone": zone.pk, "board": board.pk}).content.decode()
    assert booth_ids(html) == [] and 'id="no-match"' in html
    # Malformed ids are ignored rather than an error.
    assert len(booth_ids(client.get(url, {"zone": "x'1", "board": "-3"}).content.decode())) == 62


def test_list_in_chinese(client, hall):
    client.cookies["django_language"] = "zh-hans"
    html = client.get(f"/exhibition/{hall.slug}/list/").content.decode()
    assert "按专区与板块浏览展位" in html and "筛选" in html and "62 个展位" in html
    assert hall.zones.get(slug="most").name in html


def test_hall_page_lists_booths_as_links_and_configures_the_walk(client, hall):
    html = client.get(f"/exhibition/{hall.slug}/").content.decode()
    links = re.findall(r'<a href="/exhibition/booths/(\d+)/" data-booth-id="\1"', html)
    assert len(links) == 62
    assert f"/exhibition/scenes/hall/{hall.slug}.json" in html
    assert f"/exhibition/{hall.slug}/list/" in html
    assert '"booth_url": "/exhibition/booths/{id}/"' in html


def test_booth_page_describes_the_scene_in_text(client, hall):
    booth = live(hall).get(number="A-04")  # a pavilion: 3 screens, 6 posters, 2 ads
    response = client.get(f"/exhibition/booths/{booth.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<li data-screen="') == 3
    assert len(re.findall(r"Poster \d: empty", html)) == 6
    assert len(re.findall(r"Ad board \d: empty", html)) == 2
    stops = re.search(r'<ol id="about-stops">(.*?)</ol>', html, re.S).group(1)
    assert stops.count("<li>") >= 3 and booth.name_en in stops
    assert f'"room": "{booth.room.slug}"' in html
    assert 'id="contact-consent"' in html and "checked" not in html.split('id="contact-consent"')[1][:40]


def test_pages_404(client, hall):
    organisation = Organisation.objects.create(name="草稿单位")
    draft = services.create_booth(organisation=organisation, zone=hall.zones.first(), name="草稿展位")
    for path in (
        f"/exhibition/booths/{draft.pk}/",
        "/exhibition/booths/999999/",
        "/exhibition/nope/",
        "/exhibition/nope/list/",
    ):
        assert client.get(path).status_code == 404, path


def test_booth_page_in_chinese(client, hall):
    booth = live(hall).get(number="A-04")
    client.cookies["django_language"] = "zh-hans"
    html = client.get(f"/exhibition/booths/{booth.pk}/").content.decode()
    assert "语音导览" in html and "留下联系方式" in html and "预约视频通话" in html
    assert booth.name in html and "屏幕 1：暂无视频" in html
    config = json.loads(re.search(r'<script id="booth-config" type="application/json">(.*?)</script>', html).group(1))
    assert config["lang"] == "zh" and config["strings"]["connected"] == "已连接"
