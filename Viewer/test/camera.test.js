import { test } from "node:test";
import assert from "node:assert/strict";
import { extendBounds, OrbitCamera, upVector } from "../src/render/camera.js";
import { fromAxisAngle, fromQuaternion, identity, invert, lookAt, multiply, transformPoint } from "../src/render/mat4.js";

const near = (a, b, eps = 1e-4) => a.every((v, i) => Math.abs(v - b[i]) < eps);

test("lookAt maps the target onto the -z axis", () => {
  const v = lookAt([0, 0, 10], [0, 0, 0], [0, 1, 0]);
  assert.ok(near(transformPoint(v, [0, 0, 0]), [0, 0, -10]));
  assert.ok(near(transformPoint(v, [1, 0, 0]), [1, 0, -10]));
});

test("invert and multiply give identity", () => {
  const m = multiply(fromAxisAngle([0, 0, 1], 0.7), lookAt([1, 2, 3], [0, 0, 0], [0, 0, 1]));
  assert.ok(near(multiply(m, invert(m)), identity()));
});

test("quaternion rotates x to y for 90° about z", () => {
  const s = Math.SQRT1_2;
  assert.ok(near(transformPoint(fromQuaternion([0, 0, s, s]), [1, 0, 0]), [0, 1, 0]));
});

test("orbit camera projects its target to the viewport center", () => {
  const c = new OrbitCamera({ target: [1, 2, 3], distance: 5 });
  const p = c.project([1, 2, 3], 200, 100);
  assert.ok(near(p.slice(0, 2), [100, 50], 1e-3));
  c.orbit(50, 20);
  assert.ok(near(c.project([1, 2, 3], 200, 100).slice(0, 2), [100, 50], 1e-3));
  const d = c.distance;
  c.zoom(0.5);
  assert.equal(c.distance, d / 2);
});

test("pan moves the target in the screen plane", () => {
  const c = new OrbitCamera({ target: [0, 0, 0], distance: 10 });
  c.pan(10, 0, 100);
  const p = c.project([0, 0, 0], 100, 100);
  assert.ok(Math.abs(p[0] - 60) < 1e-3, `x ${p[0]}`);
});

test("framing a box keeps every corner inside the viewport", () => {
  const c = new OrbitCamera({ up: upVector("+Z") });
  const min = [-3, 5, 0], max = [7, 9, 2];
  c.frame(min, max, 2);
  for (const x of [min[0], max[0]]) for (const y of [min[1], max[1]]) for (const z of [min[2], max[2]]) {
    const p = c.project([x, y, z], 200, 100);
    assert.ok(p[0] >= 0 && p[0] <= 200 && p[1] >= 0 && p[1] <= 100, `corner ${[x, y, z]} at ${p}`);
  }
});

test("up vectors and bounds", () => {
  assert.deepEqual(upVector("-Y"), [0, -1, 0]);
  assert.deepEqual(upVector("+Z"), [0, 0, 1]);
  const b = extendBounds(null, new Float32Array([1, 2, 3, -1, 5, NaN, 0, 0, 0]));
  assert.deepEqual(b, { min: [0, 0, 0], max: [1, 2, 3] });
});
