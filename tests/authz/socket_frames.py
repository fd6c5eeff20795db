"""One frame per socket command (live.registry.COMMANDS), addressed to the world's stage
room or to ids that exist for no one, so that what differs between roles is the right,
not the input. `{target}` is a user of no role (the one moderators would mute or ban)."""

from __future__ import annotations

from typing import Any

NO_ID = 999_999
NO_CALL = "0" * 32
SDP = "v=0\r\n"


def frames(room: str, target: int) -> dict[str, dict[str, Any]]:
    r = {"room": room}
    return {
        "auth": {"token": "pv_not-a-token"},
        "ping": {},
        "room.join": r,
        "room.history": {**r, "after_seq": 0},
        "chat.send": {**r, "text": "hello"},
        "chat.delete": {**r, "message_id": NO_ID},
        "chat.react": {**r, "message_id": NO_ID, "emoji": "👍"},
        "qa.ask": {**r, "text": "a question?"},
        "qa.upvote": {**r, "question_id": NO_ID},
        "qa.moderate": {**r, "question_id": NO_ID, "action": "approve"},
        "poll.create": {**r, "question": "Q", "options": ["a", "b"]},
        "poll.open": {**r, "poll_id": NO_ID},
        "poll.close": {**r, "poll_id": NO_ID},
        "poll.vote": {**r, "poll_id": NO_ID, "option_id": NO_ID},
        "mod.mute": {**r, "user_id": target, "minutes": 1},
        "mod.unmute": {**r, "user_id": target},
        "mod.ban": {**r, "user_id": target},
        "mod.unban": {**r, "user_id": target},
        "mod.slow_mode": {**r, "seconds": 0},
        "mod.lock": {**r, "locked": False},
        "mod.word_filter": {**r, "words": []},
        "mod.audit_log": r,
        "stage.get": r,
        "stage.set_state": {**r, "state": "scheduled"},
        "stage.react": {**r, "emoji": "👍"},
        "stage.source": {**r, "source": "speaker"},
        "stage.pin_job": {**r, "job_id": NO_ID},
        "stage.unpin_job": {**r, "job_id": NO_ID},
        "stage.apply_job": {**r, "job_id": NO_ID},
        "stage.job_applications": r,
        "roadshow.go": {**r, "pitch_id": NO_ID},
        "roadshow.seen": {**r, "pitch_id": NO_ID},
        "rtc.publish": {**r, "sdp": SDP},
        "rtc.ice": {**r, "peer_id": "nobody", "candidate": ""},
        "rtc.subscribe": {**r, "publisher_id": "nobody"},
        "rtc.language": {**r, "peer_id": "nobody", "language": "en"},
        "rtc.answer": {**r, "peer_id": "nobody", "sdp": SDP},
        "rtc.unpublish": {**r, "publisher_id": "nobody"},
        "rtc.leave": {**r, "peer_id": "nobody"},
        "notification.mark_read": {**r, "id": NO_ID},
        "notification.mark_all_read": r,
        "call.request": {"to_user_ids": [target]},
        "call.accept": {"call_id": NO_CALL},
        "call.decline": {"call_id": NO_CALL},
        "call.cancel": {"call_id": NO_CALL},
        "call.hangup": {"call_id": NO_CALL},
        "call.invite": {"call_id": NO_CALL, "user_id": target},
        "call.signal": {"call_id": NO_CALL, "to_user_id": target, "data": {"type": "offer", "sdp": SDP}},
        "meeting.join": {"meeting_id": NO_ID},
        "room.leave": r,  # last: the socket leaves the room
    }
