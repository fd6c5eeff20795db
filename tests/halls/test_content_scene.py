"""The booth scene shows the booth's real content, and its ETag changes when the content does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from halls.content import services
from halls.content.models import BoothAd
from tests import media

pytestmark = pytest.mark.django_db

MP4 = media.mp4()  # a real one: uploads are decoded


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def scene(client, booth):
    response = client.get(reverse("api:scene-booth", args=[booth.pk]))
    assert response.status_code == 200
    return response, response.json()


def named(data, name):
    return next(o for o in data["object"]["children"] if o.get("name") == name)


def test_screens_posters_ads_and_hotspots_reference_the_content(client, booth_b, staff_b, files):
    add = lambda kind, data, upload=None: services.create_item(  # noqa: E731
        booth=booth_b, user=staff_b, kind=kind, data=data, files=upload or {}
    )
    video = add(
        "videos",
        {"title": "宣传片", "title_en": "Film"},
        {"file": files.upload("v.mp4", MP4), "poster": files.upload("p.png", files.PNG)},
    )
    poster = add("posters", {"title": "展板"}, {"image": files.upload("p.png", files.PNG)})
    ad = add("ads", {"title": "广告"}, {"file": files.upload("a.png", files.PNG)})
    add("documents", {"title": "手册"}, {"file": files.upload("d.pdf", files.PDF)})
    second = add("commentary", {"text": "第二站", "x": 1, "z": 0, "target": f"booth:{booth_b.pk}:poster:0"})
    first = add(
        "commentary",
        {"text": "第一站", "text_en": "First", "x": 0, "z": 1, "look_at_x": 0, "look_at_y": 1.5, "look_at_z": -2},
    )
    services.reorder_items(booth=booth_b, user=staff_b, kind="commentary", ids=[first.pk, second.pk])

    _, data = scene(client, booth_b)
    prefix = f"booth:{booth_b.pk}"
    screen = named(data, f"{prefix}:screen:0")["userData"]["media"]
    assert screen["id"] == f"video:{video.pk}" and screen["source"] == "content"
    assert screen["url"] == reverse("halls:media", args=[video.file.name]) and screen["content_type"] == "video/mp4"
    assert screen["poster"] == reverse("halls:media", args=[video.poster.name])
    assert screen["title"] == {"zh": "宣传片", "en": "Film"}
    assert named(data, f"{prefix}:poster:0")["userData"]["media"]["id"] == f"poster:{poster.pk}"
    assert named(data, f"{prefix}:poster:1")["userData"]["media"]["kind"] == "placeholder"  # one poster only
    ad_board = named(data, f"{prefix}:ad:0")["userData"]
    assert ad_board["media"]["id"] == f"ad:{ad.pk}" and ad_board["schedule"] == [{"starts_at": None, "ends_at": None}]
    assert [d["title"]["zh"] for d in data["object"]["userData"]["documents"]] == ["手册"]

    hotspots = [named(data, f"hotspot:{n}")["userData"] for n in range(2)]
    assert [h["text"]["zh"] for h in hotspots] == ["第一站", "第二站"]
    assert hotspots[0]["lookAt"] == [0.0, 1.5, -2.0] and hotspots[0]["default"] is False
    assert hotspots[1]["target"] == f"{prefix}:poster:0"
    assert named(data, "hotspot:0")["position"] == [0.0, 0.03, 1.0]  # at the stop's point
    assert data["object"]["userData"]["hotspots"] == 2


def test_the_etag_changes_with_the_content(client, booth_b, staff_b, files):
    first, _ = scene(client, booth_b)
    poster = services.create_item(
        booth=booth_b,
        user=staff_b,
        kind="posters",
        data={"title": "一"},
        files={"image": files.upload("p.png", files.PNG)},
    )
    second, _ = scene(client, booth_b)
    assert second["ETag"] != first["ETag"]
    assert (
        client.get(reverse("api:scene-booth", args=[booth_b.pk]), headers={"If-None-Match": first["ETag"]}).status_code
        == 200
    )

    services.update_item(item=poster, user=staff_b, data={"title_en": "One"})
    third, data = scene(client, booth_b)
    assert third["ETag"] != second["ETag"]
    assert named(data, f"booth:{booth_b.pk}:poster:0")["userData"]["media"]["title"]["en"] == "One"
    unchanged, _ = scene(client, booth_b)
    assert unchanged["ETag"] == third["ETag"]


def test_an_ad_ending_changes_the_scene(client, booth_b, staff_b, files):
    ad = services.create_item(
        booth=booth_b,
        user=staff_b,
        kind="ads",
        data={"title": "限时"},
        files={"file": files.upload("a.png", files.PNG)},
    )
    running, data = scene(client, booth_b)
    assert named(data, f"booth:{booth_b.pk}:ad:0")["userData"]["media"]["id"] == f"ad:{ad.pk}"
    # The schedule passes (moved into the past rather than waiting): the placeholder is back.
    BoothAd.objects.filter(pk=ad.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    ended, data = scene(client, booth_b)
    assert ended["ETag"] != running["ETag"]
    assert named(data, f"booth:{booth_b.pk}:ad:0")["userData"]["media"]["kind"] == "placeholder"
