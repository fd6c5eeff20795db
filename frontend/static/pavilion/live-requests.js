// The requests in flight of a LiveClient (live-client.js): every frame gets a fresh `ref`,
// its promise resolves with the ack of that ref or rejects with a LiveError built from the
// error frame of that ref. Requests marked `resend` (posts: chat.send, qa.ask) survive a
// lost connection: they wait and are sent again, with the same ref, when the client is
// ready again; the server stores a post once per ref, so a resent copy is not stored twice.

export class LiveError extends Error {
  constructor(frame) {
    super(frame.message || frame.code || "error");
    this.name = "LiveError";
    this.code = frame.code;
    this.frame = frame;
  }
}

function randomId() {
  if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().slice(0, 8);
  return Math.random().toString(36).slice(2, 10);
}

export class PendingRequests {
  constructor() {
    this.refPrefix = randomId();
    this.refCounter = 0;
    this.entries = new Map(); // ref -> {frame, resolve, reject, resend, sent}
  }

  nextRef() {
    this.refCounter += 1;
    return `${this.refPrefix}-${this.refCounter}`;
  }

  /** A promise for the answer to `frame` (given a fresh ref); `entry` is kept until then. */
  add(type, fields, resend) {
    const frame = { type, ref: this.nextRef(), ...fields };
    let entry;
    const promise = new Promise((resolve, reject) => {
      entry = { frame, resolve, reject, resend, sent: false };
    });
    this.entries.set(frame.ref, entry);
    return { entry, promise };
  }

  /** Send `entry` on an open socket; a failed send leaves it unsent (resent later). */
  transmit(ws, entry) {
    try {
      ws.send(JSON.stringify(entry.frame));
      entry.sent = true;
    } catch (error) {
      entry.sent = false;
    }
  }

  /** An ack or error frame with a ref: settle its request; false if it is no request of ours. */
  settle(frame) {
    const entry = this.entries.get(frame.ref);
    if (!entry) return false;
    this.entries.delete(frame.ref);
    if (frame.type === "ack") entry.resolve(frame);
    else entry.reject(new LiveError(frame));
    return true;
  }

  /** The connection is gone: posts wait to be sent again, everything else fails now. */
  disconnected(message) {
    for (const [ref, entry] of [...this.entries]) {
      if (entry.resend) {
        entry.sent = false;
      } else {
        this.entries.delete(ref);
        entry.reject(new LiveError({ code: "disconnected", message }));
      }
    }
  }

  /** Send the posts that are waiting (the rooms are joined again). */
  flush(ws) {
    for (const entry of this.entries.values()) {
      if (entry.resend && !entry.sent) this.transmit(ws, entry);
    }
  }

  posts() {
    return [...this.entries.values()].filter((e) => e.resend).map((e) => e.frame);
  }
}

// A snapshot request (e.g. `stage.get`) is answered with what the server read before it sent
// the answer; an event or frame that set one of its fields while it was on its way is newer.
// `pushed(fields)` counts what events and frames set; `fresh(request)` resolves with the
// answer's fields that nothing pushed meanwhile, so an older answer never puts an old value
// back (the stage that had just started, shown without its publishers).
export class PushedFields {
  constructor() {
    this.counts = {};
  }

  pushed(fields) {
    for (const key of Object.keys(fields)) this.counts[key] = (this.counts[key] || 0) + 1;
    return fields;
  }

  async fresh(request) {
    const before = { ...this.counts };
    const answer = await request();
    return Object.fromEntries(Object.entries(answer).filter(([key]) => (this.counts[key] || 0) === (before[key] || 0)));
  }
}
