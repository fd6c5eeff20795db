"""The Celery app: notification e-mails, reminders (beat), and other apps' background work.

Settings are Django's with the CELERY_ prefix (config/settings.py). Tasks are found in each
installed app's tasks.py. Run a worker with `celery -A config worker`, the scheduler with
`celery -A config beat` (docs/operations.md: which broker, and what `make run` starts).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("pavilion")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
