"""A viewer's signalling from any Daphne process to the process holding the publisher.

Each process is a *node* with a topic `sfu:<node>` on live's hub (Redis pub/sub in a
cluster, a direct call in one process). The publisher's node is found in the cache
(`sfu:pub:<publisher_id>`, written at publish, Redis in a cluster); a node keeps
`sfu:node:<node>` alive while it holds publishers.

- On the viewer's node, `rtc.subscribe` for a publisher held elsewhere becomes a request
  on the holder's topic; the holder creates the viewer peer connection (its media flows
  from there) with a `RemoteConn` standing for the viewer's socket, and answers on the
  viewer node's topic. `rtc.answer`, `rtc.ice`, `rtc.leave` and the connection's leaving
  follow the same way (the viewer's node remembers which peers are remote).
- Frames for the viewer (`rtc.closed`) go back through the viewer's node to its socket.
- When the holder dies, its `sfu:node:` key expires: the viewer's node tells its remote
  viewers (`rtc.closed`, reason `publisher_left`); they subscribe again when
  `rtc.publishers` (room-wide, through Redis) announces the speaker again.
- An interpreter's `rtc.publish {language}` goes the same way to the node that holds the
  stage's speaker (found in the room's directory, `sfu:room:<room id>`), so that their
  voice is on the process every viewer's audio is forwarded from; `rtc.ice`,
  `rtc.unpublish`, the connection's leaving and a right that ended (`end`) follow it. A
  moderator's `rtc.unpublish` of any publisher held elsewhere goes to its holder too.
  With no speaker publishing anywhere else, the interpretation is published locally.
- A speaker who starts publishing on one node while an interpretation of the stage is held
  by another node without a speaker (the interpreter began first): that node ends the
  interpretation with `rtc.closed` reason `speaker_moved`, told at once through Redis and
  checked again at each heartbeat; the interpreter's client publishes again, which takes
  their voice to the speaker's node.
- A speaker's `rtc.publish` goes the same way when this node holds none of the stage's
  speakers and another live node does (`STREAMS["GATHER_SPEAKERS"]`, on by default): a
  panel's publishers are on one process, whose HLS run mixes every voice
  (streams.hls_mix), whose publisher limit counts the whole panel, and from which every
  viewer's media flows. When that node dies, the speakers whose sockets are elsewhere are
  told `rtc.closed` (reason `publisher_left`) and publish again, on a live node. Which node
  holds the panel is a claim taken atomically by the first speaker's node
  (streams.panel_claim), so that two speakers who start at the same moment on two nodes
  are gathered too.
- A panel whose speakers publish on two nodes anyway (gathering off, or a Redis outage
  during the claim): the interpretation is held by one; a viewer
  has a peer on each. The other nodes learn from the directory which languages are
  interpreted elsewhere (op `follow_interpretations` when one comes or goes, and at each
  heartbeat) and play silence on their peers for viewers of those languages, so that the
  viewer hears the interpreter once and not the other speaker's original beneath.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from live.broadcast import envelope, hub
from live.errors import LiveError
from live.protocol import ErrorCode
from streams import panel_claim
from streams.protocol import RtcClosedFrame

logger = logging.getLogger(__name__)

NODE = uuid.uuid4().hex[:12]
NODE_TTL = 15  # seconds a node's key lives without a refresh
HEARTBEAT = 4.0
REQUEST_TIMEOUT = 15.0


def node_topic(node: str) -> str:
    return f"sfu:{node}"


def node_is_alive(node: str) -> bool:
    """Sync (a task): whether `node` refreshed its key within NODE_TTL (it holds publishers)."""
    return cache.get(f"sfu:node:{node}") is not None


class RemoteConn:
    """On the holder: the viewer's socket on another node (identity and a way to tell it)."""

    def __init__(self, node: str, conn_id: str) -> None:
        self.node, self.conn_id = node, conn_id

    async def send_frame(self, frame: Any) -> None:
        data = frame.model_dump(mode="json") if hasattr(frame, "model_dump") else frame
        await cluster.send(self.node, {"op": "frame", "conn_id": self.conn_id, "frame": data})


@dataclass
class RemotePeer:
    node: str
    conn: Any
    room_id: int
    room_slug: str
    language: str | None = None  # a remote interpretation publisher: its language
    publishes: bool = False  # a publisher held elsewhere (a speaker gathered, an interpretation)


def _languages(publishers: list[dict[str, Any]]) -> set[str]:
    return {p["language"] for p in publishers if p.get("language")}


