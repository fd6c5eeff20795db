// Pavilion live-room protocol client: one WebSocket to /ws/ carrying any number of rooms.
//
// - request(type, fields) sends a frame with a fresh `ref` and resolves with the matching
//   ack (rejects with a LiveError built from the matching error frame).
// - joinRoom(slug, handlers) keeps a room joined across reconnects. Sequenced room events
//   (those with a `seq`) reach handlers.onEvent exactly once and in seq order; the client
//   keeps the highest contiguous seq it applied and resumes from it (`since_seq`) after a
//   reconnect, paging with room.history while the server says `has_more`.
// - Requests marked `resend` (chat.send, qa.ask) survive a lost connection: they are sent
//   again, with the same ref, once the rooms are joined again. The server stores a post
//   once per ref, so a resent frame whose first copy did arrive is not stored twice.
//
// Rooms, their resume and event order: live-room.js; requests and their acks:
// live-requests.js. See docs/client.md.

import { LiveError, PendingRequests } from "./live-requests.js";
import { LiveRoom } from "./live-room.js";

export { LiveError };

// The sequenced event types (ordered and resumed by seq) are the server's: its hello lists them.
let SEQUENCED = new Set();

function defaultUrl(path) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}${path}`;
}

export class LiveClient {
  constructor({
    path = "/ws/",
    url = null,
    backoffBase = 500,
    backoffMax = 8000,
    pingInterval = 25000,
    pingTimeout = 10000,
  } = {}) {
    this.url = url || defaultUrl(path);
    this.backoffBase = backoffBase;
    this.backoffMax = backoffMax;
    this.pingInterval = pingInterval;
    this.pingTimeout = pingTimeout;
    this.ws = null;
    this.status = "idle"; // idle | connecting | connected | reconnecting | closed
    this.user = null;
    this.limits = {};
    this.attempt = 0;
    this.pending = new PendingRequests();
    this.rooms = new Map(); // slug -> LiveRoom
    this.listeners = new Map(); // type -> Set(fn)
    this.ready = false; // hello received and every room joined again
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.closedByUs = false;
    // Texts of the errors the client makes itself; a page may put its language's in.
    this.messages = { connectionLost: "The connection was lost.", notConnected: "Not connected; reconnecting…" };
  }

  // --- events --------------------------------------------------------------------------

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.listeners.get(type).delete(fn);
  }

  emit(type, payload) {
    for (const key of [type, "*"]) {
      const set = this.listeners.get(key);
      if (!set) continue;
      for (const fn of [...set]) {
        try {
          fn(payload, type);
        } catch (error) {
          console.error("listener for", type, "failed", error);
        }
      }
    }
  }

  setStatus(status, detail = "") {
    if (this.status === status && !detail) return;
    this.status = status;
    this.emit("status", { status, detail });
  }

  // --- connection ----------------------------------------------------------------------

  connect() {
    this.closedByUs = false;
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) return;
    this.setStatus(this.attempt === 0 && this.status === "idle" ? "connecting" : "reconnecting");
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (error) {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.addEventListener("message", (event) => this.onMessage(ws, event));
    ws.addEventListener("close", () => this.onClose(ws));
    ws.addEventListener("error", () => {
      // A close event follows; reconnecting is decided there.
    });
  }

  close() {
    this.closedByUs = true;
    clearTimeout(this.reconnectTimer);
    this.stopPing();
    if (this.ws) this.ws.close(1000, "bye");
    this.setStatus("closed");
  }

  onClose(ws) {
    if (ws !== this.ws) return;
    this.ws = null;
    this.ready = false;
    this.stopPing();
    for (const room of this.rooms.values()) room.joined = false;
    this.pending.disconnected(this.messages.connectionLost);
    if (this.closedByUs) return;
    this.setStatus("reconnecting");
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    clearTimeout(this.reconnectTimer);
    // Exponential backoff with "equal jitter": half fixed, half random, so that a whole
    // audience that lost a server does not come back in the same millisecond.
    const ceiling = Math.min(this.backoffMax, this.backoffBase * 2 ** this.attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt += 1;
    this.emit("reconnect-scheduled", { attempt: this.attempt, delay });
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  startPing() {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      const ws = this.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      const timer = setTimeout(() => {
        // No answer: the socket is dead without knowing it (a half-open TCP connection).
        if (ws === this.ws) ws.close(4000, "ping timeout");
      }, this.pingTimeout);
      this.request("ping", {}).then(
        () => clearTimeout(timer),
        () => clearTimeout(timer),
      );
    }, this.pingInterval);
  }

  stopPing() {
    clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  async onHello(ws, frame) {
    this.user = frame.user;
    this.limits = frame.limits || {};
    SEQUENCED = new Set(frame.sequenced || []);
    this.emit("hello", frame);
    this.startPing();
    const resumed = this.attempt > 0 || [...this.rooms.values()].some((r) => r.lastSeq !== null);
    try {
      // Rooms added while this runs are joined too.
      let room;
      while ((room = [...this.rooms.values()].find((r) => !r.joined && !r.catchingUp))) {
        if (ws !== this.ws) return;
        await room.join();
      }
    } catch (error) {
      if (ws !== this.ws) return;
      // A room could not be joined again for a transient reason: start over.
      console.warn("rejoin failed", error);
      ws.close(4001, "rejoin failed");
      return;
    }
    if (ws !== this.ws) return;
    this.attempt = 0;
    this.ready = true;
    this.pending.flush(this.ws);
    this.setStatus("connected");
    if (resumed) this.emit("resumed", {});
  }

  onMessage(ws, event) {
    if (ws !== this.ws) return;
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    if (frame.type === "hello") {
      this.onHello(ws, frame);
      return;
    }
    if (frame.type === "ack" || (frame.type === "error" && frame.ref !== null && frame.ref !== undefined)) {
      if (this.pending.settle(frame)) return;
    }
    if (frame.type === "error") {
      this.emit("error", frame);
      return;
    }
    if (frame.type === "server.status") {
      this.emit("server.status", frame);
      return;
    }
    const room = frame.room ? this.rooms.get(frame.room) : null;
    if (frame.type === "room.removed") {
      if (room) {
        this.rooms.delete(frame.room);
        room.handlers.onRemoved?.(frame);
      }
      this.emit("room.removed", frame);
      return;
    }
    if (frame.type === "room.lagged") {
      // The server stopped sending this room's frames (we fell behind): join it again
      // from where we are; the missed events come back through the resume path.
      if (room) room.resync();
      this.emit("room.lagged", frame);
      return;
    }
    if (room && SEQUENCED.has(frame.type) && typeof frame.seq === "number") {
      room.receive(frame, "live");
      return;
    }
    if (room) room.handlers.onFrame?.(frame);
    this.emit(frame.type, frame);
  }

  // --- requests ------------------------------------------------------------------------

  /**
   * Send a frame; resolves with its ack, rejects with a LiveError (`code`, `message`).
   * With `resend: true` the frame is kept while the connection is down and sent again,
   * with the same ref, after the rooms are joined again.
   */
  request(type, fields = {}, { resend = false } = {}) {
    const canSendNow = this.ws && this.ws.readyState === WebSocket.OPEN && (this.ready || !resend);
    if (!canSendNow && !resend) {
      return Promise.reject(new LiveError({ code: "disconnected", message: this.messages.notConnected }));
    }
    const { entry, promise } = this.pending.add(type, fields, resend);
    if (resend) this.emit("queued", { ref: entry.frame.ref, frame: entry.frame });
    if (canSendNow) this.pending.transmit(this.ws, entry);
    return promise;
  }

  pendingPosts() {
    return this.pending.posts();
  }

  // --- rooms (live-room.js) -----------------------------------------------------------

  /**
   * Join a room and keep it joined (handlers and sinceSeq: see LiveRoom). sinceSeq: the seq
   * a server-rendered page was read at; the first join then resumes from it, so events
   * stored between the render and the join are not missed. Resolves with the first join's
   * state.
   */
  joinRoom(slug, handlers = {}, { sinceSeq = null } = {}) {
    const room = new LiveRoom(this, slug, handlers, { sinceSeq });
    this.rooms.set(slug, room);
    return new Promise((resolve, reject) => {
      room.firstJoin = { resolve, reject };
      if (this.ready) {
        room.join().catch((error) => {
          this.rooms.delete(slug);
          reject(error);
        });
      } else {
        this.connect();
      }
    });
  }

  leaveRoom(slug) {
    const room = this.rooms.get(slug);
    if (!room) return Promise.resolve();
    this.rooms.delete(slug);
    room.stop();
    if (!this.ready) return Promise.resolve();
    return this.request("room.leave", { room: slug }).catch(() => {});
  }
}
