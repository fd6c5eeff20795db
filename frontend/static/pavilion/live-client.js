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
// See docs/client.md.

const SEQUENCED = new Set([
  "chat.message",
  "chat.deleted",
  "chat.reaction",
  "qa.question",
  "poll.state",
  "room.updated",
  "stage.state",
  "stage.jobs",
  "lead.new",
  "call_request.updated",
]);

export class LiveError extends Error {
  constructor(frame) {
    super(frame.message || frame.code || "error");
    this.name = "LiveError";
    this.code = frame.code;
    this.frame = frame;
  }
}

function defaultUrl(path) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}${path}`;
}

function randomId() {
  if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().slice(0, 8);
  return Math.random().toString(36).slice(2, 10);
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
    this.refPrefix = randomId();
    this.refCounter = 0;
    this.pending = new Map(); // ref -> {frame, resolve, reject, resend, sent}
    this.rooms = new Map(); // slug -> RoomState
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
    // Requests in flight: posts wait to be sent again, everything else fails now.
    for (const [ref, entry] of [...this.pending]) {
      if (entry.resend) {
        entry.sent = false;
      } else {
        this.pending.delete(ref);
        entry.reject(new LiveError({ code: "disconnected", message: this.messages.connectionLost }));
      }
    }
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
    this.emit("hello", frame);
    this.startPing();
    const resumed = this.attempt > 0 || [...this.rooms.values()].some((r) => r.lastSeq !== null);
    try {
      // Rooms added while this runs are joined too.
      let room;
      while ((room = [...this.rooms.values()].find((r) => !r.joined && !r.catchingUp))) {
        if (ws !== this.ws) return;
        await this.joinFlow(room);
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
    this.flushPending();
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
      const entry = this.pending.get(frame.ref);
      if (entry) {
        this.pending.delete(frame.ref);
        if (frame.type === "ack") entry.resolve(frame);
        else entry.reject(new LiveError(frame));
        return;
      }
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
      if (room) this.resync(room);
      this.emit("room.lagged", frame);
      return;
    }
    if (room && SEQUENCED.has(frame.type) && typeof frame.seq === "number") {
      this.receiveSequenced(room, frame, "live");
      return;
    }
    if (room) room.handlers.onFrame?.(frame);
    this.emit(frame.type, frame);
  }

  // --- requests ------------------------------------------------------------------------

  nextRef() {
    this.refCounter += 1;
    return `${this.refPrefix}-${this.refCounter}`;
  }

  /**
   * Send a frame; resolves with its ack, rejects with a LiveError (`code`, `message`).
   * With `resend: true` the frame is kept while the connection is down and sent again,
   * with the same ref, after the rooms are joined again.
   */
  request(type, fields = {}, { resend = false } = {}) {
    const ref = this.nextRef();
    const frame = { type, ref, ...fields };
    return new Promise((resolve, reject) => {
      const entry = { frame, resolve, reject, resend, sent: false };
      const canSendNow = this.ws && this.ws.readyState === WebSocket.OPEN && (this.ready || !resend);
      if (!canSendNow && !resend) {
        reject(new LiveError({ code: "disconnected", message: this.messages.notConnected }));
        return;
      }
      this.pending.set(ref, entry);
      if (resend) this.emit("queued", { ref, frame });
      if (canSendNow) this.transmit(entry);
    });
  }

  transmit(entry) {
    try {
      this.ws.send(JSON.stringify(entry.frame));
      entry.sent = true;
    } catch (error) {
      entry.sent = false;
    }
  }

  flushPending() {
    for (const entry of this.pending.values()) {
      if (entry.resend && !entry.sent) this.transmit(entry);
    }
  }

  pendingPosts() {
    return [...this.pending.values()].filter((e) => e.resend).map((e) => e.frame);
  }

  // --- rooms ---------------------------------------------------------------------------

  /**
   * Join a room and keep it joined. handlers:
   *   onState(state, {resumed})  the join answer (on a resume: after the missed events)
   *   onEvent(event, {source})   every sequenced event once, in seq order
   *   onFrame(frame)             ephemeral frames: presence, poll.results, qa.queue, mod.notice
   *   onRemoved(frame)           banned: the room is dropped
   * sinceSeq: the seq a server-rendered page was read at; the first join then resumes from
   * it, so events stored between the render and the join are not missed.
   * Resolves with the first join's state.
   */
  joinRoom(slug, handlers = {}, { sinceSeq = null } = {}) {
    const room = {
      slug,
      handlers,
      lastSeq: sinceSeq, // highest contiguous seq applied
      buffer: new Map(), // seq -> event that came early (before the join answer or past a gap)
      joined: false,
      catchingUp: false,
      gapTimer: null,
      filling: false,
    };
    this.rooms.set(slug, room);
    return new Promise((resolve, reject) => {
      room.firstJoin = { resolve, reject };
      if (this.ready) {
        this.joinFlow(room).catch((error) => {
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
    clearTimeout(room.gapTimer);
    if (!this.ready) return Promise.resolve();
    return this.request("room.leave", { room: slug }).catch(() => {});
  }

  async joinFlow(room) {
    room.joined = false;
    room.catchingUp = true;
    const resumed = room.lastSeq !== null;
    const fields = { room: room.slug };
    if (resumed) fields.since_seq = room.lastSeq;
    let state;
    try {
      state = await this.request("room.join", fields);
    } catch (error) {
      room.catchingUp = false;
      if (error.code === "not_found" || error.code === "banned" || error.code === "auth_required") {
        // Permanent: give the room up rather than retrying forever.
        this.rooms.delete(room.slug);
        if (room.firstJoin) {
          room.firstJoin.reject(error);
          room.firstJoin = null;
        } else {
          room.handlers.onRemoved?.({ type: "room.removed", room: room.slug, reason: error.message });
        }
        return;
      }
      throw error;
    }
    if (this.rooms.get(room.slug) !== room) return;
    if (!resumed) {
      room.lastSeq = state.seq;
      room.handlers.onState?.(state, { resumed: false });
    } else {
      for (const event of state.events || []) this.receiveSequenced(room, event, "resume");
      let hasMore = state.has_more;
      while (hasMore) {
        const page = await this.request("room.history", { room: room.slug, after_seq: room.lastSeq, limit: 500 });
        for (const event of page.events) this.receiveSequenced(room, event, "history");
        hasMore = page.has_more && page.events.length > 0;
      }
      room.handlers.onState?.(state, { resumed: true });
    }
    room.catchingUp = false;
    room.joined = true;
    this.drain(room);
    if (room.firstJoin) {
      room.firstJoin.resolve(state);
      room.firstJoin = null;
    }
  }

  resync(room) {
    if (!this.ready || room.catchingUp) return;
    const ws = this.ws;
    this.joinFlow(room).catch((error) => {
      console.warn("rejoin of", room.slug, "failed", error);
      if (ws && ws === this.ws) ws.close(4001, "rejoin failed");
    });
  }

  receiveSequenced(room, event, source) {
    if (source === "live" && (room.catchingUp || !room.joined || room.lastSeq === null)) {
      // Not yet known where this room stands: keep it until the join answer says.
      room.buffer.set(event.seq, event);
      return;
    }
    if (event.seq <= room.lastSeq) return; // seen already
    if (event.seq === room.lastSeq + 1) {
      this.apply(room, event, source);
      this.drain(room);
      return;
    }
    room.buffer.set(event.seq, event);
    this.scheduleGapFill(room);
  }

  apply(room, event, source) {
    room.lastSeq = event.seq;
    try {
      room.handlers.onEvent?.(event, { source });
    } catch (error) {
      console.error("room event handler failed", error);
    }
    this.emit("room-event", { room: room.slug, event, source });
  }

  drain(room) {
    if (room.lastSeq === null) return;
    for (const seq of [...room.buffer.keys()]) {
      if (seq <= room.lastSeq) room.buffer.delete(seq);
    }
    while (room.buffer.has(room.lastSeq + 1)) {
      const event = room.buffer.get(room.lastSeq + 1);
      room.buffer.delete(event.seq);
      this.apply(room, event, "live");
    }
    if (room.buffer.size > 0) this.scheduleGapFill(room);
  }

  scheduleGapFill(room) {
    if (room.gapTimer || room.filling || room.catchingUp) return;
    // Events from several server processes may arrive slightly out of order: wait a
    // moment for the missing one before asking for history.
    room.gapTimer = setTimeout(() => {
      room.gapTimer = null;
      this.fillGap(room);
    }, 500);
  }

  async fillGap(room) {
    if (!this.ready || room.buffer.size === 0 || this.rooms.get(room.slug) !== room) return;
    room.filling = true;
    try {
      let hasMore = true;
      while (hasMore && room.buffer.size > 0) {
        const page = await this.request("room.history", { room: room.slug, after_seq: room.lastSeq, limit: 500 });
        for (const event of page.events) this.receiveSequenced(room, event, "history");
        hasMore = page.has_more && page.events.length > 0;
        const lowest = Math.min(...room.buffer.keys());
        if (room.buffer.size > 0 && lowest === room.lastSeq + 1) this.drain(room);
      }
    } catch (error) {
      console.warn("history for", room.slug, "failed", error);
    } finally {
      room.filling = false;
    }
    if (room.buffer.size > 0) this.scheduleGapFill(room);
  }
}
