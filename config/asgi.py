"""ASGI entry point: HTTP through Django, WebSockets at /ws/ through the live rooms."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from accounts.upload_guard import UploadGuardMiddleware  # noqa: E402
from config import daphne_guard  # noqa: E402
from live.auth import LiveAuthMiddleware  # noqa: E402
from live.consumers import LiveConsumer  # noqa: E402

# Request bodies are judged (size, and the right to upload) before they are read: in Daphne
# as soon as it has the headers, and around Django for any server (accounts/upload_guard.py).
daphne_guard.install()

application = ProtocolTypeRouter(
    {
        "http": UploadGuardMiddleware(django_asgi_app),
        "websocket": LiveAuthMiddleware(URLRouter([path("ws/", LiveConsumer.as_asgi())])),
    }
)
