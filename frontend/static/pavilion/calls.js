// Calls on every page of a logged-in person: ringing with accept/decline, calling with
// cancel, the call window (local and remote video, mute, hang up), busy/missed notices.
// Media flows peer to peer; the server relays the signalling (call.* frames, docs/streams.md).
// Rule for who offers: whoever joins later offers to everyone already joined (a full mesh).

import { el, format, readJson } from "./dom.js";
import { stopStream } from "./rtc.js";
import { client, ensureConnected } from "./shared-client.js";

const config = readJson("call-config", null);
const $ = (id) => document.getElementById(id);

let call = null; // {id, role, state, participants, peers: Map(userId -> peer), from}
let localStream = null;
let focusBefore = null; // where keyboard focus was before the call window took it

function t(key, values) {
  return format(config?.strings?.[key] || key, values);
}

function nameOf(userId) {
  const person = call?.participants.find((p) => p.user.id === userId);
  return person ? person.user.name : String(userId);
}

function othersText() {
  const others = (call?.participants || []).filter((p) => p.user.id !== config.user.id);
  return others.map((p) => p.user.name).join(", ");
}

// --- the window -----------------------------------------------------------------------

function notify(text) {
  const box = $("call-notice");
  box.textContent = text || "";
  box.hidden = !text;
  if (text) setTimeout(() => box.textContent === text && notify(""), 8000);
}

function render() {
  const windowBox = $("call-window");
  let uiState = "idle";
  if (call && call.role === "callee") uiState = call.acceptedHere ? "active" : "incoming";
  else if (call) uiState = call.state === "active" ? "active" : "outgoing";
  windowBox.dataset.state = uiState;
  windowBox.hidden = uiState === "idle";
  const show = (id, visible) => {
    $(id).hidden = !visible;
  };
  show("call-accept", uiState === "incoming");
  show("call-decline", uiState === "incoming");
  show("call-cancel", uiState === "outgoing");
  show("call-hangup", uiState === "active");
  show("call-mic", Boolean(localStream) && uiState !== "incoming");
  show("call-camera", Boolean(localStream) && uiState !== "incoming");
  if (!call) return;
  let status = "";
  if (uiState === "incoming") status = t("incoming", { name: call.from?.name || othersText() });
  else if (uiState === "outgoing") status = t("calling", { name: othersText() });
  else status = [...call.peers.values()].some((p) => p.connected) ? t("connected", { name: othersText() }) : t("connecting");
  $("call-status").textContent = status;
  const audio = localStream?.getAudioTracks()[0];
  const video = localStream?.getVideoTracks()[0];
  $("call-mic").setAttribute("aria-pressed", audio && !audio.enabled ? "true" : "false");
  $("call-camera").setAttribute("aria-pressed", video && !video.enabled ? "true" : "false");
}

async function getMedia() {
  if (localStream) return localStream;
  try {
    localStream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
    $("call-local").srcObject = localStream;
  } catch (error) {
    notify(t("failed", { reason: error.message || error.name }));
    localStream = null; // receive only
  }
  return localStream;
}

function teardown(reasonText) {
  if (call) for (const peer of call.peers.values()) closePeer(peer);
  call = null;
  stopStream(localStream);
  localStream = null;
  $("call-local").srcObject = null;
  $("call-remote").replaceChildren();
  render();
  if (reasonText) notify(reasonText);
  if (focusBefore && document.contains(focusBefore)) focusBefore.focus();
  focusBefore = null;
}

// --- peers ----------------------------------------------------------------------------

function signal(toUserId, data) {
  return client.request("call.signal", { call_id: call.id, to_user_id: toUserId, data }).catch((error) => console.warn("call.signal", error));
}

function peerFor(userId) {
  let peer = call.peers.get(userId);
  if (peer) return peer;
  // The call's ICE servers (TURN credentials of our own) come in the request/accept ack.
  const pc = new RTCPeerConnection({ iceServers: call?.iceServers || config.ice_servers || [] });
  const stream = new MediaStream();
  const video = el("video", { autoplay: true, playsinline: true, "aria-label": t("video_of", { name: nameOf(userId) }) });
  video.srcObject = stream;
  const tile = el("figure", { class: "call-tile", dataset: { userId } }, video, el("figcaption", { text: nameOf(userId) }));
  $("call-remote").append(tile);
  peer = { userId, pc, stream, tile, video, pendingIce: [], remoteSet: false, connected: false };
  call.peers.set(userId, peer);
  if (localStream) for (const track of localStream.getTracks()) pc.addTrack(track, localStream);
  else {
    pc.addTransceiver("audio", { direction: "recvonly" });
    pc.addTransceiver("video", { direction: "recvonly" });
  }
  pc.addEventListener("track", (event) => {
    stream.addTrack(event.track);
    video.play().catch(() => {});
  });
  const callId = call.id;
  pc.addEventListener("icecandidate", (event) => {
    if (!call || call.id !== callId) return;
    const c = event.candidate;
    signal(userId, c ? { type: "ice", candidate: c.candidate, sdp_mid: c.sdpMid ?? undefined, sdp_mline_index: c.sdpMLineIndex ?? undefined } : { type: "ice", candidate: "" });
  });
  pc.addEventListener("connectionstatechange", () => {
    peer.connected = pc.connectionState === "connected";
    tile.dataset.connection = pc.connectionState;
    render();
  });
  return peer;
}

