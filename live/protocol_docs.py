"""Render docs/protocol.md from live.protocol, so the documentation cannot drift."""

from __future__ import annotations

import inspect
from typing import Any

from pydantic import BaseModel

from live import protocol, protocol_limits
from live.registry import COMMANDS, ERROR_CODES

CLIENT_NOTES = """## Client notes: the opening minute

When a whole audience arrives at once (the opening), or a server process dies and all its
sockets come back together, clients decide how hard the server is hit. Pavilion's browser
client (`live-client.js` and `live-room.js`, docs/client.md) does this; other clients should too.

- **Reconnect with jittered exponential backoff.** After a lost connection wait
  `ceiling / 2 + random() * ceiling / 2`, with `ceiling = min(8 s, 0.5 s × 2^attempt)`
  ("equal jitter": 0.25–0.5 s, then 0.5–1 s, 1–2 s, … up to 4–8 s), and reset `attempt`
  once every room is joined again. Never reconnect in a tight loop: thousands of clients
  that lost one process would come back in the same millisecond.
- **Resume with `since_seq`**, never by joining afresh: remember per room the highest `seq`
  up to which every event was applied, and send it in `room.join`. The answer's `events` are
  what was missed (at most {resume_page}); while `has_more`, ask `room.history` with
  `after_seq` = the last `seq` applied (at most {history_max} per page) and apply each page
  before asking for the next. The room's whole history is never loaded at once, and events
  that arrive live meanwhile are held (ordered by `seq`) until the pages have caught up.
- **Show where you are.** The room page's badge says *connecting…* (no socket yet, or
  reconnecting), *catching up* (the socket is open and the room's join or its resume pages
  are coming in) and *live* (joined and caught up); after a `server.status` of `degraded`
  it says so until `ok`. Posts made meanwhile (`chat.send`, `qa.ask`) are kept and sent
  again with the same `ref` once the rooms are joined.
- **Render before joining.** A page shows the room from its HTML and a cached snapshot and
  joins with `since_seq` = the seq that snapshot was read at (docs/client.md), so a slow
  join in a storm never means a blank page.
- **After `room.lagged`** (the client fell too far behind), join the room again with
  `since_seq` = the frame's `since_seq`: the same resume path.
"""

