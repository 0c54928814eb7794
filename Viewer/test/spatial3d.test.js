import { test } from "node:test";
import assert from "node:assert/strict";
import { PickTable, decodeId, encodeId, nearestId, pickMatrix } from "../src/render/picking.js";
import { LineBuilder, expandSegment, lineHalfWidthPx } from "../src/render/lines.js";
import { BOX_EDGES, BOX_FACES, SolidBatch, boxCorners, sphereWireframe, unitSphere } from "../src/render/shapes.js";
import { OrbitCamera } from "../src/render/camera.js";
import { multiply, transformPoint4 } from "../src/render/mat4.js";

const near = (a, b, eps = 1e-6) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) < eps);

test("pick ids round-trip through RGBA8 bytes", () => {
  for (const id of [0, 1, 255, 256, 65535, 0x123456, 0xfedcba98, 0xffffffff]) {
    const bytes = encodeId(id);
    assert.ok(bytes.every((b) => b >= 0 && b <= 255));
    assert.equal(decodeId(Uint8Array.from(bytes)), id);
  }
  assert.deepEqual(encodeId(0x01020304), [4, 3, 2, 1]);
});

test("nearestId finds the non-zero pixel closest to the center, with its offset (y down)", () => {
  const size = 5;
  const px = new Uint8Array(size * size * 4);
  const put = (col, row, id) => px.set(encodeId(id), (row * size + col) * 4);
  assert.equal(nearestId(px, size), null);
  put(0, 0, 7); // bottom-left (rows are bottom-up)
  put(3, 2, 9); // one right of center
  assert.deepEqual(nearestId(px, size), { id: 9, dx: 1, dy: 0 });
  put(2, 3, 11); // one row above center in GL order → dy = -1 (up); same distance, first found wins
  const hit = nearestId(px, size);
  assert.ok(hit.id === 9 || hit.id === 11);
  put(2, 2, 5);
  assert.deepEqual(nearestId(px, size), { id: 5, dx: 0, dy: 0 });
});

test("pickMatrix maps the pixel square around the cursor onto the whole clip square", () => {
  const [W, H, S] = [800, 600, 15];
  const m = pickMatrix(100, 50, W, H, S);
  // NDC of the cursor pixel's center → (0, 0); of a pixel S/2 to the right → x = 1
  const ndc = (px, py) => [((px + 0.5) / W) * 2 - 1, 1 - ((py + 0.5) / H) * 2, 0.3, 1];
  assert.ok(near(transformPoint4(m, ndc(100, 50)).slice(0, 2), [0, 0]));
  assert.ok(near(transformPoint4(m, ndc(100 + S / 2, 50)).slice(0, 2), [1, 0]));
  assert.ok(near(transformPoint4(m, ndc(100, 50 + S / 2)).slice(0, 2), [0, -1]));
  // depth and w are untouched (clip coordinates scale with w)
  const v = [0.2, 0.1, 0.5, 2];
  const c = [0, 1, 2, 3].map((r) => m[r] * v[0] + m[4 + r] * v[1] + m[8 + r] * v[2] + m[12 + r] * v[3]);
  assert.ok(near([c[2], c[3]], [0.5, 2]));
  assert.ok(near([c[0] / c[3], c[1] / c[3]], transformPoint4(m, [0.1, 0.05, 0.25]).slice(0, 2)));
  // composes with a camera: the point under the cursor lands in the middle of the pick target
  const cam = new OrbitCamera();
  const vp = cam.viewProjection(W / H);
  const p = cam.project([0.3, -0.2, 0.1], W, H);
  const q = transformPoint4(multiply(pickMatrix(p[0] - 0.5, p[1] - 0.5, W, H, S), vp), [0.3, -0.2, 0.1]);
  assert.ok(near([q[0] / q[3], q[1] / q[3]], [0, 0], 1e-4));
});