function closePeer(peer) {
  peer.pc.close();
  peer.tile.remove();
  call?.peers.delete(peer.userId);
}

async function offerTo(userId) {
  const peer = peerFor(userId);
  await peer.pc.setLocalDescription(await peer.pc.createOffer());
  await signal(userId, { type: "offer", sdp: peer.pc.localDescription.sdp });
}

async function onSignal(frame) {
  if (!call || frame.call_id !== call.id) return; // another tab's or an old call's media
  const { data } = frame;
  const peer = peerFor(frame.from_user_id);
  try {
    if (data.type === "offer") {
      await peer.pc.setRemoteDescription({ type: "offer", sdp: data.sdp });
      await flushIce(peer);
      await peer.pc.setLocalDescription(await peer.pc.createAnswer());
      await signal(frame.from_user_id, { type: "answer", sdp: peer.pc.localDescription.sdp });
    } else if (data.type === "answer") {
      await peer.pc.setRemoteDescription({ type: "answer", sdp: data.sdp });
      await flushIce(peer);
    } else if (data.type === "ice") {
      const candidate = data.candidate ? { candidate: data.candidate, sdpMid: data.sdp_mid ?? null, sdpMLineIndex: data.sdp_mline_index ?? null } : null;
      if (peer.remoteSet) await addIce(peer, candidate);
      else peer.pendingIce.push(candidate);
    }
  } catch (error) {
    console.warn("call signalling", error);
  }
}

async function flushIce(peer) {
  peer.remoteSet = true;
  for (const candidate of peer.pendingIce.splice(0)) await addIce(peer, candidate);
}

async function addIce(peer, candidate) {
  try {
    if (candidate) await peer.pc.addIceCandidate(candidate);
    else await peer.pc.addIceCandidate();
  } catch (error) {
    console.warn("addIceCandidate", error);
  }
}

// --- actions --------------------------------------------------------------------------

export async function startCall(users, context = undefined) {
  if (!config?.user) return;
  if (call && call.state === "active" && call.id) {
    // In a call already: invite them into it (a meeting of up to four; they offer to us).
    for (const user of users) {
      try {
        const ack = await client.request("call.invite", { call_id: call.id, user_id: user.id });
        if (call) call.participants = ack.participants;
      } catch (error) {
        notify(t("failed", { reason: error.message }));
      }
    }
    render();
    return;
  }
  if (call) {
    notify(t("failed", { reason: "already in a call" }));
    return;
  }
  ensureConnected();
  const participants = [{ user: config.user, status: "joined" }, ...users.map((user) => ({ user, status: "ringing" }))];
  call = { id: null, role: "caller", state: "ringing", participants, peers: new Map(), early: [] };
  render();
  await getMedia();
  if (!call) return; // cancelled meanwhile
  try {
    const fields = { to_user_ids: users.map((u) => u.id) };
    if (context) fields.context = context;
    const ack = await client.request("call.request", fields);
    if (!call) return;
    Object.assign(call, { id: ack.call_id, state: ack.state, participants: ack.participants, iceServers: ack.ice_servers });
    if (ack.state === "ended") {
      // Everyone was busy: the call ended before it rang (the busy frames may come first).
      const busy = ack.participants.filter((p) => p.status === "busy").map((p) => p.user.name);
      teardown(busy.length ? t("busy", { name: busy.join(", ") }) : t("ended"));
    } else await handleEarlyFrames();
  } catch (error) {
    teardown(t("failed", { reason: error.message }));
  }
  render();
}

/** A scheduled meeting's call (`meeting.join`): the first to join rings the others; a later
 * one joins the running call and, like after accepting, offers to everyone in it. */
