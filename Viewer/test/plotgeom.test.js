import { test } from "node:test";
import assert from "node:assert/strict";
import { formatValue, indexAtOrBefore, m4Indices, polylines, relativeTimes, ValueAxis, valueRange } from "../src/views/plotgeom.js";
import { TimeAxis } from "../src/time/axis.js";

test("value axis maps min to bottom and max to top", () => {
  const v = new ValueAxis(-1, 1, 100);
  assert.equal(v.y(1), 0);
  assert.equal(v.y(-1), 100);
  assert.equal(v.value(50), 0);
  const z = v.zoom(2, 25);
  assert.ok(Math.abs(z.value(25) - v.value(25)) < 1e-12);
  assert.deepEqual(new ValueAxis(0, 1, 100).ticks(20).map((t) => t.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
  assert.equal(new ValueAxis(3, 3, 10).min, 2);
});

test("i64 times become exact offsets from a base", () => {
  const t = new BigInt64Array([1700000000000000001n, 1700000000000000003n]);
  assert.deepEqual([...relativeTimes(t, 1700000000000000000)], [1, 3].map((x) => x + Number(1700000000000000000n - BigInt(1700000000000000000))));
  assert.deepEqual([...relativeTimes([5, 7], 5)], [0, 2]);
});

test("polylines map samples to pixels and break at NaN", () => {
  const ta = new TimeAxis(0, 10, 100);
  const va = new ValueAxis(0, 10, 50);
  const segs = polylines(new BigInt64Array([0n, 5n, 6n, 10n]), new Float64Array([0, 10, NaN, 5]), ta, va);
  assert.equal(segs.length, 1, "single-point segments are dropped");
  assert.deepEqual([...segs[0]], [0, 50, 50, 0]);
  const step = polylines([0, 5], [0, 10], ta, va, { step: "after" });
  assert.deepEqual([...step[0]], [0, 50, 50, 50, 50, 0]);
});

test("client M4 keeps first/min/max/last per bucket and matches a brute force", () => {
  const n = 10000;
  const times = Float64Array.from({ length: n }, (_, i) => i);
  const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * (i % 7));
  const idx = m4Indices(times, values, 0, n - 1, 50);
  assert.ok(idx.length <= 200);
  for (let b = 0; b < 50; b++) {
    const members = [];
    for (let i = 0; i < n; i++) if (Math.min(49, Math.floor((i / (n - 1)) * 50)) === b) members.push(i);
    const vals = members.map((i) => values[i]);
    const kept = idx.filter((i) => members.includes(i));
    assert.ok(kept.includes(members[0]) && kept.includes(members[members.length - 1]));
    assert.ok(kept.some((i) => values[i] === Math.min(...vals)));
    assert.ok(kept.some((i) => values[i] === Math.max(...vals)));
  }
});

test("ranges, search and formatting", () => {
  assert.deepEqual(valueRange([3, NaN, -1], [7]), { min: -1, max: 7 });
  assert.equal(valueRange([]), null);
  assert.equal(indexAtOrBefore([1, 3, 5], 4), 1);
  assert.equal(indexAtOrBefore([1, 3, 5], 0), -1);
  assert.equal(indexAtOrBefore(new BigInt64Array([1n, 3n]), 9), 1);
  assert.equal(formatValue(0.25, 0.05), "0.25");
  assert.equal(formatValue(2e7), "2.00e+7");
});
