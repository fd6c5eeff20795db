"""A real Celery worker and beat scheduler on a real Redis deliver a reminder: the beat task
sends it as a notification (the row, and `notification.new` on a real socket of a real
Daphne), and the worker e-mails it (Django's file backend, in another process)."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from channels.db import database_sync_to_async

from tests.system.conftest import ServerProcess, server_environment

pytestmark = [pytest.mark.django_db(transaction=True)]


class CeleryProcess(ServerProcess):
    """`celery -A config worker` or `beat`; ready when its log says so."""

    def __init__(self, role: str, log_dir: Path, env: dict[str, str]) -> None:
        self.name = f"celery-{role}"
        super().__init__(0, log_dir)
        self.role, self.env = role, env

    def command(self) -> list[str]:
        extra = ["--concurrency=1", "--without-mingle", "--without-gossip"] if self.role == "worker" else []
        return [sys.executable, "-m", "celery", "-A", "config", self.role, "--loglevel=INFO", *extra]

    def environment(self) -> dict[str, str]:
        return self.env

    def ready(self) -> bool:
        text = self.output() if self.log_path.exists() else ""
        return ("ready." in text) if self.role == "worker" else ("beat: Starting" in text)


async def test_a_real_worker_and_beat_deliver_a_reminder(redis_server, start_daphne, ws_client, api_token, server_logs):
    from django.utils import timezone

    from accounts.models import User
    from notifications import services
    from notifications.inbox import inbox_room
    from notifications.models import Notification, ScheduledReminder

    mail_dir = server_logs / "mail"
    mail_dir.mkdir()
    common = {"REDIS_URL": redis_server.url, "CELERY_TASK_ALWAYS_EAGER": "0"}
    daphne = start_daphne(common)
    env = server_environment(
        {
            **common,
            "REMINDER_INTERVAL_SECONDS": "1",
            "CELERY_BEAT_SCHEDULE_FILENAME": str(server_logs / "celerybeat"),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        }
    )
    processes = [CeleryProcess("worker", server_logs, env), CeleryProcess("beat", server_logs, env)]
    try:
        for process in processes:
            process.start()

        def setup():
            alice = User.objects.create_user(username="alice", password="pw", email="alice@example.org")
            services.set_email_preference(alice, "general", True)
            return alice, inbox_room(alice).slug

        alice, slug = await database_sync_to_async(setup)()
        token = await api_token(alice)
        async with ws_client(daphne, token=token) as client:
            await client.ok("room.join", room=slug)
            await database_sync_to_async(services.schedule_reminder)(
                alice,
                key="session:1:start",
                due_at=timezone.now() - timedelta(seconds=1),
                kind="general",
                title_zh="会议五分钟后开始",
                title_en="Your session starts in 5 minutes",
                url="/sessions/1/",
            )
            frame = await client.expect("notification.new", timeout=30)
            assert frame["notification"]["title_en"] == "Your session starts in 5 minutes"
            assert frame["unread"] == 1

        def stored():
            reminder = ScheduledReminder.objects.get()
            return reminder.sent_at is not None, Notification.objects.filter(recipient=alice).count()

        assert await database_sync_to_async(stored)() == (True, 1)
        for _ in range(150):  # the worker e-mails after the beat task's commit: up to 30 s
            if list(mail_dir.iterdir()):
                break
            await asyncio.sleep(0.2)
        [message] = [p.read_text() for p in mail_dir.iterdir()]
        assert "alice@example.org" in message and "/sessions/1/" in message
    except BaseException:
        for process in processes:
            print(f"----- {process.name} -----\n{process.output()}", file=sys.stderr)
        raise
    finally:
        for process in processes:
            process.stop()
