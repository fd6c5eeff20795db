from __future__ import annotations

import pytest

# matchmaking's organisations and people, for the wiring tests (test_matchmaking.py)
from tests.matchmaking.conftest import organisation, person, world  # noqa: F401
from tests.translation.libretranslate_double import LibreTranslateDouble


@pytest.fixture
def libretranslate():
    server = LibreTranslateDouble().start()
    yield server
    server.stop()


@pytest.fixture
def backend(libretranslate, settings):
    """The site configured with the double as its translation service."""
    settings.TRANSLATION_URL = libretranslate.url
    settings.TRANSLATION_API_KEY = ""
    settings.TRANSLATION_TIMEOUT = 2.0
    return libretranslate


@pytest.fixture
def no_backend(settings):
    settings.TRANSLATION_URL = ""
