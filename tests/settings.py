"""Settings of the test suite: config.settings with the development defaults (DEBUG on, the
development SECRET_KEY), which production no longer gets without asking (DEBUG defaults off).

Set in the environment, not here, so that the servers the tests start (Daphne, scripts)
inherit it; pytest-django still runs each test with settings.DEBUG off, as before."""

import os

os.environ.setdefault("DEBUG", "1")
# Celery tasks run in the calling process, unless a test starts a real worker (it sets "0").
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

from config.settings import *  # noqa: F403
