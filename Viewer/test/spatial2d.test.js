import { test } from "node:test";
import assert from "node:assert/strict";
import { EntityData } from "../src/data/entities.js";
import { BOX_EDGES, boxCorners, cameraFromEntity, clipSegment, pinholeAt, pinholeOwner, projectPoints, projectPolyline, rdfFromCamera } from "../src/render/projection.js";
import { transformPoint } from "../src/render/mat4.js";
import { arrowGeometry, collect2D, collectProjected, overlayBounds, pickOverlay, pointRadiusPx, strokeWidthPx } from "../src/views/spatial2d-overlays.js";
import { DEFAULT_DEPTH_COLORMAP, defaultDepthMeter, depthDisplayRange, depthMeter, estimatedDepthRange } from "../src/views/spatial2d-depth.js";
import { decodeDepth } from "../src/data/image.js";
import { colormap } from "../src/data/colormap.js";

const f32 = (component, values, width) => ({ component, key: component, kind: "numeric", dtype: "f32", width, count: values.length / width, data: Float32Array.from(values) });
const u8 = (component, values, width = 1) => ({ component, key: component, kind: "numeric", dtype: "u8", width, count: values.length / width, data: Uint8Array.from(values) });
const u32 = (component, values) => ({ component, key: component, kind: "numeric", dtype: "u32", width: 1, count: values.length, data: Uint32Array.from(values) });
const strs = (component, strings) => ({ component, key: component, kind: "strings", strings, count: strings.length });
const near = (a, b, eps = 1e-3) => a.length === b.length && [...a].every((v, i) => Math.abs(v - b[i]) < eps);

// The browser scene's camera: at (0, −5, 1) looking along world +Y (camera right = +X, down = −Z),
// fx 120, fy 100, principal point (90, 70). K and the rotation are column-major here.
function cameraScene() {
  const d = new EntityData();
  d.set("/world/cam", [
    f32("Transform3D:translation", [0, -5, 1], 3),
    f32("Transform3D:mat3x3", [1, 0, 0, 0, 0, -1, 0, 1, 0], 9),
    f32("Pinhole:image_from_camera", [120, 0, 0, 0, 100, 0, 90, 70, 1], 9),
    f32("Pinhole:resolution", [200, 150], 2),
  ]);
  d.set("/world/points", [f32("Points3D:positions", [0, 0, 1, 1, 0, 1.5, -1, 2, 0, 0.5, -10, 0.5], 3), f32("Points3D:radii", [0.1], 1)]);
  return d;
}

test("pinhole: a 3D point in the parent space projects to the pixel of K·R⁻¹·(p − t)", () => {
  const d = cameraScene();
  const pin = pinholeAt(d, "/world/cam");
  assert.deepEqual(pin.resolution, [200, 150]);
  assert.deepEqual(pin.xyz, [3, 2, 5]);
  const cam = cameraFromEntity(d, pin, "/world/points");
  const pos = d.get("/world/points", "Points3D:positions").data;
  const proj = projectPoints(pin.K, cam, pos);
  // (0,0,1) → camera (0,0,5) → principal point; (1,0,1.5) → (1,−0.5,5) → (114, 60); (−1,2,0) → (−1,1,7)
  assert.ok(near(proj.uv, [90, 70, 114, 60, 90 - 120 / 7, 70 + 100 / 7]), `uv ${[...proj.uv]}`);
  assert.ok(near(proj.depth, [5, 5, 7]));
  // the fourth point is behind the camera (camera z = −5) and is culled
  assert.deepEqual([...proj.index], [0, 1, 2]);
});

test("projected Points3D: scene-unit radii shrink with depth (r·f/z), labels follow the kept points", () => {
  const d = cameraScene();
  d.set("/world/points", [...d.cells("/world/points").values(), strs("Points3D:labels", ["a", "b", "c", "behind"])]);
  const pin = pinholeAt(d, "/world/cam");
  const [layer] = collectProjected(d, "/world/points", pin.K, cameraFromEntity(d, pin, "/world/points"));
  assert.equal(layer.kind, "points");
  assert.ok(near(layer.radius, [0.1 * 110 / 5, 0.1 * 110 / 5, 0.1 * 110 / 7]));
  assert.deepEqual(layer.labels.map((l) => l.text), ["a", "b", "c"]);
});

