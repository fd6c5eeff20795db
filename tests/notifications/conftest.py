import pytest

from notifications.kinds import KINDS, register_kind


@pytest.fixture(autouse=True)
def test_kinds():
    """Two kinds for the tests: one e-mailed by default, one not."""
    saved = dict(KINDS)
    register_kind("test.mailed", label_zh="测试邮件", label_en="Test mailed", email_default=True)
    register_kind("test.quiet", label_zh="测试安静", label_en="Test quiet", email_default=False)
    yield
    KINDS.clear()
    KINDS.update(saved)
