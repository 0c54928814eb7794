import { test } from "node:test";
import assert from "node:assert/strict";
import { EntityData } from "../src/data/entities.js";
import { ancestors, localTransform, upAxisFromViewCoordinates, worldTransform } from "../src/render/transforms.js";
import { transformPoint } from "../src/render/mat4.js";
import { instanceColors, parseAnnotationContext } from "../src/data/annotations.js";

const f32 = (component, values, width) => ({ component, key: component, kind: "numeric", dtype: "f32", width, count: values.length / width, data: Float32Array.from(values) });
const u8 = (component, values) => ({ component, key: component, kind: "numeric", dtype: "u8", width: 1, count: values.length, data: Uint8Array.from(values) });
const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) < 1e-5);

test("translation, rotation and scale compose as T·R·S; ChildFromParent inverts", () => {
  const d = new EntityData();
  const s = Math.SQRT1_2;
  d.set("/a", [f32("Transform3D:translation", [1, 0, 0], 3), f32("Transform3D:quaternion", [0, 0, s, s], 4), f32("Transform3D:scale", [2, 2, 2], 3)]);
  assert.ok(near(transformPoint(localTransform(d, "/a"), [1, 0, 0]), [1, 2, 0]));
  d.set("/b", [f32("Transform3D:translation", [1, 0, 0], 3), u8("Transform3D:relation", [2])]);
  assert.ok(near(transformPoint(localTransform(d, "/b"), [0, 0, 0]), [-1, 0, 0]));
  d.set("/c", [{ component: "Transform3D:rotation_axis_angle", key: "k", kind: "json", json: [{ axis: [0, 0, 1], angle: Math.PI / 2 }] }]);
  assert.ok(near(transformPoint(localTransform(d, "/c"), [1, 0, 0]), [0, 1, 0]));
  assert.ok(near(transformPoint(localTransform(d, "/none"), [3, 4, 5]), [3, 4, 5]));
});

test("world transforms chain along the entity tree below the origin", () => {
  const d = new EntityData();
  d.set("/w", [f32("Transform3D:translation", [100, 0, 0], 3)]);
  d.set("/w/arm", [f32("Transform3D:translation", [0, 1, 0], 3)]);
  d.set("/w/arm/hand", [f32("Transform3D:translation", [0, 0, 1], 3)]);
  assert.ok(near(transformPoint(worldTransform(d, "/w/arm/hand", "/w"), [0, 0, 0]), [0, 1, 1]));
  assert.ok(near(transformPoint(worldTransform(d, "/w/arm/hand", "/"), [0, 0, 0]), [100, 1, 1]));
  assert.deepEqual(ancestors("/a/b/c"), ["/", "/a", "/a/b"]);
});

test("view coordinates give the up axis", () => {
  assert.equal(upAxisFromViewCoordinates([3, 5, 1]), "+Z");
  assert.equal(upAxisFromViewCoordinates([3, 2, 5]), "-Y");
  assert.equal(upAxisFromViewCoordinates([3, 5, 6]), null);
});

test("instance colors: explicit (broadcast), class colors from the annotation context, automatic", () => {
  const d = new EntityData();
  d.set("/p", [{ component: "Points3D:colors", key: "c", kind: "numeric", dtype: "u32", width: 1, count: 1, data: Uint32Array.from([0xff000080]) }]);
  assert.deepEqual([...instanceColors(d, "/p", "Points3D", 2)], [255, 0, 0, 128, 255, 0, 0, 128]);
  d.set("/", [{ component: "AnnotationContext:context", key: "a", kind: "json", json: [{ class_id: 3, class_description: { info: { id: 3, label: "car", color: 0x00ff00ff } } }] }]);
  d.set("/q", [{ component: "Points3D:class_ids", key: "q", kind: "numeric", dtype: "u16", width: 1, count: 1, data: Uint16Array.from([3]) }]);
  assert.deepEqual([...instanceColors(d, "/q", "Points3D", 1)], [0, 255, 0, 255]);
  assert.equal(parseAnnotationContext(d.get("/", "AnnotationContext:context")).get(3).label, "car");
  const auto = instanceColors(d, "/r", "Points3D", 1);
  assert.equal(auto[3], 255);
  assert.deepEqual([...instanceColors(d, "/r", "Points3D", 1)], [...auto], "automatic colors are stable");
});