test("PickTable hands out consecutive ranges and resolves ids to entity and instance", () => {
  const t = new PickTable();
  const a = t.add("/a", 3);
  const b = t.add("/mesh", 1, false);
  const c = t.add("/empty", 0);
  const d = t.add("/d", 1000);
  assert.equal(a, 1);
  assert.equal(b, 4);
  assert.equal(c, 5);
  assert.equal(d, 6);
  assert.deepEqual(t.resolve(0), null);
  assert.deepEqual(t.resolve(1), { path: "/a", index: 0 });
  assert.deepEqual(t.resolve(3), { path: "/a", index: 2 });
  assert.deepEqual(t.resolve(4), { path: "/mesh", index: null });
  assert.deepEqual(t.resolve(6 + 999), { path: "/d", index: 999 });
  assert.equal(t.resolve(6 + 1000), null);
});

test("line half widths: hairline, UI points, scene units", () => {
  assert.equal(lineHalfWidthPx(0, 500, 10), 0.5); // unset / zero: 1 pixel wide
  assert.equal(lineHalfWidthPx(-3, 500, 10), 3); // 3 UI points, whatever the depth
  assert.equal(lineHalfWidthPx(-3, 500, 1000), 3);
  assert.equal(lineHalfWidthPx(-3, 500, 10, 2), 6); // UI points scale with the device pixel ratio
  assert.equal(lineHalfWidthPx(0.1, 500, 10), 5); // scene units shrink with distance
  assert.equal(lineHalfWidthPx(0.1, 500, 20), 2.5);
  assert.equal(lineHalfWidthPx(0.001, 500, 1000), 0.5); // never thinner than a pixel
});

test("segment quads are expanded perpendicular to the screen direction, with caps", () => {
  const a = [10, 10], b = [30, 10];
  assert.ok(near(expandSegment(a, b, 0, -1, 2), [8, 8]));
  assert.ok(near(expandSegment(a, b, 0, 1, 2), [8, 12]));
  assert.ok(near(expandSegment(a, b, 1, 1, 2), [32, 12]));
  // a vertical segment: offsets are horizontal
  assert.ok(near(expandSegment([0, 0], [0, 10], 1, 1, 1), [-1, 11]));
  // degenerate segments still make a (square) quad
  assert.ok(near(expandSegment([5, 5], [5, 5], 1, 1, 1), [6, 6]));
});

test("LineBuilder packs segments with radius and pick id", () => {
  const lb = new LineBuilder();
  lb.push([0, 1, 2], [3, 4, 5], [10, 20, 30, 255], -2, 7);
  lb.push([1, 1, 1], [2, 2, 2], new Uint8Array([1, 2, 3, 4]));
  assert.equal(lb.count, 2);
  assert.deepEqual(lb.seg.slice(0, 8), [0, 1, 2, -2, 3, 4, 5, 7]);
  assert.deepEqual(lb.seg.slice(8), [1, 1, 1, 0, 2, 2, 2, 0]);
  assert.deepEqual(lb.col, [10, 20, 30, 255, 1, 2, 3, 4]);
});

test("box geometry: corners, 12 edges of length 2·half, 6 outward faces", () => {
  const c = boxCorners([1, 2, 3]);
  assert.equal(c.length, 8);
  for (const [i, j] of BOX_EDGES) {
    const d = c[i].map((v, k) => Math.abs(v - c[j][k]));
    assert.equal(d.filter((x) => x > 0).length, 1, "an edge changes one coordinate");
  }
  assert.equal(BOX_EDGES.length, 12);
  const s = new SolidBatch();
  s.addBox(c, [1, 2, 3, 4], 9);
  assert.equal(s.idx.length, 36);
  assert.ok(s.id.every((x) => x === 9));
  // every face normal points away from the center
  for (let f = 0; f < BOX_FACES.length; f++) {
    const v = f * 4;
    const n = s.nrm.slice(v * 3, v * 3 + 3);
    const p = s.pos.slice(v * 3, v * 3 + 3);
    const centroid = [0, 1, 2].map((k) => BOX_FACES[f].reduce((acc, i) => acc + c[i][k], 0) / 4);
    assert.ok(n[0] * centroid[0] + n[1] * centroid[1] + n[2] * centroid[2] > 0, `face ${f} faces outward`);
    assert.ok(p.length === 3);
  }
});

