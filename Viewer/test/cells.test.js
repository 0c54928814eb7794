import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeFrame, encodeFrame } from "../src/net/frame.js";
import { CellCache, CellError, decodeCell, floats, halfToFloat, instanceCount, numbers, scalar } from "../src/data/cells.js";

function frameWith(cells, attachments) {
  return decodeFrame(encodeFrame({ type: "latest_at_result", entities: [{ path: "/p", components: cells }] }, attachments));
}

test("numeric, strings, bools, json, cleared cells decode", () => {
  const { message, buffers } = frameWith([
    { component: "Points3D:positions", key: "a:0:Points3D:positions", row_id: "r", time: 4, dtype: "f32", width: 3, count: 2, buffer: 0 },
    { component: "Points3D:labels", key: "k2", strings: ["a", null] },
    { component: "Points3D:show_labels", key: "k3", bools: [true] },
    { component: "Image:format", key: "k4", json: [{ width: 2, height: 1 }] },
    { component: "Points3D:radii", key: "k5", cleared: true },
  ], [new Float32Array([1, 2, 3, 4, 5, 6])]);
  const [p, s, b, j, c] = message.entities[0].components.map((w) => decodeCell(w, buffers));
  assert.equal(p.kind, "numeric");
  assert.equal(p.width, 3);
  assert.equal(p.count, 2);
  assert.equal(p.time, 4);
  assert.deepEqual([...floats(p)], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(s.strings, ["a", null]);
  assert.equal(scalar(b), true);
  assert.equal(scalar(j).width, 2);
  assert.equal(c.kind, "cleared");
  assert.equal(instanceCount(c), 0);
});

test("list instances carry u32 offsets", () => {
  const { buffers } = frameWith([], [new Float32Array([0, 0, 1, 1, 2, 2]), new Uint32Array([0, 2, 3])]);
  const c = decodeCell({ component: "LineStrips2D:strips", key: "k", dtype: "f32", width: 2, count: 2, buffer: 0, offsets: 1 }, buffers);
  assert.deepEqual([...c.offsets], [0, 2, 3]);
});

test("64-bit and half floats convert to numbers", () => {
  const { buffers } = frameWith([], [new BigInt64Array([5n, -7n]), new Uint16Array([0x3c00, 0xc000, 0x7c00])]);
  const i = decodeCell({ component: "x", key: "a", dtype: "i64", width: 1, count: 2, buffer: 0 }, buffers);
  assert.deepEqual([...numbers(i)], [5, -7]);
  assert.equal(scalar(i), 5);
  const h = decodeCell({ component: "y", key: "b", dtype: "f16", width: 1, count: 3, buffer: 1 }, buffers);
  assert.deepEqual([...numbers(h)], [1, -2, Infinity]);
  assert.equal(halfToFloat(0x0001), 2 ** -24);
});

test("bad cells throw CellError", () => {
  assert.throws(() => decodeCell({ component: "x", dtype: "q9", buffer: 0 }, []), CellError);
  assert.throws(() => decodeCell({ component: "x", dtype: "f32", buffer: 3 }, []), /buffer index/);
  assert.throws(() => decodeCell({ component: "x" }, []), /none of/);
  assert.throws(() => decodeCell({ component: "x", dtype: "f32", width: 3, count: 5, buffer: 0 }, [new Uint8Array(8)]), /fewer/);
});

test("cache answers same cells and evicts least recently used beyond its budget", () => {
  const cache = new CellCache(300);
  const { buffers } = frameWith([], [new Float32Array(16)]);
  const a = cache.resolve({ component: "c", key: "A", dtype: "f32", width: 1, count: 16, buffer: 0 }, buffers);
  assert.equal(cache.resolve({ component: "c", key: "A", same: true }, []), a);
  assert.equal(cache.resolve({ component: "c", key: "missing", same: true }, []), null);
  cache.resolve({ component: "c", key: "B", dtype: "f32", width: 1, count: 16, buffer: 0 }, buffers);
  cache.resolve({ component: "c", key: "C", dtype: "f32", width: 1, count: 16, buffer: 0 }, buffers);
  assert.ok(!cache.has("A"));
  assert.ok(cache.has("C"));
});
