// The viewer's WebSocket client: hello/open handshake, request/response by id, push dispatch,
// reconnect with exponential backoff, and coalesced "newest wins" requests.

import { decodeFrame, encodeFrame } from "./frame.js";

/** The /ws URL for a page URL: same origin, ws/wss, `token` copied from the page's query. */
export function socketURL(pageHref) {
  const page = new URL(pageHref);
  const url = new URL("/ws", page);
  url.protocol = page.protocol === "https:" ? "wss:" : "ws:";
  const token = page.searchParams.get("token");
  if (token) url.searchParams.set("token", token);
  const ws = page.searchParams.get("ws");
  return ws ?? url.toString();
}

/** Reconnect delay for attempt n (ms): 250 · 2^n, capped at `max`, with ±20% jitter from `rand`. */
export function backoffDelay(attempt, max = 5000, rand = Math.random) {
  const base = Math.min(max, 250 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.8 + 0.4 * rand()));
}

/** An error answer from the server (`code`, `message`). */
export class ServerError extends Error {
  constructor(message, code) {
    super(message);
    this.name = "ServerError";
    this.code = code;
  }
}

/**
 * One logical connection to the server that survives drops. Events (via `on(type, fn)`):
 * every push type ("recordings", "tree", "timelines", "density"), plus "status" (state string),
 * "welcome" and "reconnected".
 */
export class Connection {
  constructor(url, { WebSocketImpl = globalThis.WebSocket, openParams = () => ({}) } = {}) {
    this.url = url;
    this.WebSocketImpl = WebSocketImpl;
    this.openParams = openParams;
    this.nextId = 1;
    this.pending = new Map();
    this.handlers = new Map();
    this.ws = null;
    this.attempt = 0;
    this.status = "connecting";
    this.closed = false;
    this.coalesced = new Map();
    this.stats = { sent: 0, received: 0, bytes: 0, reconnects: 0 };
  }

  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(fn);
  }

  emit(type, ...args) {
    for (const fn of this.handlers.get(type) ?? []) {
      try {
        fn(...args);
      } catch (e) {
        console.error(`handler for ${type} failed`, e);
      }
    }
  }

  setStatus(s) {
    this.status = s;
    this.emit("status", s);
  }

  /** Opens the socket (and re-opens it after drops until `close()`). */
  connect() {
    if (this.closed) return;
    this.setStatus(this.attempt ? "reconnecting" : "connecting");
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      this.sendRaw({ type: "hello", id: 0, protocol: 1, client: "rerun-swift-viewer" });
      this.sendRaw({ type: "open", id: this.nextId++, ...this.openParams() });
    };
    ws.onmessage = (ev) => this.receive(ev.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      for (const [, p] of this.pending) p.reject(new ServerError("connection lost", "disconnected"));
      this.pending.clear();
      this.coalesced.clear();
      if (!this.closed) this.scheduleReconnect();
    };
    ws.onerror = () => {};
  }

  scheduleReconnect() {
    this.setStatus("disconnected");
    const delay = backoffDelay(this.attempt++);
    this.stats.reconnects++;
    setTimeout(() => this.connect(), delay);
  }

  /** Closes for good. */
  close() {
    this.closed = true;
    this.ws?.close();
  }

  /** Drops the socket (for tests); the connection reconnects by itself. */
  drop() {
    this.ws?.close();
  }

  sendRaw(message) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    const frame = encodeFrame(message);
    this.ws.send(frame);
    this.stats.sent++;
    return true;
  }

  receive(data) {
    if (!(data instanceof ArrayBuffer)) return;
    this.stats.received++;
    this.stats.bytes += data.byteLength;
    let decoded;
    try {
      decoded = decodeFrame(data);
    } catch (e) {
      console.error("bad frame from server", e);
      return;
    }
    const { message } = decoded;
    if (message.type === "welcome") {
      const wasReconnect = this.attempt > 0;
      this.attempt = 0;
      this.setStatus("connected");
      this.emit("welcome", message);
      if (wasReconnect) this.emit("reconnected");
      return;
    }
    if (message.re !== undefined && message.re !== null && this.pending.has(message.re)) {
      const p = this.pending.get(message.re);
      this.pending.delete(message.re);
      if (message.type === "error") p.reject(new ServerError(message.message ?? "error", message.code));
      else p.resolve(decoded);
      return;
    }
    if (message.type === "error") {
      console.warn("server error", message);
      return;
    }
    this.emit(message.type, message, decoded.buffers);
  }

  /** Sends a request; resolves with `{message, buffers}` of the answer, rejects with ServerError. */
  request(message) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.sendRaw({ ...message, id })) {
        reject(new ServerError("not connected", "disconnected"));
        return;
      }
      this.pending.set(id, { resolve, reject });
    });
  }

  /** Re-sends `open` (e.g. after switching recording or timeline). */
  reopen() {
    this.sendRaw({ type: "open", id: this.nextId++, ...this.openParams() });
  }

  /**
   * Newest-wins request under `key`: at most one in flight; while one is in flight, only the
   * newest `makeMessage` waits. Resolves with the answer, or with null when superseded.
   */
  latest(key, makeMessage) {
    let slot = this.coalesced.get(key);
    if (!slot) this.coalesced.set(key, (slot = { inFlight: false, waiting: null }));
    return new Promise((resolve, reject) => {
      if (slot.waiting) slot.waiting.resolve(null);
      slot.waiting = { makeMessage, resolve, reject };
      if (!slot.inFlight) this.pump(key, slot);
    });
  }

  pump(key, slot) {
    const next = slot.waiting;
    if (!next) return;
    slot.waiting = null;
    slot.inFlight = true;
    this.request(next.makeMessage())
      .then(next.resolve, next.reject)
      .finally(() => {
        slot.inFlight = false;
        this.pump(key, slot);
      });
  }

  /** Number of requests awaiting answers (for tests: idle when 0). */
  get busy() {
    let n = this.pending.size;
    for (const s of this.coalesced.values()) if (s.waiting) n++;
    return n;
  }
}