INTRO = """# Pavilion live-room protocol

<!-- Generated from live/protocol.py by `python manage.py protocol_docs`; do not edit by hand.
     tests/live/test_protocol_docs.py fails when this file and the module disagree. -->

One WebSocket per client at `/ws/` carries any number of rooms. Frames are JSON objects
(text frames, UTF-8).

## Connecting and authenticating
- **Browsers** are authenticated by their session cookie. The `Origin` header must be, in full
  (scheme, host and port), the site's own (the request's `Host`, if in `ALLOWED_HOSTS`, with
  the scheme it came in by) or one listed in `LIVE_ALLOWED_ORIGINS`; any other origin
  (another port or scheme of the same host included) is refused at the handshake.
- **Scripts, bots, the benchmark** connect without an `Origin` with an API token
  (`python manage.py create_api_token USERNAME`): in the handshake, as the header
  `Authorization: Bearer <token>` (the socket opens as that person: `hello` names them; one
  round trip less), or in an `auth` frame before joining rooms. A header whose token is
  unknown, revoked or malformed gets an `auth_failed` error right after `hello`; the socket
  stays open as a guest and may still send `auth`.
- A socket's identity lasts as long as what it rests on: a logout ends the sockets of that
  browser session, a revoked API token the sockets it opened (each room left with
  `room.removed`, then close code 4001); the person's other sessions and tokens are not
  touched.
- Guests (no cookie, no token) may join rooms with `allow_guests` and watch; they cannot post.
- On connect the server sends `hello` with the user and the limits in force.

## Requests, acks and errors
Every client frame has a `type` and a client-chosen `ref` (string or integer, at most
{max_ref} characters). The server answers each with exactly one
`{{"type": "ack", "ref": …}}` (plus the result fields listed per type) or one
`{{"type": "error", "ref": …, "code": "…", "message": "…"}}` (plus the extra fields its
code lists, such as `retry_after` or `until`). Errors never close the connection; only a
flood far past the rate limit does.
A frame the server could not parse has `ref: null` in its error.

A chat message or question is acknowledged only after it is stored. Resending a `chat.send`
or `qa.ask` with the same `ref` (after a lost ack) returns the stored one
(`duplicate: true`) instead of posting twice; keep a `ref` unique per message.

## Sequence numbers and resuming
Every public change to a room is a **sequenced event** with the room's next `seq`: per room,
starting at 1, increasing by exactly 1, never reused. Frames may arrive slightly out of order
when several writers race; order them by `seq`. A client remembers the highest `seq` up to
which it holds every event, and after a reconnect joins with `since_seq`: the join answer's
`events` are exactly the events after it (paged: while `has_more`, ask `room.history` with
`after_seq` = the last `seq` received). Events that arrive live are never ones already in the
join answer.

What is withdrawn stays withdrawn in every copy: a deleted message's `chat.message` event is
replaced by a tombstone (same `seq`, `deleted: true`, empty `text`, `author: null`), and a
dismissed question's `qa.question` events likewise, in the transaction that withdraws it.

Rights are re-evaluated while connected: when a person's membership or role ends (or their
account is deactivated), each of their sockets leaves the rooms they may no longer be in
(`room.removed` with a `reason`), gets `room.access` where their rights changed, and a
deactivated account's socket is closed.

Before any type is looked at, every frame is checked as a whole: JSON nested at most
{max_depth} deep, integers within ±{max_int}, no NUL or lone surrogate in any string (each
with its own error code below). Text people write has control characters other than newline
and tab removed.

**Ephemeral frames** (presence, live poll results, the moderators' question queue, notices)
carry current state and are not replayed; a rejoin returns that state anew.

## Rate limits
Per connection: a token bucket of {rate:g} frames/s with a burst of {burst}; beyond it frames
are refused with `rate_limited` (and `retry_after`), and after {flood} refused frames in a row
the socket is closed with code {close_flood}. Per person and room: chat messages and questions
at {post_rate:g}/s with a burst of {post_burst}, across all their connections in this process;
a post refused for another reason (slow mode, muted, …) does not count.
"""


