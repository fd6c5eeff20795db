"""Pavilion settings, read from the environment with embedded defaults; the parts are in
config/settings_parts/ (one module a concern), gathered here in the order they depend on.

DEBUG defaults to off (production): then a real SECRET_KEY is required, and the settings
refuse to load on the public development key. `make run` (and the test suite, through
tests/settings.py) set DEBUG=1: SQLite, the in-memory channel layer, the development key.
Production sets at least SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL; its checklist
is in docs/operations.md and `manage.py check --deploy` enforces it (accounts/checks.py,
streams/checks.py).
"""

# Star imports: every part's names become this module's, as Django reads them from
# DJANGO_SETTINGS_MODULE=config.settings (and tests/settings.py, `import config.settings`).
from config.settings_parts.base import *  # noqa: F403, I001
from config.settings_parts.data import *  # noqa: F403
from config.settings_parts.accounts import *  # noqa: F403
from config.settings_parts.streams import *  # noqa: F403
from config.settings_parts.operations import *  # noqa: F403
