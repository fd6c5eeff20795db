"""Stage commands on the room socket: stream state and WebRTC signalling (streams.media)."""

from __future__ import annotations

from channels.db import database_sync_to_async
from django.conf import settings

from live.batching import BatchedRead
from live.errors import LiveError
from live.protocol import EmptyAck, ErrorCode
from live.registry import COMMANDS, command
from streams import stage
from streams.interpretation import language_name
from streams.media import media
from streams.packaging import live_hls_url, packagers, stage_snapshot_async
from streams.protocol import (
    RtcAnswer,
    RtcIce,
    RtcLanguage,
    RtcLanguageAck,
    RtcLeave,
    RtcPublish,
    RtcPublishAck,
    RtcSubscribe,
    RtcSubscribeAck,
    RtcUnpublish,
    StageErrorCode,
    StageGet,
    StageGetAck,
    StageSetState,
    StageSetStateAck,
)
from streams.selectors import interpreter_languages, interpreter_languages_many
from streams.sfu_cluster import cluster
from streams.turn import ice_servers_for, subject_of

# States in which media flows; attendees may only watch while the stage is on air.
ON_AIR = frozenset({"live", "paused"})


@command("stage.set_state", logged_in=True, ack=StageSetStateAck)
async def set_state(conn, frame: StageSetState, joined) -> StageSetStateAck:
    event = await database_sync_to_async(stage.set_stream_state)(
        room_id=joined.room_id, user=conn.user, roles=joined.access.roles, state=frame.state
    )
    # Packaging follows the state: it runs only while live (pausing ends a recorded stretch).
    await packagers.stage_changed(joined.room_id, joined.slug, frame.state)
    if frame.state == "ended":
        await media.close_room(joined.room_id, reason="stage_ended")
    return StageSetStateAck.build(state=event["state"], seq=event["seq"])


# The interpreters' languages of the askers of the same moment, in one query (live.batching).
language_reads: BatchedRead[tuple[int, int], frozenset[str]] = BatchedRead(
    interpreter_languages_many, missing=frozenset()
)


async def own_languages(room_id: int, user) -> frozenset[str]:
    """The languages `user` interprets the stage into (none for guests, without a read)."""
    if not user.is_authenticated:
        return frozenset()
    return await language_reads.load((room_id, user.pk))


@command("stage.get", ack=StageGetAck)
async def get(conn, frame: StageGet, joined) -> StageGetAck:
    snapshot = await stage_snapshot_async(joined.room_id)
    # Publishers held by other processes too (rtc.subscribe reaches them from here).
    snapshot["publishers"] = [*snapshot["publishers"], *await cluster.publishers_elsewhere(joined.room_id)]
    # The asker's own interpretation languages (their page offers to interpret into them).
    languages = sorted(await own_languages(joined.room_id, conn.user))
    interpreting = [{"language": code, "language_name": language_name(code)} for code in languages]
    # Speakers, moderators and interpreters offer before any answer (rtc.publish): they get
    # TURN credentials here.
    publishes = stage.can_run_stage(joined.access.roles) or bool(languages)
    subject = subject_of(conn) if publishes else None
    # The ack as extended by the apps that pin things on stages (streams.pins).
    return COMMANDS["stage.get"].ack.build(
        **{**snapshot, "ice_servers": ice_servers_for(subject), "interpreting": interpreting}
    )


@command("rtc.publish", logged_in=True, ack=RtcPublishAck)
async def publish(conn, frame: RtcPublish, joined) -> RtcPublishAck:
    if frame.language is not None:
        languages = await database_sync_to_async(interpreter_languages)(joined.room_id, conn.user)
        if frame.language not in languages:
            raise LiveError(
                ErrorCode.FORBIDDEN,
                f"You are not an interpreter into {frame.language!r} on this stage.",
            )
    elif not stage.can_run_stage(joined.access.roles):
        raise LiveError(ErrorCode.FORBIDDEN, "Only the stage's speakers and moderators can publish.")
    state = (await database_sync_to_async(stage.stream_state)(joined.room_id))["state"]
    if state == "ended":
        raise LiveError(ErrorCode.INVALID_STATE, "The stage has ended.", state=state)
    where = {"room_id": joined.room_id, "room_slug": joined.slug, "user": conn.user_ref(), "sdp": frame.sdp}
    # An interpretation goes where the speaker is: viewers' audio is forwarded from there; so
    # does a speaker, to join the panel's other speakers (one HLS mix, one publisher limit).
    # Speakers who start at the same moment on two processes: the stage's claim picks one.
    holder = None
    if not media.speakers_in(joined.room_id):
        if frame.language is not None:
            holder = await cluster.speaker_node(joined.room_id)
        elif settings.STREAMS.get("GATHER_SPEAKERS", True):
            holder = await cluster.panel_holder(joined.room_id)
    if holder is not None:
        answer = await cluster.publish(holder, conn=conn, language=frame.language, **where)
        return RtcPublishAck.build(**answer, ice_servers=ice_servers_for(subject_of(conn)))
    answer = await media.publish(conn=conn, language=frame.language, **where)
    await cluster.published(answer["publisher_id"])  # viewers on other processes find it here
    await cluster.share_room(joined.room_id)
    if frame.language is None:
        await cluster.speaker_published(joined.room_id)  # interpretations held elsewhere follow
    await packagers.stage_changed(joined.room_id, joined.slug, state)
    return RtcPublishAck.build(**answer, ice_servers=ice_servers_for(subject_of(conn)))


