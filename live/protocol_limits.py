"""The wire protocol's limits, generic error codes and close codes (defined here, imported
from live.protocol by everyone else)."""

from __future__ import annotations

from enum import StrEnum

from live.registry import register_error_codes

# --- Limits -------------------------------------------------------------------------

MAX_FRAME_BYTES = 16 * 1024
MAX_REF_LENGTH = 64
# Arrays/objects inside one frame; deeper frames are refused before they are parsed.
MAX_NESTING_DEPTH = 32
# Integers in frames (ids, counts) must fit a database BIGINT.
MAX_INT = 2**63 - 1
MAX_CHAT_LENGTH = 2000
MAX_QUESTION_LENGTH = 500
MAX_POLL_OPTIONS = 10
MAX_ROOMS_PER_CONNECTION = 20
JOIN_RECENT_MESSAGES = 50
RESUME_PAGE_SIZE = 500
HISTORY_PAGE_MAX = 500
# A page of events (join with since_seq, room.history) also stops at about this many bytes.
MAX_PAGE_BYTES = 256 * 1024
# Above this audience: presence without roster; reactions and upvotes as coalesced summaries.
LARGE_ROOM_THRESHOLD = 100
SUMMARY_INTERVAL_SECONDS = 1.0
# Token bucket per connection: sustained frames per second and burst.
CONNECTION_RATE = 10.0
CONNECTION_BURST = 30
# Token bucket per person and room for chat messages and questions (all their connections).
POST_RATE = 1.0
POST_BURST = 5
# Frames refused for rate in a row before the server closes the socket as a flood.
FLOOD_CLOSE_AFTER = 100
REACTIONS = ("👍", "👏", "❤️", "😂", "🎉", "🤔", "🔥", "💯")
MUTE_MAX_MINUTES = 7 * 24 * 60
SLOW_MODE_MAX_SECONDS = 3600


class ErrorCode(StrEnum):
    """The generic codes; apps register their own (live.registry.register_error_codes)."""

    MALFORMED_JSON = "malformed_json"
    FRAME_TOO_LARGE = "frame_too_large"
    UNKNOWN_TYPE = "unknown_type"
    INVALID_FIELDS = "invalid_fields"
    AUTH_FAILED = "auth_failed"
    AUTH_REQUIRED = "auth_required"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    NOT_JOINED = "not_joined"
    TOO_MANY_ROOMS = "too_many_rooms"
    MUTED = "muted"
    BANNED = "banned"
    LOCKED = "locked"
    SLOW_MODE = "slow_mode"
    RATE_LIMITED = "rate_limited"
    WORD_FILTERED = "word_filtered"
    INVALID_STATE = "invalid_state"
    REF_TOO_LONG = "ref_too_long"
    NESTING_TOO_DEEP = "nesting_too_deep"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    INVALID_TEXT = "invalid_text"
    SERVER_ERROR = "server_error"


ERROR_DESCRIPTIONS: dict[ErrorCode, str] = {
    ErrorCode.MALFORMED_JSON: "The frame is not a JSON object.",
    ErrorCode.FRAME_TOO_LARGE: f"The frame is larger than {MAX_FRAME_BYTES} bytes.",
    ErrorCode.UNKNOWN_TYPE: "The `type` is not a message type of this protocol.",
    ErrorCode.INVALID_FIELDS: "A field is missing, of the wrong type, or out of its limits; `message` names it.",
    ErrorCode.AUTH_FAILED: "The API token (`auth` frame or `Authorization` header) is unknown, revoked or malformed.",
    ErrorCode.AUTH_REQUIRED: "Guests may watch but not post: log in or send an `auth` frame.",
    ErrorCode.FORBIDDEN: "Your role in this room does not allow this (e.g. an attendee moderating).",
    ErrorCode.NOT_FOUND: "The room, message, question or poll does not exist (or is not visible to you).",
    ErrorCode.NOT_JOINED: "Join the room (`room.join`) before acting in it.",
    ErrorCode.TOO_MANY_ROOMS: f"One connection may be in at most {MAX_ROOMS_PER_CONNECTION} rooms.",
    ErrorCode.MUTED: "A moderator muted you in this room; `until` says how long.",
    ErrorCode.BANNED: "A moderator banned you from this room.",
    ErrorCode.LOCKED: "The room is locked: only moderators may post.",
    ErrorCode.SLOW_MODE: "Slow mode: wait `retry_after` seconds between messages.",
    ErrorCode.RATE_LIMITED: "Too many frames; slow down (`retry_after` s). A flood far past it closes the socket.",
    ErrorCode.WORD_FILTERED: "The text contains a word this room does not allow.",
    ErrorCode.INVALID_STATE: "Not possible in the current state (e.g. voting on a closed poll).",
    ErrorCode.REF_TOO_LONG: f"The `ref` is longer than {MAX_REF_LENGTH} characters (the error's `ref` is null).",
    ErrorCode.NESTING_TOO_DEEP: f"The frame nests arrays or objects more than {MAX_NESTING_DEPTH} deep.",
    ErrorCode.NUMBER_OUT_OF_RANGE: f"An integer in the frame is beyond ±{MAX_INT} (what a database BIGINT holds).",
    ErrorCode.INVALID_TEXT: "A string contains NUL (`\\u0000`) or a lone UTF-16 surrogate (`\\ud800`–`\\udfff`).",
    ErrorCode.SERVER_ERROR: "An unexpected server error; nothing was stored. Retry with the same `ref`.",
}
# The extra fields of `Error` each generic code may carry.
ERROR_EXTRAS: dict[ErrorCode, tuple[str, ...]] = {
    ErrorCode.NOT_FOUND: ("user_id",),
    ErrorCode.MUTED: ("until",),
    ErrorCode.SLOW_MODE: ("retry_after",),
    ErrorCode.RATE_LIMITED: ("retry_after",),
    ErrorCode.INVALID_STATE: ("state", "status", "limit"),
}
register_error_codes(ERROR_DESCRIPTIONS, app="live", extras=ERROR_EXTRAS)

# WebSocket close codes the server uses.
CLOSE_FLOOD = 4008
CLOSE_ACCOUNT_CLOSED = 4003
CLOSE_SIGNED_OUT = 4001
CLOSE_CODES = {
    CLOSE_SIGNED_OUT: "The browser session signed out (or the API token was revoked) while connected "
    "(after a `room.removed` per room).",
    CLOSE_ACCOUNT_CLOSED: "The account was deactivated (or deleted) while connected (after a `room.removed` per room).",
    CLOSE_FLOOD: f"Flood: more than {FLOOD_CLOSE_AFTER} frames refused for rate in a row.",
}
