from pathlib import Path

from django.conf import settings

from live import protocol
from live.protocol_docs import render


def test_protocol_md_is_generated_from_the_module():
    on_disk = (Path(settings.BASE_DIR) / "docs" / "protocol.md").read_text(encoding="utf-8")
    assert on_disk == render(), "docs/protocol.md is stale: run `python manage.py protocol_docs`"


def test_docs_name_every_type_and_error_code():
    text = render()
    for name in [*protocol.CLIENT_FRAMES, *protocol.SERVER_FRAMES]:
        assert f"`{name}`" in text
    for code in protocol.ErrorCode:
        assert f"`{code.value}`" in text
    assert str(protocol.MAX_FRAME_BYTES) in text


def test_every_client_frame_has_a_handler():
    from live.registry import COMMANDS

    assert set(protocol.CLIENT_FRAMES) <= set(COMMANDS)