class Cluster:
    def __init__(self) -> None:
        self.started = False
        self.pending: dict[str, asyncio.Future] = {}
        self.remote_peers: dict[str, RemotePeer] = {}  # on the viewer's node
        self.remote_conns: dict[tuple[str, str], RemoteConn] = {}  # on the holder
        self.tasks: set[asyncio.Task] = set()

    # --- the node ---------------------------------------------------------------------

    async def start(self) -> None:
        if self.started:
            return
        self.started = True
        await hub.subscribe(node_topic(NODE), self)
        task = asyncio.ensure_future(self._heartbeat())
        self.tasks.add(task)

    async def _heartbeat(self) -> None:
        from streams.media import media

        while True:
            try:
                if media.publishers:
                    await cache.aset(f"sfu:node:{NODE}", 1, NODE_TTL)
                    for publisher_id in list(media.publishers):
                        await cache.aset(f"sfu:pub:{publisher_id}", NODE, NODE_TTL)
                    for room_id in {p.room_id for p in media.publishers.values()}:
                        await self.share_room(room_id)
                    for room_id in {p.room_id for p in media.publishers.values() if p.language is None}:
                        await panel_claim.refresh(room_id, NODE, NODE_TTL)
                    await self.follow_speakers()
                await self._check_holders()
            except Exception:
                logger.exception("stage cluster: heartbeat failed")
            await asyncio.sleep(HEARTBEAT)

    async def share_room(self, room_id: int) -> None:
        """Write this node's publishers of a room to the room's directory (`stage.get` on
        other nodes lists them); called when they change and at each heartbeat."""
        from streams.media import media

        key = f"sfu:room:{room_id}"
        nodes = await cache.aget(key) or {}
        mine = media.publishers_in(room_id)
        languages_before = _languages(nodes.get(NODE, []))
        if mine:
            nodes[NODE] = mine
        elif nodes.pop(NODE, None) is None:
            return
        await cache.aset(key, nodes, NODE_TTL * 4)
        await self.follow_interpretations(room_id)
        if _languages(mine) != languages_before:
            # An interpreter came or went here: the other nodes' peers go silent or speak again.
            for node in nodes:
                if node != NODE:
                    await self.send(node, {"op": "follow_interpretations", "room_id": room_id})

    async def follow_interpretations(self, room_id: int) -> None:
        """Learn which languages other live nodes interpret the stage into: this node's
        viewers of those languages play silence, since their peer to that node carries it
        (streams.interpretation). Told when one changes, re-read at every heartbeat."""
        from streams.media import media

        languages: set[str] = set()
        for node, publishers in (await cache.aget(f"sfu:room:{room_id}") or {}).items():
            if node != NODE and _languages(publishers) and await cache.aget(f"sfu:node:{node}") is not None:
                languages |= _languages(publishers)
        media.set_interpreted_elsewhere(room_id, frozenset(languages))

    async def publishers_elsewhere(self, room_id: int) -> list[dict[str, Any]]:
        """The room's publishers held by other live nodes."""
        found = []
        for node, publishers in (await cache.aget(f"sfu:room:{room_id}") or {}).items():
            if node != NODE and await cache.aget(f"sfu:node:{node}") is not None:
                found.extend(publishers)
        return found

    async def _check_holders(self) -> None:
        for node in {peer.node for peer in self.remote_peers.values()}:
            if await cache.aget(f"sfu:node:{node}") is None:
                await self._holder_gone(node)

    async def _holder_gone(self, node: str) -> None:
        for peer_id, peer in [(k, v) for k, v in self.remote_peers.items() if v.node == node]:
            self.remote_peers.pop(peer_id, None)
            frame = RtcClosedFrame.build(room=peer.room_slug, peer_id=peer_id, reason="publisher_left")
            with contextlib.suppress(Exception):
                await peer.conn.send_frame(frame)

    async def published(self, publisher_id: str) -> None:
        await self.start()
        await cache.aset(f"sfu:node:{NODE}", 1, NODE_TTL)
        await cache.aset(f"sfu:pub:{publisher_id}", NODE, NODE_TTL)

    async def alive(self, node: str) -> bool:
        return await cache.aget(f"sfu:node:{node}") is not None

    async def panel_holder(self, room_id: int) -> str | None:
        """Where a speaker of the stage publishes (`GATHER_SPEAKERS`): None for this node, or
        the live node holding the stage's claim (streams.panel_claim). This node is marked
        alive before it claims, so that a speaker who starts at the same moment elsewhere
        follows the claim instead of taking it over as a dead node's."""
        await self.start()
        await cache.aset(f"sfu:node:{NODE}", 1, NODE_TTL)
        holder = await panel_claim.claim(room_id, NODE, NODE_TTL, self.alive)
        return None if holder == NODE else holder

    async def speaker_node(self, room_id: int) -> str | None:
        """Another live node holding a speaker's publisher of the room (not an interpreter)."""
        for node, publishers in (await cache.aget(f"sfu:room:{room_id}") or {}).items():
            if node == NODE or not any(p.get("language") is None for p in publishers):
                continue
            if await cache.aget(f"sfu:node:{node}") is not None:
                return node
        return None

    async def speaker_published(self, room_id: int) -> None:
        """A speaker publishes here: every other live node of the room checks at once whether
        it holds an interpretation that should follow them (`follow_speakers`)."""
        for node in await cache.aget(f"sfu:room:{room_id}") or {}:
            if node != NODE and await cache.aget(f"sfu:node:{node}") is not None:
                await self.send(node, {"op": "follow_speaker", "room_id": room_id})

    async def follow_speakers(self) -> None:
        """The interpretations held here for a stage whose speakers all publish on another
        node: a viewer there would not hear them. Each owner is told `rtc.closed` (reason
        `speaker_moved`) and publishes again, which routes them to the speaker's node."""
        from streams.media import media

        held = [p for p in media.publishers.values() if p.language is not None]
        for room_id in {p.room_id for p in held}:
            if media.speakers_in(room_id) or await self.speaker_node(room_id) is None:
                continue
            for publisher in [p for p in held if p.room_id == room_id]:
                await media.end_publisher(publisher, "speaker_moved")

    async def holder_of(self, publisher_id: str) -> str | None:
        node = await cache.aget(f"sfu:pub:{publisher_id}")
        if node is None or node == NODE or await cache.aget(f"sfu:node:{node}") is None:
            return None
        return node

    # --- messages ---------------------------------------------------------------------

    async def send(self, node: str, message: dict[str, Any]) -> None:
        await hub.publish(node_topic(node), envelope(json.dumps(message)))

    async def request(self, node: str, message: dict[str, Any]) -> dict[str, Any]:
        await self.start()
        request_id = uuid.uuid4().hex
        future = asyncio.get_running_loop().create_future()
        self.pending[request_id] = future
        try:
            await self.send(node, {**message, "request_id": request_id, "reply_to": NODE})
            reply = await asyncio.wait_for(future, REQUEST_TIMEOUT)
        except TimeoutError as error:
            message = "The stage's publisher does not answer (its server is gone)."
            raise LiveError(ErrorCode.NOT_FOUND, message) from error
        finally:
            self.pending.pop(request_id, None)
        if "error" in reply:
            error = reply["error"]
            raise LiveError(error["code"], error["message"], **error.get("extra", {}))
        return reply["ok"]

    async def deliver(self, seq: int, room_id: int, remove_room: int, frame: Any) -> None:
        message = json.loads(frame.text)
        op = message["op"]
        if op == "reply":
            future = self.pending.get(message["request_id"])
            if future is not None and not future.done():
                future.set_result(message)
        elif op in ("follow_speaker", "follow_interpretations"):
            follow = (
                self.follow_speakers() if op == "follow_speaker" else self.follow_interpretations(message["room_id"])
            )
            task = asyncio.ensure_future(follow)
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        elif op == "frame":
            for peer in self.remote_peers.values():
                if peer.conn.conn_id == message["conn_id"]:
                    if message["frame"].get("type") == "rtc.closed":
                        self.remote_peers.pop(message["frame"]["peer_id"], None)
                    with contextlib.suppress(Exception):
                        await peer.conn.send_frame(RtcClosedFrame.build(**message["frame"]))
                    break
        else:
            task = asyncio.ensure_future(self._serve(message))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def server_status(self, status: str, message: str) -> None:
        pass

    async def _serve(self, message: dict[str, Any]) -> None:
        from streams.media import media

        reply: dict[str, Any]
        key = (message["reply_to"], message["conn_id"])
        conn = self.remote_conns.setdefault(key, RemoteConn(*key))
        try:
            op, room_id = message["op"], message["room_id"]
            if op == "subscribe":
                result: Any = await media.subscribe(
                    conn=conn,
                    room_id=room_id,
                    room_slug=message["room_slug"],
                    user=message["user"],
                    publisher_id=message["publisher_id"],
                    language=message.get("language"),
                )
            elif op == "answer":
                result = await media.answer(conn=conn, room_id=room_id, peer_id=message["peer_id"], sdp=message["sdp"])
            elif op == "language":
                result = await media.set_language(
                    conn=conn, room_id=room_id, peer_id=message["peer_id"], language=message["language"]
                )
            elif op == "ice":
                result = await media.add_ice(conn=conn, room_id=room_id, **message["ice"])
            elif op == "leave":
                result = await media.leave(conn=conn, room_id=room_id, peer_id=message["peer_id"])
            elif op == "close_connection":
                result = await media.close_connection(room_id, message["conn_id"])
            elif op == "publish":  # a speaker or an interpreter whose socket is on another node
                result = await media.publish(
                    conn=conn,
                    room_id=room_id,
                    room_slug=message["room_slug"],
                    user=message["user"],
                    sdp=message["sdp"],
                    language=message["language"],
                )
                await self.published(result["publisher_id"])
                if message["language"] is None:
                    await self.speaker_published(room_id)
            elif op == "unpublish":
                result = await media.unpublish(
                    conn=conn,
                    room_id=room_id,
                    publisher_id=message["publisher_id"],
                    moderator=bool(message.get("moderator")),  # checked on the asker's node
                )
            elif op == "end":  # the publisher's right ended (checked on their socket's node)
                for publisher in media.publishers_of(conn, room_id):
                    if publisher.peer_id == message["publisher_id"]:
                        await media.end_publisher(publisher, message["reason"])
                result = {}
            else:
                raise LiveError(ErrorCode.INVALID_FIELDS, f"unknown cluster op {op!r}")
            reply = {"ok": result or {}}
        except LiveError as error:
            reply = {"error": {"code": str(error.code), "message": error.message, "extra": error.extra}}
        except Exception as error:
            logger.exception("stage cluster: %s failed", message.get("op"))
            reply = {"error": {"code": str(ErrorCode.INVALID_STATE), "message": f"The media server failed: {error!r}"}}
        if not media.has_peers(message["room_id"], message["conn_id"]):
            self.remote_conns.pop(key, None)
        await self.send(message["reply_to"], {"op": "reply", "request_id": message["request_id"], **reply})

    # --- the viewer's node --------------------------------------------------------------

    async def subscribe(
        self, node: str, *, conn, room_id: int, room_slug: str, user, publisher_id: str, language: str | None = None
    ) -> dict:
        offer = await self.request(
            node,
            {
                "op": "subscribe",
                "conn_id": conn.conn_id,
                "room_id": room_id,
                "room_slug": room_slug,
                "user": user,
                "publisher_id": publisher_id,
                "language": language,
            },
        )
        self.remote_peers[offer["peer_id"]] = RemotePeer(node, conn, room_id, room_slug)
        return offer

    async def publish(
        self, node: str, *, conn, room_id: int, room_slug: str, user, sdp: str, language: str | None
    ) -> dict[str, Any]:
        """A speaker or an interpretation published on the node holding the stage's speaker."""
        answer = await self.request(
            node,
            {
                "op": "publish",
                "conn_id": conn.conn_id,
                "room_id": room_id,
                "room_slug": room_slug,
                "user": user,
                "sdp": sdp,
                "language": language,
            },
        )
        self.remote_peers[answer["publisher_id"]] = RemotePeer(node, conn, room_id, room_slug, language, True)
        return answer

    async def stop_publisher(self, node: str, *, conn, room_id: int, publisher_id: str) -> None:
        """A moderator's `rtc.unpublish` of someone's publisher held by `node`."""
        message = {"op": "unpublish", "conn_id": conn.conn_id, "room_id": room_id, "publisher_id": publisher_id}
        await self.request(node, {**message, "moderator": True})

    def remote_publishers(self, conn, room_id: int) -> dict[str, RemotePeer]:
        """This connection's publishers held by other nodes (speakers gathered with the
        stage's others, interpretations), by publisher id."""
        return {
            peer_id: peer
            for peer_id, peer in self.remote_peers.items()
            if peer.conn is conn and peer.room_id == room_id and peer.publishes
        }

    def remote(self, peer_id: str, conn, room_id: int) -> RemotePeer | None:
        peer = self.remote_peers.get(peer_id)
        if peer is None or peer.conn is not conn or peer.room_id != room_id:
            return None
        return peer

    async def forward(self, peer: RemotePeer, op: str, **fields: Any) -> dict[str, Any]:
        reply = await self.request(
            peer.node, {"op": op, "conn_id": peer.conn.conn_id, "room_id": peer.room_id, **fields}
        )
        if op == "leave":
            self.remote_peers.pop(fields["peer_id"], None)
        elif op == "unpublish":
            self.remote_peers.pop(fields["publisher_id"], None)
        return reply

    def has_remote(self, room_id: int, conn_id: str) -> bool:
        return any(p.room_id == room_id and p.conn.conn_id == conn_id for p in self.remote_peers.values())

    async def close_connection(self, room_id: int, conn_id: str) -> None:
        peers = [(k, p) for k, p in self.remote_peers.items() if p.room_id == room_id and p.conn.conn_id == conn_id]
        for node in {p.node for _, p in peers}:
            with contextlib.suppress(LiveError):
                await self.request(node, {"op": "close_connection", "conn_id": conn_id, "room_id": room_id})
        for peer_id, _ in peers:
            self.remote_peers.pop(peer_id, None)


cluster = Cluster()