export async function joinMeeting(meetingId) {
  if (!config?.user) return;
  if (call) {
    notify(t("failed", { reason: "already in a call" }));
    return;
  }
  ensureConnected();
  focusBefore = document.activeElement;
  call = { id: null, role: "caller", state: "ringing", participants: [{ user: config.user, status: "joined" }], peers: new Map(), early: [] };
  render();
  await getMedia();
  if (!call) return;
  try {
    const ack = await client.request("meeting.join", { meeting_id: meetingId });
    if (!call) return;
    Object.assign(call, { id: ack.call_id, state: ack.state, participants: ack.participants, iceServers: ack.ice_servers });
    if (ack.state === "active") {
      Object.assign(call, { role: "callee", acceptedHere: true });
      render();
      $("call-hangup").focus();
      for (const p of ack.participants) if (p.status === "joined" && p.user.id !== config.user.id) await offerTo(p.user.id);
    }
    await handleEarlyFrames();
  } catch (error) {
    teardown(t("failed", { reason: error.message }));
    throw error;
  }
  render();
}

async function accept() {
  if (!call || call.role !== "callee") return;
  await getMedia();
  try {
    call.acceptedHere = true;
    const ack = await client.request("call.accept", { call_id: call.id });
    Object.assign(call, { state: ack.state, participants: ack.participants, iceServers: ack.ice_servers });
    render();
    $("call-hangup").focus();
    for (const p of ack.participants) if (p.status === "joined" && p.user.id !== config.user.id) await offerTo(p.user.id);
  } catch (error) {
    teardown(t("failed", { reason: error.message }));
  }
}

async function leave(type) {
  if (!call) return;
  const id = call.id;
  teardown("");
  if (id) await client.request(type, { call_id: id }).catch(() => {});
}

function toggleTrack(kind) {
  const track = kind === "audio" ? localStream?.getAudioTracks()[0] : localStream?.getVideoTracks()[0];
  if (track) track.enabled = !track.enabled;
  render();
}

// --- frames ---------------------------------------------------------------------------

// Frames of our own new call can come before the answer that names it (`call.request`,
// `meeting.join`): the callee accepts and offers while the answer is on its way. They are
// kept until the answer gives the call's id, then handled in order: a pushed frame is newer
// than the answer (as live-requests.js's PushedFields has it for snapshots).
function keptUntilNamed(handler) {
  return (frame) => {
    if (call && call.id === null && call.early) call.early.push([handler, frame]);
    else return handler(frame);
  };
}

async function handleEarlyFrames() {
  for (const [handler, frame] of call?.early?.splice(0) || []) if (call && frame.call_id === call.id) await handler(frame);
}

function onRinging(frame) {
  if (call && call.id !== frame.call_id) return; // busy here: the server tells the caller
  call = { id: frame.call_id, role: "callee", state: "ringing", participants: frame.participants, peers: new Map(), from: frame.from };
  focusBefore = document.activeElement;
  render();
  $("call-accept").focus();
}

function onState(frame) {
  if (!call || frame.call_id !== call.id) return;
  call.participants = frame.participants;
  if (frame.state === "ended") {
    teardown(frame.reason === "busy" || frame.reason === "declined" || frame.reason === "missed" ? "" : t("ended"));
    return;
  }
  call.state = frame.state;
  if (call.role === "callee" && call.state === "active" && !call.acceptedHere) {
    // Answered in another tab or on another device (or not by us): stop ringing here.
    const mine = frame.participants.find((p) => p.user.id === config.user.id);
    if (!mine || mine.status !== "ringing") {
      teardown("");
      return;
    }
  }
  for (const p of frame.participants) {
    const peer = call?.peers.get(p.user.id);
    if (peer && p.status !== "joined") closePeer(peer);
  }
  render();
}

function onDeclined(frame) {
  if (!call || frame.call_id !== call.id) return;
  notify(t(frame.reason === "busy" ? "busy" : "declined", { name: frame.user.name }));
}

function onMissed(frame) {
  if (!call || frame.call_id !== call.id) return;
  if (frame.user.id === config.user.id) teardown(t("missed_you", { name: call.from?.name || "" }));
  else notify(t("missed", { name: frame.user.name }));
}

// Pages load this module from the template (and it may be reachable under a second,
// cache-busted URL): wire it once.
if (config?.user && !window.pavilionCalls) {
  ensureConnected();
  client.on("call.ringing", onRinging);
  client.on("call.state", keptUntilNamed(onState));
  client.on("call.declined", keptUntilNamed(onDeclined));
  client.on("call.missed", keptUntilNamed(onMissed));
  client.on("call.signal", keptUntilNamed(onSignal));
  $("call-accept").addEventListener("click", accept);
  $("call-decline").addEventListener("click", () => leave("call.decline"));
  $("call-cancel").addEventListener("click", () => leave("call.cancel"));
  $("call-hangup").addEventListener("click", () => leave("call.hangup"));
  $("call-mic").addEventListener("click", () => toggleTrack("audio"));
  $("call-camera").addEventListener("click", () => toggleTrack("video"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && call && call.role === "callee" && call.state === "ringing") leave("call.decline");
  });
  window.pavilionCalls = { startCall, joinMeeting, get current() { return call; } };
}
