import pytest


@pytest.fixture(autouse=True)
def _fast_hashing(fast_password_hashing):
    pass