@command("rtc.unpublish", logged_in=True, ack=EmptyAck)
async def unpublish(conn, frame: RtcUnpublish, joined) -> None:
    if remote := cluster.remote(frame.publisher_id, conn, joined.room_id):
        await cluster.forward(remote, "unpublish", publisher_id=frame.publisher_id)
        return
    moderator = joined.access.is_moderator
    if moderator and frame.publisher_id not in media.publishers:
        # A moderator stops a publisher held by another process (checked here, done there).
        if holder := await cluster.holder_of(frame.publisher_id):
            await cluster.stop_publisher(holder, conn=conn, room_id=joined.room_id, publisher_id=frame.publisher_id)
            return
    await media.unpublish(
        conn=conn, room_id=joined.room_id, publisher_id=frame.publisher_id, moderator=joined.access.is_moderator
    )


@command("rtc.subscribe", ack=RtcSubscribeAck)
async def subscribe(conn, frame: RtcSubscribe, joined) -> RtcSubscribeAck:
    state = (await database_sync_to_async(stage.stream_state)(joined.room_id))["state"]
    where = {"room_id": joined.room_id, "room_slug": joined.slug, "user": conn.user_ref()}
    where["publisher_id"] = frame.publisher_id
    where["language"] = frame.language
    if state == "ended" or (state not in ON_AIR and not stage.can_run_stage(joined.access.roles)):
        raise LiveError(ErrorCode.INVALID_STATE, f"The stage is {state}.", state=state)
    # The publisher may be held by another process: the viewer's peer is made there.
    holder = None if frame.publisher_id in media.publishers else await cluster.holder_of(frame.publisher_id)
    try:
        offer = await (cluster.subscribe(holder, conn=conn, **where) if holder else media.subscribe(conn=conn, **where))
    except LiveError as error:
        # The relay is full: the big audience watches the HLS stream (when there is one).
        hls_url = await live_hls_url(joined.room_id)  # from any process (streams.recordings)
        if error.code == StageErrorCode.VIEWER_LIMIT and hls_url:
            return RtcSubscribeAck.build(mode="hls", hls_url=hls_url)
        raise
    return RtcSubscribeAck.build(mode="webrtc", **offer, ice_servers=ice_servers_for(subject_of(conn)))


@command("rtc.language", ack=RtcLanguageAck)
async def language(conn, frame: RtcLanguage, joined) -> RtcLanguageAck:
    fields = {"peer_id": frame.peer_id, "language": frame.language}
    if remote := cluster.remote(frame.peer_id, conn, joined.room_id):
        return RtcLanguageAck.build(**await cluster.forward(remote, "language", **fields))
    return RtcLanguageAck.build(**await media.set_language(conn=conn, room_id=joined.room_id, **fields))


@command("rtc.answer", ack=EmptyAck)
async def answer(conn, frame: RtcAnswer, joined) -> None:
    if remote := cluster.remote(frame.peer_id, conn, joined.room_id):
        await cluster.forward(remote, "answer", peer_id=frame.peer_id, sdp=frame.sdp)
        return
    await media.answer(conn=conn, room_id=joined.room_id, peer_id=frame.peer_id, sdp=frame.sdp)


@command("rtc.ice", ack=EmptyAck)
async def ice(conn, frame: RtcIce, joined) -> None:
    if remote := cluster.remote(frame.peer_id, conn, joined.room_id):
        fields = {"peer_id": frame.peer_id, "candidate": frame.candidate}
        fields.update(sdp_mid=frame.sdp_mid, sdp_mline_index=frame.sdp_mline_index)
        await cluster.forward(remote, "ice", ice=fields)
        return
    await media.add_ice(
        conn=conn,
        room_id=joined.room_id,
        peer_id=frame.peer_id,
        candidate=frame.candidate,
        sdp_mid=frame.sdp_mid,
        sdp_mline_index=frame.sdp_mline_index,
    )


@command("rtc.leave", ack=EmptyAck)
async def leave(conn, frame: RtcLeave, joined) -> None:
    if remote := cluster.remote(frame.peer_id, conn, joined.room_id):
        await cluster.forward(remote, "leave", peer_id=frame.peer_id)
        return
    await media.leave(conn=conn, room_id=joined.room_id, peer_id=frame.peer_id)


# Other processes' stage.get follows this process's publishers as they come and go.
media.publisher_listeners.append(cluster.share_room)
media.publishers_elsewhere = cluster.publishers_elsewhere


# --- room kind hooks (sync, in a worker thread) ------------------------------------------


async def on_leave(room_id: int, user, connection_id: str, token) -> None:
    """No database work: runs on the event loop, costing a stage's leave nothing when the
    connection had no media."""
    if media.has_peers(room_id, connection_id):
        await media.close_connection(room_id, connection_id)
    if cluster.has_remote(room_id, connection_id):
        await cluster.close_connection(room_id, connection_id)
