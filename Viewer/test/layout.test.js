import { test } from "node:test";
import assert from "node:assert/strict";
import { addView, heuristicLayout, heuristicViews, layoutViewIds, parentPath, removeView, resizeSplit, splitView, tabView, validateLayoutDocument } from "../src/ui/layout.js";

const ent = (path, ...archetypes) => ({
  path,
  components: archetypes.map((a) => ({ component: `${a}:x`, archetype: `rerun.archetypes.${a}` })),
});

const demo = [
  ent("/world/points", "Points3D"),
  ent("/world/arm", "Transform3D"),
  ent("/world/arm/link", "Boxes3D"),
  ent("/world/camera", "Transform3D", "Pinhole"),
  ent("/world/camera/image", "Image"),
  ent("/world/camera/image/dets", "Boxes2D"),
  ent("/signals/sin", "Scalars", "SeriesLines"),
  ent("/signals/cos", "Scalars"),
  ent("/other/x", "Scalars"),
  ent("/logs", "TextLog"),
  ent("/readme", "TextDocument"),
  ent("/hist", "BarChart"),
  ent("/tensor", "Tensor"),
  ent("/img2", "EncodedImage"),
];

test("one 3D view per root, 2D per pinhole/image space, series by parent, one log view", () => {
  const views = heuristicViews(demo);
  const byKind = (k) => views.filter((v) => v.kind === k);
  assert.deepEqual(byKind("spatial3d").map((v) => v.origin), ["/world"]);
  assert.deepEqual(byKind("spatial3d")[0].entities, ["/world/points", "/world/arm", "/world/arm/link", "/world/camera"]);
  assert.deepEqual(byKind("spatial2d").map((v) => [v.origin, v.entities]), [
    ["/world/camera", ["/world/camera/image", "/world/camera/image/dets"]],
    ["/img2", ["/img2"]],
  ]);
  assert.deepEqual(byKind("timeseries").map((v) => [v.origin, v.entities]), [["/signals", ["/signals/sin", "/signals/cos"]], ["/other", ["/other/x"]]]);
  assert.deepEqual(byKind("textlog").map((v) => v.entities), [["/logs"]]);
  assert.deepEqual(["textdoc", "barchart", "tensor"].map((k) => byKind(k).length), [1, 1, 1]);
  assert.equal(new Set(views.map((v) => v.id)).size, views.length, "ids unique");
});

test("images with 2D overlays form one space at their parent", () => {
  const views = heuristicViews([ent("/cam/rgb", "Image"), ent("/cam/pts", "Points2D"), ent("/cam", "Points2D")]);
  assert.deepEqual(views.map((v) => [v.kind, v.origin, v.entities.length]), [["spatial2d", "/cam", 3]]);
});

test("archetype from the component identifier when the descriptor has none", () => {
  const views = heuristicViews([{ path: "/p", components: [{ component: "Points3D:positions", archetype: null }] }]);
  assert.equal(views[0].kind, "spatial3d");
});

test("layout puts spatial views on top and the rest below, extras in tabs", () => {
  const views = heuristicViews(demo);
  const tree = heuristicLayout(views, 3);
  assert.equal(tree.type, "split");
  assert.equal(tree.dir, "column");
  assert.deepEqual(layoutViewIds(tree).sort(), views.map((v) => v.id).sort());
  const bottom = tree.children[1];
  assert.equal(bottom.children.length, 3);
  assert.equal(bottom.children[2].type, "tabs");
  assert.equal(heuristicLayout([]), null);
});

test("layout edits: remove, add, split, tab, resize", () => {
  let t = heuristicLayout([{ id: "a", kind: "spatial3d" }, { id: "b", kind: "spatial2d" }]);
  t = splitView(t, "a", "c", "column");
  assert.deepEqual(layoutViewIds(t), ["a", "c", "b"]);
  t = removeView(t, "c");
  assert.deepEqual(t.children.map((c) => c.type), ["view", "view"]);
  t = tabView(t, "b", "d");
  assert.deepEqual(layoutViewIds(t), ["a", "b", "d"]);
  t = addView(t, "e");
  assert.equal(t.children.length, 3);
  assert.ok(Math.abs(t.sizes.reduce((x, y) => x + y) - 1) < 1e-9);
  assert.equal(removeView({ type: "view", view: "x" }, "x"), null);
  const r = resizeSplit([0.5, 0.5], 0, 0.6);
  assert.ok(Math.abs(r[0] - 0.95) < 1e-9 && Math.abs(r[1] - 0.05) < 1e-9);
});

test("layout documents are validated on import", () => {
  const ok = { version: 1, views: [{ id: "a", kind: "spatial3d", entities: [] }], layout: { type: "view", view: "a" } };
  assert.equal(validateLayoutDocument(ok), ok);
  assert.throws(() => validateLayoutDocument({ ...ok, layout: { type: "view", view: "zz" } }), /unknown view/);
  assert.throws(() => validateLayoutDocument({ version: 2 }), /version/);
  assert.equal(parentPath("/a/b"), "/a");
  assert.equal(parentPath("/a"), "/");
});

test("recordings with nothing drawable get a dataframe view; /__properties is ignored", () => {
  const views = heuristicViews([ent("/edges", "GraphEdges"), ent("/__properties", "RecordingInfo")]);
  assert.deepEqual(views.map((v) => [v.kind, v.entities]), [["dataframe", ["/edges"]]]);
  assert.deepEqual(heuristicViews([ent("/__properties", "RecordingInfo")]), []);
});

test("every entity with GraphNodes gets its own graph view (Rerun 0.41), in the top row", () => {
  const views = heuristicViews([
    ent("/world/points", "Points3D"),
    ent("/graphs/a", "GraphNodes", "GraphEdges"),
    ent("/graphs/b", "GraphNodes"),
    ent("/graphs/edges_only", "GraphEdges"),
    ent("/signals/x", "Scalars"),
  ]);
  const graphs = views.filter((v) => v.kind === "graph");
  assert.deepEqual(graphs.map((v) => [v.id, v.origin, v.entities, v.title]), [
    ["graph:/graphs/a", "/graphs/a", ["/graphs/a"], "/graphs/a"],
    ["graph:/graphs/b", "/graphs/b", ["/graphs/b"], "/graphs/b"],
  ]);
  assert.ok(!views.some((v) => v.kind === "dataframe"), "edges without nodes do not force a dataframe view when other views exist");
  const tree = heuristicLayout(views);
  assert.deepEqual(layoutViewIds(tree.children[0]), ["spatial3d:/world", "graph:/graphs/a", "graph:/graphs/b"]);
  assert.deepEqual(layoutViewIds(tree.children[1]), ["timeseries:/signals"]);
  const doc = { version: 1, views: [graphs[0]], layout: { type: "view", view: graphs[0].id } };
  assert.equal(validateLayoutDocument(doc), doc);
});
