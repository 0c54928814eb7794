import { test } from "node:test";
import assert from "node:assert/strict";
import { advance, densityBars, formatDuration, formatTime, formatTimestamp, niceStep, TimeAxis } from "../src/time/axis.js";

test("x and time are inverse", () => {
  const a = new TimeAxis(100, 200, 1000);
  assert.equal(a.x(150), 500);
  assert.equal(a.time(250), 125);
  assert.equal(a.snappedTime(255), 126);
});

test("zoom keeps the anchor fixed, pan shifts", () => {
  const a = new TimeAxis(0, 100, 100);
  const z = a.zoom(2, 25);
  assert.equal(z.time(25), a.time(25));
  assert.equal(z.span, 50);
  const p = a.pan(10);
  assert.equal(p.from, -10);
  assert.equal(a.zoom(1e9, 50, 1).span, 1);
});

test("follow scrolls to keep the cursor visible", () => {
  const a = new TimeAxis(0, 100, 100);
  assert.equal(a.follow(50), a);
  const f = a.follow(150, 10);
  assert.ok(f.x(150) <= 90 + 1e-9 && f.x(150) >= 89);
});

test("nice steps per kind", () => {
  assert.equal(niceStep(0.3, "sequence"), 1);
  assert.equal(niceStep(7, "sequence"), 10);
  assert.equal(niceStep(0.03, "float"), 0.05);
  assert.equal(niceStep(40e9, "duration"), 60e9);
  assert.equal(niceStep(3e6, "timestamp"), 5e6);
});

test("ticks are multiples of the step and on screen", () => {
  const a = new TimeAxis(3, 997, 800);
  const { step, major, minor } = a.ticks(100);
  assert.equal(step, 200);
  assert.deepEqual(major.map((m) => m.t), [200, 400, 600, 800]);
  assert.equal(major[0].label, "#200");
  assert.ok(minor.every((m) => m.x >= 0 && m.x <= 800 && m.t % 200 !== 0));
});

test("time formatting", () => {
  assert.equal(formatTime(42, "sequence"), "#42");
  assert.equal(formatTime(null), "static");
  assert.equal(formatDuration(1.5e9, 1e8), "1.5s");
  assert.equal(formatDuration(2.5e6, 1e5), "2.5ms");
  assert.equal(formatDuration(90e9, 1e9), "1m30s");
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5, 678) * 1e6, 1e6), "03:04:05.678");
  assert.equal(formatTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5) * 1e6, 1e9), "2024-01-02 03:04:05");
  assert.equal(formatTimestamp(Date.UTC(2024, 0, 2) * 1e6, 86400e9), "2024-01-02");
});

test("density bars and playback", () => {
  const a = new TimeAxis(0, 10, 100);
  const bars = densityBars({ from: 0, to: 10, counts: [1, 0, 4, 0, 0] }, a);
  assert.equal(bars.length, 2);
  assert.equal(bars[0].x, 0);
  assert.equal(bars[1].alpha, 1);
  assert.equal(advance(0, 1000, { kind: "sequence", min: 0, max: 100, fps: 30 }), 30);
  assert.equal(advance(90, 1000, { kind: "sequence", min: 0, max: 100, fps: 30 }), 100);
  assert.equal(advance(90, 1000, { kind: "sequence", min: 0, max: 100, fps: 30, loop: true }), 20);
  assert.equal(advance(0, 10, { kind: "duration", min: 0, max: 1e12, speed: 2 }), 2e7);
});