test("camera_xyz FLU: the camera looks along its +X, image right is its −Y, image down is its −Z", () => {
  const d = new EntityData();
  d.set("/cam", [
    f32("Transform3D:translation", [-5, 0, 1], 3),
    f32("Pinhole:image_from_camera", [80, 0, 0, 0, 80, 0, 80, 60, 1], 9),
    u8("Pinhole:camera_xyz", [5, 4, 1], 3),
  ]);
  const pin = pinholeAt(d, "/cam");
  assert.deepEqual(pin.resolution, [160, 120], "resolution inferred from the principal point");
  assert.ok(near(transformPoint(rdfFromCamera([5, 4, 1]), [1, 2, 3]), [-2, -3, 1]));
  const proj = projectPoints(pin.K, cameraFromEntity(d, pin, "/pts"), Float32Array.of(0, 0, 1, 0, 1, 1.5, -1, 2, 0));
  // (0,1,1.5) is 1 left and 0.5 up of the axis at distance 5: (80 − 16, 60 − 8)
  assert.ok(near(proj.uv, [80, 60, 64, 52, 40, 80]), `uv ${[...proj.uv]}`);
  // RUB (x right, y up, z back): the camera looks along −Z
  assert.ok(near(transformPoint(rdfFromCamera([3, 1, 6]), [1, 2, 3]), [1, -2, -3]));
  // an invalid convention (an axis twice) falls back to RDF
  assert.ok(near(transformPoint(rdfFromCamera([3, 4, 5]), [1, 2, 3]), [1, 2, 3]));
});

test("polylines are clipped at the near plane and split where they pass behind the camera", () => {
  const K = Float64Array.of(100, 0, 0, 0, 100, 0, 50, 50, 1);
  const I = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  // in front → behind → in front: two pieces
  const { lines } = projectPolyline(K, I, Float32Array.of(0, 0, 2, 0, 0, -2, 1, 0, 2));
  assert.equal(lines.length, 2);
  assert.ok(near(lines[0].subarray(0, 2), [50, 50]));
  assert.ok(near(lines[1].subarray(lines[1].length - 2), [100, 50]));
  assert.equal(projectPolyline(K, I, Float32Array.of(0, 0, -1, 1, 1, -3)).lines.length, 0, "wholly behind");
  assert.equal(clipSegment([0, 0, -1], [0, 0, -2]), null);
  const [a, b] = clipSegment([0, 0, 1], [0, 0, -1]);
  assert.deepEqual(a, [0, 0, 1]);
  assert.ok(b[2] > 0 && b[2] < 0.01);
  // a box has 12 edges between its 8 corners
  const c = boxCorners([0, 0, 0], [1, 2, 3]);
  assert.equal(BOX_EDGES.length, 12);
  assert.deepEqual([...c.subarray(21, 24)], [1, 2, 3]);
});

test("pinholeOwner finds the pinhole at or above a path", () => {
  const has = (p) => p === "/world/cam";
  assert.equal(pinholeOwner("/world/cam/image", has), "/world/cam");
  assert.equal(pinholeOwner("/world/cam", has), "/world/cam");
  assert.equal(pinholeOwner("/world/other", has), null);
});

test("depth: meter defaults by datatype, depth_range is in raw units, estimated ranges widen like Rerun", () => {
  assert.equal(defaultDepthMeter("u16"), 1000);
  assert.equal(defaultDepthMeter("f32"), 1);
  assert.equal(depthMeter(undefined, "u16"), 1000);
  assert.equal(depthMeter(NaN, "f32"), 1);
  assert.equal(depthMeter(10000, "u16"), 10000);
  assert.deepEqual(estimatedDepthRange(Float32Array.of(0.2, 0.7), "f32"), [0, 1]);
  assert.deepEqual(estimatedDepthRange(Uint16Array.of(3, 200), "u16"), [0, 255]);
  assert.deepEqual(estimatedDepthRange(Uint16Array.of(20000, 65535), "u16"), [20000, 65535]);
  assert.deepEqual(estimatedDepthRange(Float32Array.of(5, 5, NaN), "f32"), [0, 255]);
  assert.deepEqual(estimatedDepthRange(Float32Array.of(300, 300), "f32"), [299, 301]);
  assert.deepEqual(estimatedDepthRange(Float32Array.of(-2, 7.5, Infinity), "f32"), [-2, 7.5]);
  assert.deepEqual(depthDisplayRange(Float64Array.of(1000, 3000), Uint16Array.of(1, 2), "u16"), [1000, 3000]);
  assert.deepEqual(depthDisplayRange(Float64Array.of(3000, 1000), Uint16Array.of(1, 2), "u16"), [1000, 3000]);
  assert.deepEqual(depthDisplayRange(new Float64Array(0), Uint16Array.of(300, 900), "u16"), [300, 900]);
  // the mapping: values clamp to the range ends of the (default Turbo) colormap
  assert.equal(colormap(DEFAULT_DEPTH_COLORMAP).name, "Turbo");
  const lut = colormap(DEFAULT_DEPTH_COLORMAP).lut;
  const fmt = { width: 4, height: 1, channel_datatype: 8 };
  const out = decodeDepth(new Uint8Array(Uint16Array.of(500, 1000, 2000, 3000).buffer), fmt, colormap(DEFAULT_DEPTH_COLORMAP), depthDisplayRange(Float64Array.of(1000, 2000), null, "u16"));
  assert.deepEqual([...out.rgba.subarray(0, 3)], [...lut.subarray(0, 3)], "below the range → first color");
  assert.deepEqual([...out.rgba.subarray(4, 7)], [...lut.subarray(0, 3)]);
  assert.deepEqual([...out.rgba.subarray(8, 11)], [...lut.subarray(765, 768)]);
  assert.deepEqual([...out.rgba.subarray(12, 15)], [...lut.subarray(765, 768)], "above the range → last color");
});

