"""ICE servers for browsers and aiortc peers: static STUN, and TURN with short-lived
credentials in the TURN REST form that coturn checks with `use-auth-secret`:

    username   = "<expiry unix time>:<subject>"      (subject: a user id, or guest-<conn>)
    credential = base64(HMAC-SHA1(TURN_SECRET, username))

coturn recomputes the credential from the username with the same shared secret and refuses
(401) once the expiry has passed. Credentials are issued per call and per subscription, in
the signalling answers (`call.request`/`call.accept`, `rtc.subscribe`, and `stage.get` for the
stage's speakers and moderators, who offer before any answer); they are never rendered into
pages, and a guest gets some only with a WebRTC subscription.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

from django.conf import settings


def static_ice_servers() -> list[dict[str, Any]]:
    """STREAMS["ICE_SERVERS"] without any credentials (STUN URLs): safe to hand anyone."""
    return [{"urls": s["urls"]} for s in settings.STREAMS["ICE_SERVERS"] if not s.get("credential")]


def turn_configured() -> bool:
    return bool(settings.STREAMS["TURN_URLS"] and settings.STREAMS["TURN_SECRET"])


def turn_credentials(subject: str, *, now: float | None = None, ttl: float | None = None) -> dict[str, str]:
    """A username and credential valid until now + ttl (STREAMS["TURN_TTL"] seconds)."""
    lifetime = settings.STREAMS["TURN_TTL"] if ttl is None else ttl
    expiry = int((time.time() if now is None else now) + lifetime)
    username = f"{expiry}:{subject}"
    digest = hmac.new(settings.STREAMS["TURN_SECRET"].encode(), username.encode(), hashlib.sha1).digest()
    return {"username": username, "credential": base64.b64encode(digest).decode()}


def ice_servers_for(subject: str | None) -> list[dict[str, Any]]:
    """What one person (or one guest connection) gets in a signalling answer: the static
    servers, and the TURN servers with credentials of their own (none without a subject)."""
    servers = static_ice_servers()
    if subject and turn_configured():
        servers.append({"urls": list(settings.STREAMS["TURN_URLS"]), **turn_credentials(subject)})
    return servers


def subject_of(conn) -> str:
    """Whom credentials name: the user id, or (a guest) the connection."""
    user = getattr(conn, "user", None)
    if user is not None and user.is_authenticated:
        return str(user.pk)
    return f"guest-{conn.conn_id[:12]}"
