"""Baseline "channels group_send": what most Channels projects do for a chat room.

Every socket joins one group on connect; every received text is `group_send` to the group,
and each member forwards the text to its socket. Served by Daphne:

    DJANGO_SETTINGS_MODULE=bench.baselines.channels_settings REDIS_URL=redis://127.0.0.1:6379/2 \\
        python -m daphne -b 127.0.0.1 -p 8001 bench.baselines.channels_app:application
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.baselines.channels_settings")
django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

GROUP = "bench"


class BroadcastConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is not None:
            await self.channel_layer.group_send(GROUP, {"type": "bench.message", "text": text_data})

    async def bench_message(self, event: dict) -> None:
        await self.send(text_data=event["text"])


application = ProtocolTypeRouter({"websocket": URLRouter([path("ws/", BroadcastConsumer.as_asgi())])})
