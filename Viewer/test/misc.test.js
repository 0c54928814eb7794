import { test } from "node:test";
import assert from "node:assert/strict";
import { toCSV } from "../src/views/dataframe.js";
import { tensorFromJson } from "../src/views/tensor.js";
import { buildHierarchy } from "../src/ui/entitytree.js";
import { summarizeCell } from "../src/ui/selection.js";
import { EntityData } from "../src/data/entities.js";

test("CSV quotes commas, quotes and newlines; nested values as JSON", () => {
  const csv = toCSV([{ name: "a" }, { name: "b,c" }], [[1, "x\"y"], [null, [1, 2]]]);
  assert.equal(csv, 'a,"b,c"\n1,"x""y"\n,"[1,2]"\n');
});

test("tensor JSON: shape, names and the selected union buffer", () => {
  const t = tensorFromJson({ shape: [2, 3], names: ["r", "c"], buffer: [1, 2, 3, 4, 5, 6] });
  assert.deepEqual(t, { shape: [2, 3], names: ["r", "c"], values: [1, 2, 3, 4, 5, 6] });
  assert.deepEqual(tensorFromJson({ shape: [2], buffer: { U8: [7, 8] } }).values, [7, 8]);
  assert.equal(tensorFromJson(null), null);
});

test("entity hierarchy includes implicit parents", () => {
  const root = buildHierarchy([{ path: "/a/b/c" }, { path: "/a" }, { path: "/" }]);
  assert.ok(root.entity);
  const a = root.children.get("a");
  assert.ok(a.entity);
  assert.equal(a.children.get("b").entity, null);
  assert.equal(a.children.get("b").children.get("c").path, "/a/b/c");
});

test("cell summaries for the selection panel", () => {
  assert.equal(summarizeCell({ kind: "numeric", dtype: "f32", width: 3, count: 2, data: Float32Array.from([1, 2, 3, 4.5, 5, 6]) }), "[1, 2, 3], [4.5, 5, 6]");
  assert.equal(summarizeCell({ kind: "strings", strings: ["<b>", null] }), '"<b>", null');
  assert.equal(summarizeCell({ kind: "cleared" }), "(cleared)");
  assert.equal(summarizeCell(undefined), "—");
  const d = new EntityData();
  d.set("/x", [{ component: "A:b", key: "k1", kind: "strings", strings: ["s"] }, { component: "A:c", key: "k2", kind: "cleared" }]);
  assert.deepEqual(d.keysFor(["/x", "/missing"]), ["k1", "k2"]);
  assert.equal(d.get("/x", "A:c"), undefined);
  assert.equal(d.has("/x", "A"), true);
});

test("instance summaries pick one instance", () => {
  const c = { kind: "numeric", dtype: "f32", width: 3, count: 2, data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
  assert.equal(summarizeCell(c, 8, 1), "[4, 5, 6]");
  assert.equal(summarizeCell({ kind: "strings", count: 2, strings: ["a", "b"] }, 8, 1), '"b"');
  assert.equal(summarizeCell({ kind: "numeric", dtype: "u32", width: 1, count: 1, data: Uint32Array.from([7]) }, 8, 3), "7", "broadcast values show whole");
});
