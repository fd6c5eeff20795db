"""Every reply is typed: each command declares its ack model, errors carry only the extras
their code declares, error codes are registered by the app that owns them, and every frame
the server builds is validated against its model (in tests and with DEBUG)."""

import pytest
from django.test import override_settings
from pydantic import ValidationError

from live import protocol
from live.errors import LiveError
from live.protocol_docs import render
from live.registry import COMMANDS, ERROR_CODES

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_command_declares_an_ack_model():
    for name, command in COMMANDS.items():
        assert issubclass(command.ack, protocol.AckFields), name
        assert command.ack.model_config.get("extra") == "forbid", name


def test_acks_and_errors_refuse_fields_their_model_does_not_declare():
    with pytest.raises(ValidationError):
        protocol.ChatSendAck.build(message_id=1, seq=1, duplicate=False, extra=1)
    with pytest.raises(ValueError, match="fits no command"):
        protocol.validate_server_frame({"type": "ack", "ref": 1, "anything": True})
    with pytest.raises(ValidationError):
        protocol.validate_server_frame({"type": "ack", "ref": 1, "message_id": 1}, reply_to="chat.send")
    with pytest.raises(ValidationError):
        protocol.Error.build(ref=1, code="not_found", message="x", colour="red")


def test_an_error_carries_only_the_extras_its_code_declares():
    assert protocol.Error.build(ref=1, code="rate_limited", message="x", retry_after=0.5).retry_after == 0.5
    with pytest.raises(ValidationError, match="declared"):
        protocol.Error.build(ref=1, code="rate_limited", message="x", until="2026-01-01T00:00:00")
    with pytest.raises(ValidationError, match="unregistered"):
        protocol.Error.build(ref=1, code="no_such_code", message="x")


def test_apps_register_their_own_error_codes():
    # live knows only generic codes; the stage's limits are streams'.
    assert "publisher_limit" not in {code.value for code in protocol.ErrorCode}
    assert ERROR_CODES["publisher_limit"].app == "streams"
    assert ERROR_CODES["viewer_limit"].extras == ("limit",)
    assert ERROR_CODES["not_joined"].app == "live"


def test_join_state_is_validated():
    with pytest.raises(ValidationError):
        protocol.JoinState.build(seq=1)


def test_without_validation_frames_are_taken_as_built():
    # Production (DEBUG off): no validation cost, the same bytes.
    with override_settings(LIVE={"VALIDATE_FRAMES": False}):
        assert not protocol.validating()
        frame = protocol.Error.build(ref=1, code="no_such_code", message="x")
    assert protocol.frame_data(frame) == {"type": "error", "ref": 1, "code": "no_such_code", "message": "x"}


def test_docs_list_every_acks_fields_and_every_apps_error_codes():
    text = render()
    for command in COMMANDS.values():
        for field in command.ack.model_fields:
            assert f"`{field}`" in text, (command.name, field)
    assert "Ack (`ChatSendAck`)" in text
    for info in ERROR_CODES.values():
        assert f"| `{info.code}` | {info.description} |" in text
    assert "### streams" in text


async def test_a_handler_answering_with_the_wrong_model_is_a_server_error(connect, make_user, room, monkeypatch):
    from live.handlers import session

    async def wrong(conn, frame, joined):
        return protocol.ChatDeleteAck.build(seq=1)

    command = COMMANDS["ping"]
    monkeypatch.setitem(COMMANDS, "ping", type(command)(**{**command.__dict__, "handler": wrong}))
    client = await connect()
    answer = await client.request("ping")
    assert answer["type"] == "error" and answer["code"] == "server_error"
    monkeypatch.setitem(COMMANDS, "ping", command)
    assert (await client.ok("ping"))["time"]
    assert session.ping is command.handler


async def test_a_handler_error_with_an_undeclared_extra_is_a_server_error(connect, monkeypatch):
    async def refusing(conn, frame, joined):
        raise LiveError(protocol.ErrorCode.FORBIDDEN, "no", retry_after=3)

    command = COMMANDS["ping"]
    monkeypatch.setitem(COMMANDS, "ping", type(command)(**{**command.__dict__, "handler": refusing}))
    client = await connect()
    answer = await client.request("ping")
    assert answer["type"] == "error" and answer["code"] == "server_error"
    monkeypatch.setitem(COMMANDS, "ping", command)
    await client.ok("ping")


def test_frame_coverage_is_checked_only_when_the_whole_suite_runs():
    from tests import frame_coverage

    tests_dir = str(frame_coverage.TESTS_DIR)
    assert frame_coverage.enforced([tests_dir], "", None, "")
    assert frame_coverage.enforced([], "", None, "not e2e")
    assert not frame_coverage.enforced([tests_dir + "/live"], "", None, "")
    assert not frame_coverage.enforced([tests_dir], "chat", None, "")
    assert not frame_coverage.enforced([tests_dir], "", [tests_dir + "/live/test_chat.py::x"], "")
    assert not frame_coverage.enforced([tests_dir], "", None, "e2e")


def test_frame_coverage_names_what_no_test_received():
    from tests import frame_coverage

    frames, acks = frame_coverage.missing(set(), set())
    assert "chat.message" in frames and "ChatSendAck" in acks
    assert "access.recheck" not in frames  # never sent to a client
    everything = set(protocol.SERVER_FRAMES)
    all_acks = {command.ack.__name__ for command in COMMANDS.values()}
    assert frame_coverage.missing(everything, all_acks) == ([], [])


async def test_hello_lists_the_sequenced_event_types_the_apps_registered(connect):
    client = await connect()
    sequenced = client.hello["sequenced"]
    assert sequenced == [protocol.frame_type(model) for model in protocol.SEQUENCED_EVENTS]
    assert {"chat.message", "room.updated", "stage.state", "stage.jobs", "lead.new"} <= set(sequenced)
    assert "presence" not in sequenced


async def test_emitters_build_frames_from_their_models():
    from live.fanout import encode

    with pytest.raises(TypeError, match="from their model"):
        encode({"type": "presence", "room": "x"})
    frame = protocol.ModNoticeFrame.build(room="r", action="muted", reason="", until=None)
    # The bytes as before the models: field order and compact separators kept.
    assert encode(frame) == '{"type":"mod.notice","room":"r","action":"muted","reason":"","until":null}'


async def test_audit_log_answers_with_the_moderators_actions(connect, make_user, room):
    mod_user, alice = await make_user("mod", is_staff=True), await make_user("alice")
    mod = await connect(mod_user)
    await mod.ok("room.join", room=room.slug)
    await mod.ok("mod.mute", room=room.slug, user_id=alice.pk, minutes=5, reason="spam")
    answer = await mod.ok("mod.audit_log", room=room.slug, limit=10)
    (entry,) = answer["actions"]
    assert entry["action"] == "mod.mute" and entry["actor"]["id"] == mod_user.pk
    assert entry["target_user"]["id"] == alice.pk and entry["details"] == {"minutes": 5, "reason": "spam"}


def test_frame_coverage_adds_up_the_passes_of_make_test(tmp_path):
    from tests import frame_coverage

    log = tmp_path / "frames-seen.txt"
    everything = sorted(set(protocol.SERVER_FRAMES) | {command.ack.__name__ for command in COMMANDS.values()})
    half = len(everything) // 2
    log.write_text("\n".join(everything[:half]) + "\n")
    problem = frame_coverage.check_log(str(log))
    assert problem is not None and everything[-1] in problem
    with log.open("a") as out:  # the other pass appends what it saw
        out.write("\n".join(everything[half:]) + "\n")
    assert frame_coverage.check_log(str(log)) is None
