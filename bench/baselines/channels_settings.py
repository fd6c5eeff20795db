"""Minimal Django settings for the `group_send` baseline: Channels and channels-redis only.

The channel layer is configured as most Channels projects do: RedisChannelLayer with its
default capacity (100 messages per channel key) unless BENCH_GROUP_CAPACITY says otherwise.
"""

import os

SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["channels"]
DATABASES = {}
USE_TZ = True
ASGI_APPLICATION = "bench.baselines.channels_app.application"

# Two redis-py 8 defaults that a working Channels project has to override, and so does the
# baseline: socket_timeout is 5 s, which is also channels-redis' BZPOPMIN timeout, so an idle
# consumer's receive raises TimeoutError and its socket is closed (django/channels_redis#422);
# and a connection pool of at most 100 that raises MaxConnectionsError instead of waiting,
# which fails group_add for part of a join storm.
_timeout = os.environ.get("BENCH_REDIS_SOCKET_TIMEOUT", "none")
_host = {
    "address": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2"),
    "socket_timeout": None if _timeout == "none" else float(_timeout),
    "max_connections": int(os.environ.get("BENCH_REDIS_MAX_CONNECTIONS", "1000")),
}
_config: dict = {"hosts": [_host]}
if os.environ.get("BENCH_GROUP_CAPACITY"):
    _config["capacity"] = int(os.environ["BENCH_GROUP_CAPACITY"])
CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": _config}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # channels-redis only logs dropped (over capacity) group messages at INFO: keep them
    # visible so that the benchmark can count them in the server log.
    "loggers": {"channels_redis": {"level": "INFO"}},
}
