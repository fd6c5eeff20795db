// One joined room of a LiveClient (live-client.js): its join and resume, and the ordering
// of its sequenced events. Every sequenced event reaches handlers.onEvent exactly once and
// in seq order: the room keeps `lastSeq`, the highest seq up to which it applied every
// event, buffers what comes early (before the join answer or past a gap) and fills gaps
// from room.history. See docs/client.md.

const HISTORY_PAGE = 500;
const GAP_WAIT_MS = 500;
// Join refusals that will not change by retrying: the room is given up.
const PERMANENT = new Set(["not_found", "banned", "auth_required"]);

export class LiveRoom {
  /**
   * handlers:
   *   onState(state, {resumed})  the join answer (on a resume: after the missed events)
   *   onEvent(event, {source})   every sequenced event once, in seq order
   *   onFrame(frame)             ephemeral frames: presence, poll.results, qa.queue, mod.notice
   *   onRemoved(frame)           banned: the room is dropped
   * sinceSeq: the seq a server-rendered page was read at (the first join resumes from it).
   */
  constructor(client, slug, handlers = {}, { sinceSeq = null } = {}) {
    this.client = client;
    this.slug = slug;
    this.handlers = handlers;
    this.lastSeq = sinceSeq; // highest contiguous seq applied
    this.buffer = new Map(); // seq -> event that came early (before the join answer or past a gap)
    this.joined = false;
    this.catchingUp = false;
    this.gapTimer = null;
    this.filling = false;
    this.firstJoin = null; // {resolve, reject} of joinRoom's promise until the first join ends
  }

  /** Still the client's room of this slug (not left or given up meanwhile). */
  get current() {
    return this.client.rooms.get(this.slug) === this;
  }

  stop() {
    clearTimeout(this.gapTimer);
  }

  /** Join (or join again, resuming from lastSeq); throws on a transient failure. */
  async join() {
    this.joined = false;
    this.catchingUp = true;
    this.client.emit("room-phase", { room: this.slug, phase: "catching-up" });
    const resumed = this.lastSeq !== null;
    const fields = { room: this.slug };
    if (resumed) fields.since_seq = this.lastSeq;
    let state;
    try {
      state = await this.client.request("room.join", fields);
    } catch (error) {
      this.catchingUp = false;
      if (!PERMANENT.has(error.code)) throw error;
      this.giveUp(error);
      return;
    }
    if (!this.current) return;
    if (!resumed) {
      this.lastSeq = state.seq;
      this.handlers.onState?.(state, { resumed: false });
    } else {
      for (const event of state.events || []) this.receive(event, "resume");
      let hasMore = state.has_more;
      while (hasMore) hasMore = await this.readHistoryPage();
      this.handlers.onState?.(state, { resumed: true });
    }
    this.catchingUp = false;
    this.joined = true;
    this.drain();
    this.client.emit("room-phase", { room: this.slug, phase: "live" });
    if (this.firstJoin) {
      this.firstJoin.resolve(state);
      this.firstJoin = null;
    }
  }

  // Permanent refusal: give the room up rather than retrying forever.
  giveUp(error) {
    this.client.rooms.delete(this.slug);
    if (this.firstJoin) {
      this.firstJoin.reject(error);
      this.firstJoin = null;
    } else {
      this.handlers.onRemoved?.({ type: "room.removed", room: this.slug, reason: error.message });
    }
  }

  /** Join again from where we are (room.lagged); the missed events come back through join(). */
  resync() {
    if (!this.client.ready || this.catchingUp) return;
    const ws = this.client.ws;
    this.join().catch((error) => {
      console.warn("rejoin of", this.slug, "failed", error);
      if (ws && ws === this.client.ws) ws.close(4001, "rejoin failed");
    });
  }

  /** A sequenced event from `source` ("live", "resume" or "history"). */
  receive(event, source) {
    if (source === "live" && (this.catchingUp || !this.joined || this.lastSeq === null)) {
      // Not yet known where this room stands: keep it until the join answer says.
      this.buffer.set(event.seq, event);
      return;
    }
    if (event.seq <= this.lastSeq) return; // seen already
    if (event.seq === this.lastSeq + 1) {
      this.apply(event, source);
      this.drain();
      return;
    }
    this.buffer.set(event.seq, event);
    this.scheduleGapFill();
  }

  apply(event, source) {
    this.lastSeq = event.seq;
    try {
      this.handlers.onEvent?.(event, { source });
    } catch (error) {
      console.error("room event handler failed", error);
    }
    this.client.emit("room-event", { room: this.slug, event, source });
  }

  drain() {
    if (this.lastSeq === null) return;
    for (const seq of [...this.buffer.keys()]) {
      if (seq <= this.lastSeq) this.buffer.delete(seq);
    }
    while (this.buffer.has(this.lastSeq + 1)) {
      const event = this.buffer.get(this.lastSeq + 1);
      this.buffer.delete(event.seq);
      this.apply(event, "live");
    }
    if (this.buffer.size > 0) this.scheduleGapFill();
  }

  scheduleGapFill() {
    if (this.gapTimer || this.filling || this.catchingUp) return;
    // Events from several server processes may arrive slightly out of order: wait a
    // moment for the missing one before asking for history.
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      this.fillGap();
    }, GAP_WAIT_MS);
  }

  // One page of room.history after lastSeq, each event received; true while there is more.
  async readHistoryPage() {
    const page = await this.client.request("room.history", { room: this.slug, after_seq: this.lastSeq, limit: HISTORY_PAGE });
    for (const event of page.events) this.receive(event, "history");
    return page.has_more && page.events.length > 0;
  }

  async fillGap() {
    if (!this.client.ready || this.buffer.size === 0 || !this.current) return;
    this.filling = true;
    try {
      let hasMore = true;
      while (hasMore && this.buffer.size > 0) {
        hasMore = await this.readHistoryPage();
        const lowest = Math.min(...this.buffer.keys());
        if (this.buffer.size > 0 && lowest === this.lastSeq + 1) this.drain();
      }
    } catch (error) {
      console.warn("history for", this.slug, "failed", error);
    } finally {
      this.filling = false;
    }
    if (this.buffer.size > 0) this.scheduleGapFill();
  }
}
