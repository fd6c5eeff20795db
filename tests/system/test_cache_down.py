"""A cache error is a cache miss (issue 11, item 8): with the site's Redis cache settings
(config.settings.redis_cache) and our own redis-server stopped, the hall's scene is still
served (built again), and every cache call answers as a miss, logged, never raising."""

from __future__ import annotations

import logging

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from config.settings import redis_cache
from halls.models import Hall

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache_settings(settings, redis_server):
    settings.CACHES = {"default": redis_cache(redis_server.url)}
    cache.clear()
    return redis_server


def test_the_hall_scene_is_served_while_redis_is_down(client, redis_cache_settings, caplog):
    Hall.objects.create(slug="down-hall", name="展厅", name_en="Hall")
    url = reverse("api:scene-hall", args=["down-hall"])
    first = client.get(url)
    assert first.status_code == 200
    stored = redis.Redis.from_url(redis_cache_settings.url).keys("*pavilion:scenes:hall:*")
    assert stored, "the scene was cached in Redis while it ran"

    redis_cache_settings.stop()
    with caplog.at_level(logging.ERROR, logger="pavilion.cache"):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert any(record.name == "pavilion.cache" for record in caplog.records), "the cache error is logged"


def test_every_cache_call_is_a_miss_while_redis_is_down(redis_cache_settings):
    cache.set("kept", 1)
    redis_cache_settings.stop()
    assert cache.get("kept") is None
    assert cache.get("kept", "default") == "default"
    assert cache.get_many(["kept", "other"]) == {}
    assert not cache.add("new", 1)
    assert cache.get_or_set("computed", lambda: 42) == 42
    cache.set("x", 1)
    cache.delete("x")
    assert not cache.has_key("kept")
    cache.incr("kept")  # answered as nothing rather than raised