test("radius conventions: scene units scale with zoom, negative radii are UI points, unset lines are 1 px", () => {
  assert.equal(strokeWidthPx(0, 4), 1);
  assert.equal(strokeWidthPx(undefined, 4), 1);
  assert.equal(strokeWidthPx(2, 4), 16);
  assert.equal(strokeWidthPx(2, 8), 32);
  assert.equal(strokeWidthPx(-1.5, 8), 3);
  assert.equal(strokeWidthPx(0.01, 1), 1, "never thinner than a pixel");
  assert.equal(pointRadiusPx(3, 2), 6);
  assert.equal(pointRadiusPx(-4, 2), 4);
  assert.equal(pointRadiusPx(0, 2), 2.5);
});

test("Arrows2D and Boxes2D layers; picking finds the entity and instance under the cursor", () => {
  const d = new EntityData();
  d.set("/img/arrows", [
    f32("Arrows2D:origins", [20, 20, 20, 130], 2),
    f32("Arrows2D:vectors", [60, 0, 40, -40], 2),
    u32("Arrows2D:colors", [0xff00ffff, 0x00ffffff]),
    strs("Arrows2D:labels", ["first", "second"]),
  ]);
  d.set("/img/boxes", [f32("Boxes2D:half_sizes", [8, 8], 2), f32("Boxes2D:centers", [48, 24], 2)]);
  d.set("/img/pts", [f32("Points2D:positions", [5, 5, 100, 100], 2), f32("Points2D:radii", [2, -3], 1)]);
  const [arrows] = collect2D(d, "/img/arrows");
  assert.equal(arrows.kind, "arrows");
  assert.equal(arrows.order, 20);
  assert.deepEqual([...arrows.to], [80, 20, 60, 90]);
  assert.deepEqual([...arrows.colors.subarray(0, 4)], [255, 0, 255, 255]);
  assert.deepEqual(arrows.labels.map((l) => [l.x, l.y, l.text]), [[50, 20, "first"], [40, 110, "second"]]);
  const [boxes] = collect2D(d, "/img/boxes");
  assert.equal(boxes.kind, "lines");
  assert.deepEqual([...boxes.strips[0].pts], [40, 16, 56, 16, 56, 32, 40, 32]);
  const [pts] = collect2D(d, "/img/pts");
  const layers = [boxes, arrows, pts];
  assert.deepEqual(overlayBounds(layers), { x0: 5, y0: 5, x1: 100, y1: 130 });
  const view = { scale: 2, x: 10, y: 10 };
  const at = (ix, iy) => [ix * 2 + 10, iy * 2 + 10];
  assert.deepEqual(pickOverlay(layers, view, ...at(40, 110)), { path: "/img/arrows", index: 1, archetype: "Arrows2D" });
  assert.deepEqual(pickOverlay(layers, view, ...at(50, 21)), { path: "/img/arrows", index: 0, archetype: "Arrows2D" });
  assert.deepEqual(pickOverlay(layers, view, ...at(40, 24)), { path: "/img/boxes", index: 0, archetype: "Boxes2D" });
  assert.equal(pickOverlay(layers, view, ...at(48, 24)), null, "inside a box outline is not on it");
  // point 0 has radius 2 scene units = 4 px at scale 2; point 1 is 3 UI px
  assert.deepEqual(pickOverlay(layers, view, at(5, 5)[0] + 8, at(5, 5)[1]), { path: "/img/pts", index: 0, archetype: "Points2D" });
  assert.equal(pickOverlay(layers, view, at(100, 100)[0] + 9, at(100, 100)[1]), null);
});

test("arrow heads end at the tip and shrink for short arrows", () => {
  const g = arrowGeometry(0, 0, 100, 0, 1);
  assert.deepEqual(g.head.slice(0, 2), [100, 0]);
  assert.deepEqual(g.shaftEnd, [92, 0]);
  const s = arrowGeometry(0, 0, 4, 0, 1);
  assert.deepEqual(s.shaftEnd, [0, 0]);
  assert.equal(arrowGeometry(0, 0, 10, 0, 1, 1, false).head, null);
});