def type_of(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        return f"`{schema['$ref'].split('/')[-1]}`"
    if "const" in schema:
        return f'`"{schema["const"]}"`'
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(type_of(s, defs) for s in schema["anyOf"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_of(schema.get('items', {}), defs)}"
    if kind == "object" and "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        return f"object of {type_of(schema['additionalProperties'], defs)}"
    return kind


def limits_of(schema: dict[str, Any]) -> str:
    parts = []
    for key, label in (
        ("minLength", "≥ {} chars"),
        ("maxLength", "≤ {} chars"),
        ("minimum", "≥ {}"),
        ("maximum", "≤ {}"),
        ("minItems", "≥ {} items"),
        ("maxItems", "≤ {} items"),
        ("pattern", "matches `{}`"),
    ):
        if key in schema:
            parts.append(label.format(schema[key]))
    for sub in schema.get("anyOf", []):
        if sub.get("type") != "null":
            parts.extend(limits_of(sub).split(", ") if limits_of(sub) else [])
    if schema.get("type") == "array" and "items" in schema:
        inner = limits_of(schema["items"])
        if inner:
            parts.append(f"each {inner}")
    return ", ".join(parts)


def field_table(model: type[BaseModel], skip: tuple[str, ...] = ("type",)) -> list[str]:
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    rows = ["| field | type | required | limits | notes |", "| --- | --- | --- | --- | --- |"]
    for name, prop in schema.get("properties", {}).items():
        if name in skip:
            continue
        default = "" if name in required else f"default `{prop.get('default')!r}`"
        notes = "; ".join(x for x in (prop.get("description", ""), default) if x)
        rows.append(
            f"| `{name}` | {type_of(prop, defs)} | {'yes' if name in required else 'no'} "
            f"| {limits_of(prop)} | {notes} |"
        )
    return rows


def doc_of(model: type) -> str:
    doc = inspect.getdoc(model) or ""
    inherited = {inspect.getdoc(base) for base in model.__mro__[1:]}
    return "" if doc in inherited else " ".join(doc.split())


def ack_fields(frame_type: str) -> list[str]:
    command = COMMANDS.get(frame_type)
    if command is None:
        return ["No handler: answered with `unknown_type`."]
    if command.ack is protocol.JoinState:
        return ["Ack: the room's state, see [the `room.join` answer](#the-roomjoin-answer)."]
    if not command.ack.model_fields:
        return ["Ack: no fields."]
    return [f"Ack (`{command.ack.__name__}`):", "", *field_table(command.ack, skip=())]


def render() -> str:
    out = [
        INTRO.format(
            max_ref=protocol.MAX_REF_LENGTH,
            max_depth=protocol.MAX_NESTING_DEPTH,
            max_int=protocol.MAX_INT,
            rate=protocol.CONNECTION_RATE,
            burst=protocol.CONNECTION_BURST,
            flood=protocol.FLOOD_CLOSE_AFTER,
            close_flood=protocol.CLOSE_FLOOD,
            post_rate=protocol.POST_RATE,
            post_burst=protocol.POST_BURST,
        ).rstrip()
    ]
    out += ["", "## Limits", "", "| limit | value |", "| --- | --- |"]
    # The limits in the order they are defined (live.protocol re-exports them sorted).
    for name, value in vars(protocol_limits).items():
        is_words = isinstance(value, tuple) and all(isinstance(v, str) for v in value)
        if name.isupper() and (isinstance(value, (int, float)) or is_words) and not name.startswith("CLOSE_"):
            shown = " ".join(value) if isinstance(value, tuple) else value
            out.append(f"| `{name}` | {shown} |")
    out += ["", "## Error codes", "", "Apps register their own (`live.registry.register_error_codes`)."]
    apps = sorted({info.app for info in ERROR_CODES.values()}, key=lambda app: (app != "live", app))
    for app in apps:
        out += ["", f"### {app}", "", "| code | meaning | extra fields |", "| --- | --- | --- |"]
        for info in ERROR_CODES.values():
            if info.app == app:
                extras = ", ".join(f"`{name}`" for name in info.extras)
                out.append(f"| `{info.code}` | {info.description} | {extras} |")
    out += ["", "## Close codes", "", "| code | meaning |", "| --- | --- |"]
    out += [f"| {code} | {text} |" for code, text in protocol.CLOSE_CODES.items()]
    out += ["", "## Client frames", "", "All carry `type` and `ref`."]
    for name, model in protocol.CLIENT_FRAMES.items():
        out += ["", f"### `{name}`", ""]
        if doc_of(model):
            out += [doc_of(model), ""]
        out += field_table(model, skip=("type", "ref"))
        out += ["", *ack_fields(name)]
    out += ["", "## The `room.join` answer", "", doc_of(protocol.JoinState), ""]
    out += field_table(protocol.JoinState)
    out += ["", "## Sequenced events (server → client)", ""]
    for model in protocol.SEQUENCED_EVENTS:
        name = model.model_fields["type"].annotation.__args__[0]
        out += [f"### `{name}`", ""]
        if doc_of(model):
            out += [doc_of(model), ""]
        out += [*field_table(model), ""]
    out += ["## Ephemeral frames (server → client)", ""]
    for model in (protocol.Ack, protocol.Error, *protocol.EPHEMERAL_FRAMES):
        name = model.model_fields["type"].annotation.__args__[0]
        out += [f"### `{name}`", ""]
        if doc_of(model):
            out += [doc_of(model), ""]
        out += [*field_table(model), ""]
    out += ["## Shared objects", ""]
    for model in (
        protocol.UserRef,
        protocol.MessageOut,
        protocol.QuestionOut,
        protocol.PollOut,
        protocol.PollOptionOut,
        protocol.Presence,
        protocol.RoomSettings,
        protocol.You,
        protocol.AuditEntry,
    ):
        out += [f"### `{model.__name__}`", ""]
        if doc_of(model):
            out += [doc_of(model), ""]
        out += [*field_table(model, skip=()), ""]
    out += [CLIENT_NOTES.format(resume_page=protocol.RESUME_PAGE_SIZE, history_max=protocol.HISTORY_PAGE_MAX)]
    return "\n".join(out).rstrip() + "\n"
