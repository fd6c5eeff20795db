"""ASGI entry point: HTTP through Django, WebSockets at /ws/ through the live rooms."""

import gc
import os

from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
try:
    django_asgi_app = get_asgi_application()
except ImproperlyConfigured as error:
    # A missing production setting (config/settings.py says which): the server does not start.
    raise SystemExit(f"Pavilion is not configured: {error}") from None

from channels.routing import ProtocolTypeRouter, URLRouter
from django.urls import path

from accounts.upload_guard import UploadGuardMiddleware
from config import daphne_guard
from config.health import HealthEndpoints
from live.auth import LiveAuthMiddleware
from live.consumers import LiveConsumer

# Request bodies are judged (size, and the right to upload) before they are read: in Daphne
# as soon as it has the headers, and around Django for any server (accounts/upload_guard.py).
daphne_guard.install()

application = ProtocolTypeRouter(
    {
        # /healthz, /readyz, /metrics are answered before Django (config/health.py).
        "http": HealthEndpoints(UploadGuardMiddleware(django_asgi_app)),
        "websocket": LiveAuthMiddleware(URLRouter([path("ws/", LiveConsumer.as_asgi())])),
    }
)

# Everything loaded so far (Django, the apps, their modules: ~10⁶ objects) lives as long as
# the process: moved out of the collector's generations, so that the full collections a
# join storm's allocations trigger do not walk it again each time (gc.freeze).
gc.freeze()
gc.set_threshold(100_000, 20, 20)