test("ellipsoid wireframes and sphere mesh lie on the unit sphere", () => {
  const major = sphereWireframe(true);
  assert.equal(major.length, 3);
  const dense = sphereWireframe(false);
  assert.ok(dense.length > 3);
  for (const ring of [...major, ...dense]) for (const p of ring) assert.ok(Math.abs(Math.hypot(...p) - 1) < 1e-9);
  const { positions, indices } = unitSphere(6, 8);
  assert.equal(indices.length % 3, 0);
  assert.ok(indices.every((i) => i >= 0 && i < positions.length));
  for (const p of positions) assert.ok(Math.abs(Math.hypot(...p) - 1) < 1e-9);
});

test("PickTable.span: highlight ranges for an instance or a whole entity", () => {
  const t = new PickTable();
  t.add("/a", 3); // 1…3
  t.add("/a", 2, false); // 4…5, whole-entity (e.g. the same entity's frustum)
  t.add("/b", 5); // 6…10
  assert.deepEqual(t.span("/a"), [1, 6]);
  assert.deepEqual(t.span("/a", 2), [3, 4]);
  assert.deepEqual(t.span("/b", 4), [10, 11]);
  assert.deepEqual(t.span("/b", 5), [0, 0]);
  assert.deepEqual(t.span("/missing"), [0, 0]);
});

import { FillMode, Primitives3D } from "../src/render/primitives3d.js";
import { identity as ident } from "../src/render/mat4.js";
import { scalar as cellScalar } from "../src/data/cells.js";

/** A stand-in for EntityData: cells by "path|component". */
function fakeData(cells) {
  return {
    get: (path, component) => cells[`${path}|${component}`],
    scalar: (path, component, fallback) => cellScalar(cells[`${path}|${component}`], fallback),
  };
}
const num = (values, count, width = 1, extra = {}) => ({ kind: "numeric", data: Float32Array.from(values), count, width, ...extra });

test("Primitives3D boxes: wireframe edges, solid faces without edges, transparent faces with edges", () => {
  for (const [mode, lines, faces, translucent] of [[null, 12, 0, 0], [FillMode.DenseWireframe, 12, 0, 0], [FillMode.Solid, 0, 36, 0], [FillMode.TransparentFillMajorWireframe, 12, 0, 36]]) {
    const cells = { "/b|Boxes3D:half_sizes": num([1, 1, 1], 1, 3), "/b|Boxes3D:colors": { kind: "numeric", data: Uint32Array.from([0xff0000ff]), count: 1 } };
    if (mode !== null) cells["/b|Boxes3D:fill_mode"] = { kind: "numeric", data: Uint8Array.from([mode]), count: 1 };
    const p = new Primitives3D(fakeData(cells));
    p.boxes("/b", ident(), null);
    assert.equal(p.lines.count, lines, `mode ${mode}: lines`);
    assert.equal(p.solid.idx.length, faces, `mode ${mode}: solid`);
    assert.equal(p.transparent.idx.length, translucent, `mode ${mode}: transparent`);
    assert.deepEqual(p.picks.resolve(1), { path: "/b", index: 0 });
    assert.deepEqual(p.bounds.min, [-1, -1, -1]);
    if (translucent) assert.ok(p.transparent.col[3] < 255 && p.transparent.col[0] === 255);
  }
});

test("Primitives3D line strips: per-strip radius and pick id; scene-unit radii scale with the transform", () => {
  const cells = {
    "/s|LineStrips3D:strips": num([0, 0, 0, 1, 0, 0, 2, 0, 0, 5, 5, 5, 6, 6, 6], 2, 3, { offsets: [0, 3, 5] }),
    "/s|LineStrips3D:radii": num([0.5, -2], 2),
  };
  const p = new Primitives3D(fakeData(cells));
  const scaled = ident();
  scaled[0] = scaled[5] = scaled[10] = 2;
  p.lineStrips("/s", scaled, null);
  assert.equal(p.lines.count, 3);
  const seg = (k) => p.lines.seg.slice(k * 8, k * 8 + 8);
  assert.deepEqual(seg(0), [0, 0, 0, 1, 2, 0, 0, 1]); // radius 0.5 × scale 2, pick id 1 (strip 0)
  assert.deepEqual(seg(2), [10, 10, 10, -2, 12, 12, 12, 2]); // UI points unscaled, strip 1
  assert.deepEqual(p.picks.resolve(2), { path: "/s", index: 1 });
});
