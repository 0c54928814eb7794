import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffDelay, Connection, ServerError, socketURL } from "../src/net/client.js";
import { decodeFrame, encodeFrame } from "../src/net/frame.js";

class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.all.push(this);
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.();
    });
  }
  send(buf) { this.sent.push(decodeFrame(buf).message); }
  close() { this.readyState = 3; this.onclose?.(); }
  reply(msg, attachments = []) { this.onmessage({ data: encodeFrame(msg, attachments) }); }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test("socket URL copies the token and picks ws/wss", () => {
  assert.equal(socketURL("http://127.0.0.1:9090/?token=abc"), "ws://127.0.0.1:9090/ws?token=abc");
  assert.equal(socketURL("https://h/x/index.html"), "wss://h/ws");
});

test("backoff grows and is capped", () => {
  const d = [0, 1, 2, 3, 10].map((n) => backoffDelay(n, 5000, () => 0.5));
  assert.deepEqual(d, [250, 500, 1000, 2000, 5000]);
});

test("handshake, responses by id, errors, pushes", async () => {
  FakeSocket.all = [];
  const c = new Connection("ws://x/ws", { WebSocketImpl: FakeSocket, openParams: () => ({ recording: null }) });
  const pushes = [];
  c.on("tree", (m) => pushes.push(m));
  c.connect();
  await tick();
  const ws = FakeSocket.all[0];
  assert.deepEqual(ws.sent.map((m) => m.type), ["hello", "open"]);
  ws.reply({ type: "welcome", re: 0, server: "rerun-swift", protocol: 1 });
  assert.equal(c.status, "connected");
  const p = c.request({ type: "latest_at", entities: [] });
  const q = c.request({ type: "range" });
  const [a, b] = ws.sent.slice(2);
  ws.reply({ type: "latest_at_result", re: a.id, entities: [] }, [new Float32Array([1])]);
  ws.reply({ type: "error", re: b.id, code: "bad_request", message: "entity missing" });
  ws.reply({ type: "tree", entities: [] });
  assert.equal((await p).message.type, "latest_at_result");
  assert.equal((await p).buffers.length, 1);
  await assert.rejects(q, (e) => e instanceof ServerError && e.code === "bad_request");
  assert.equal(pushes.length, 1);
  c.close();
});

test("newest wins: superseded coalesced requests resolve null, one in flight", async () => {
  FakeSocket.all = [];
  const c = new Connection("ws://x/ws", { WebSocketImpl: FakeSocket });
  c.connect();
  await tick();
  const ws = FakeSocket.all[0];
  ws.reply({ type: "welcome", re: 0 });
  const r1 = c.latest("v", () => ({ type: "latest_at", time: 1 }));
  const r2 = c.latest("v", () => ({ type: "latest_at", time: 2 }));
  const r3 = c.latest("v", () => ({ type: "latest_at", time: 3 }));
  assert.deepEqual(ws.sent.slice(2).map((m) => m.time), [1]);
  assert.equal(await r2, null);
  ws.reply({ type: "latest_at_result", re: ws.sent[2].id, time: 1 });
  assert.equal((await r1).message.time, 1);
  await tick();
  assert.deepEqual(ws.sent.slice(2).map((m) => m.time), [1, 3]);
  ws.reply({ type: "latest_at_result", re: ws.sent[3].id, time: 3 });
  assert.equal((await r3).message.time, 3);
  c.close();
});

test("a dropped socket fails pending requests and reconnects", async () => {
  FakeSocket.all = [];
  const c = new Connection("ws://x/ws", { WebSocketImpl: FakeSocket });
  let reconnected = 0;
  c.on("reconnected", () => reconnected++);
  c.connect();
  await tick();
  FakeSocket.all[0].reply({ type: "welcome", re: 0 });
  const p = c.request({ type: "x" });
  c.drop();
  await assert.rejects(p, /connection lost/);
  assert.equal(c.status, "disconnected");
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(FakeSocket.all.length, 2);
  FakeSocket.all[1].reply({ type: "welcome", re: 0 });
  assert.equal(reconnected, 1);
  assert.equal(c.status, "connected");
  c.close();
});
