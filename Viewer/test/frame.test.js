import { test } from "node:test";
import assert from "node:assert/strict";
import { align8, decodeFrame, encodeFrame, FrameError, typedView } from "../src/net/frame.js";

test("align8 rounds up to multiples of 8", () => {
  assert.deepEqual([0, 1, 7, 8, 9, 16].map(align8), [0, 8, 8, 8, 16, 16]);
});

test("frame round trip with aligned typed buffers (no copy)", () => {
  const pos = new Float32Array([1, 2, 3, 4, 5, 6]);
  const colors = new Uint32Array([0xff0000ff]);
  const frame = encodeFrame({ type: "x", id: 3 }, [pos, new Uint8Array([1, 2, 3]), colors]);
  const { message, buffers, payloadStart } = decodeFrame(frame);
  assert.equal(message.type, "x");
  assert.equal(payloadStart % 8, 0);
  assert.deepEqual(message.buffers.map((b) => b[0] % 8), [0, 0, 0]);
  const f = typedView(buffers[0], "f32");
  assert.equal(f.buffer, frame, "view shares the frame's ArrayBuffer");
  assert.deepEqual([...f], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...buffers[1]], [1, 2, 3]);
  assert.equal(typedView(buffers[2], "u32")[0], 0xff0000ff);
});

test("frame layout matches the spec bytes", () => {
  const frame = new Uint8Array(encodeFrame({ type: "t" }, [new Uint8Array([9])]));
  const json = '{"type":"t","buffers":[[0,1]]}';
  assert.equal(new DataView(frame.buffer).getUint32(0, true), json.length);
  assert.equal(new TextDecoder().decode(frame.subarray(4, 4 + json.length)), json);
  const p = align8(4 + json.length);
  for (let i = 4 + json.length; i < p; i++) assert.equal(frame[i], 0);
  assert.equal(frame[p], 9);
});

test("frames without payload may omit padding", () => {
  const json = new TextEncoder().encode('{"type":"welcome","re":0}');
  const bytes = new Uint8Array(4 + json.length);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  assert.equal(decodeFrame(bytes.buffer).message.type, "welcome");
});

test("malformed frames throw FrameError naming the problem", () => {
  assert.throws(() => decodeFrame(new ArrayBuffer(2)), FrameError);
  const big = new Uint8Array(8);
  new DataView(big.buffer).setUint32(0, 100, true);
  assert.throws(() => decodeFrame(big.buffer), /exceeds/);
  const bad = encodeFrame({ type: "x", buffers: [[0, 64]] });
  assert.throws(() => decodeFrame(bad), /outside/);
  const notObj = new Uint8Array(8);
  new DataView(notObj.buffer).setUint32(0, 2, true);
  notObj.set(new TextEncoder().encode("[]"), 4);
  assert.throws(() => decodeFrame(notObj.buffer), /type/);
});

test("typedView copies when misaligned and rejects ragged lengths", () => {
  const raw = new Uint8Array(9);
  new Float32Array(raw.buffer.slice(0, 8)).forEach(() => {});
  const v = typedView(raw.subarray(1, 9), "f32");
  assert.equal(v.length, 2);
  assert.throws(() => typedView(raw.subarray(0, 3), "u16"), /whole number/);
  assert.equal(typedView(new Uint8Array(16), "i64").constructor, BigInt64Array);
});
