import { test } from "node:test";
import assert from "node:assert/strict";
import { assignEdgeBends, entityGraph, nodeKey, viewGraphs, isDirected, DEFAULT_NODE_RADIUS } from "../src/views/graph-model.js";
import { ForceLayout, hashString, EXACT_LIMIT } from "../src/views/graph-layout.js";
import { QuadTree, collide } from "../src/views/graph-forces.js";

// Cells shaped like decodeCell's output.
const strings = (...s) => ({ kind: "strings", strings: s, count: s.length });
const f32 = (width, ...v) => ({ kind: "numeric", dtype: "f32", width, count: v.length / width, data: Float32Array.from(v) });
const u32 = (...v) => ({ kind: "numeric", dtype: "u32", width: 1, count: v.length, data: Uint32Array.from(v) });
const u8 = (...v) => ({ kind: "numeric", dtype: "u8", width: 1, count: v.length, data: Uint8Array.from(v) });
const bools = (...b) => ({ kind: "bools", bools: b, count: b.length });
const edges = (...pairs) => ({ kind: "json", json: pairs.map(([first, second]) => ({ first, second })), count: pairs.length });

function store(entities) {
  return (path, component) => entities[path]?.[component];
}

test("nodes: optional components are clamped (last value repeats), labels fall back to ids", () => {
  const get = store({
    "/g": {
      "GraphNodes:node_ids": strings("a", "b", "c"),
      "GraphNodes:positions": f32(2, 1, 2, 3, 4),
      "GraphNodes:colors": u32(0xff0000ff),
      "GraphNodes:labels": strings("A"),
      "GraphNodes:radii": f32(1, 5, -7),
    },
  });
  const g = entityGraph(get, "/g");
  assert.deepEqual(g.nodes.map((n) => [n.id, n.instance, n.position, n.color, n.label, n.radius]), [
    ["a", 0, [1, 2], [255, 0, 0, 255], "A", 5],
    ["b", 1, [3, 4], [255, 0, 0, 255], "A", 7],
    ["c", 2, [3, 4], [255, 0, 0, 255], "A", 7],
  ]);
  const plain = entityGraph(store({ "/g": { "GraphNodes:node_ids": strings("a", "b") } }), "/g");
  assert.deepEqual(plain.nodes.map((n) => [n.label, n.position, n.color, n.radius]), [["a", null, null, DEFAULT_NODE_RADIUS], ["b", null, null, DEFAULT_NODE_RADIUS]]);
});

test("show_labels false draws circles (no label)", () => {
  const g = entityGraph(store({ "/g": { "GraphNodes:node_ids": strings("a"), "GraphNodes:labels": strings("A"), "GraphNodes:show_labels": bools(false) } }), "/g");
  assert.equal(g.nodes[0].label, null);
});

test("edges resolve node ids within their entity; unknown ids become implicit nodes", () => {
  const get = store({
    "/one": { "GraphNodes:node_ids": strings("a", "b"), "GraphEdges:edges": edges(["a", "b"], ["b", "zz"]), "GraphEdges:graph_type": u8(2) },
    "/two": { "GraphNodes:node_ids": strings("a"), "GraphEdges:edges": edges(["a", "b"]) },
    "/edges-only": { "GraphEdges:edges": edges(["p", "q"]) },
    "/empty": {},
  });
  const graphs = viewGraphs(get, ["/one", "/two", "/edges-only", "/empty"]);
  assert.deepEqual(graphs.map((g) => g.entity), ["/one", "/two", "/edges-only"]);
  const [one, two, only] = graphs;
  assert.deepEqual(one.edges.map((e) => [e.source, e.target, e.directed]), [
    [nodeKey("/one", "a"), nodeKey("/one", "b"), true],
    [nodeKey("/one", "b"), nodeKey("/one", "zz"), true],
  ]);
  assert.deepEqual(one.nodes.map((n) => [n.id, n.implicit, n.instance]), [["a", false, 0], ["b", false, 1], ["zz", true, null]]);
  // "b" in /two is not /one's "b": the same id in another entity is another node
  assert.deepEqual(two.nodes.map((n) => [n.key, n.implicit]), [[nodeKey("/two", "a"), false], [nodeKey("/two", "b"), true]]);
  assert.equal(two.edges[0].directed, false, "undirected by default");
  assert.deepEqual(only.nodes.map((n) => [n.id, n.implicit, n.label]), [["p", true, null], ["q", true, null]]);
  assert.equal(isDirected(u8(1)), false);
  assert.equal(isDirected({ kind: "json", json: ["Directed"] }), true);
});

function ring(prefix, n) {
  const nodes = [], links = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ key: `${prefix}${i}`, position: null, radius: 4 });
    links.push({ source: `${prefix}${i}`, target: `${prefix}${(i + 1) % n}` });
  }
  return { nodes, links };
}

const positions = (L, nodes) => nodes.map((n) => L.position(n.key));
const dist = (p, q) => Math.hypot(p[0] - q[0], p[1] - q[1]);

test("force layout is deterministic and independent of how the ticks are split", () => {
  const { nodes, links } = ring("n", 12);
  const a = new ForceLayout(), b = new ForceLayout();
  a.setGraph(nodes, links);
  b.setGraph(nodes.map((n) => ({ ...n })), links.map((e) => ({ ...e })));
  assert.equal(a.run(), true);
  while (!b.run({ maxTicks: 7 }));
  assert.equal(a.ticks, b.ticks);
  assert.ok(a.ticks > 50 && a.ticks <= 400, `ticks ${a.ticks}`);
  assert.deepEqual(positions(a, nodes), positions(b, nodes));
  assert.equal(a.setGraph(nodes, links), false, "the same graph again changes nothing");
  assert.equal(hashString("abc"), hashString("abc"));
  assert.notEqual(hashString("abc"), hashString("abd"));
});

test("force layout keeps connected components apart and edges near their length", () => {
  const r1 = ring("a", 6), r2 = ring("b", 6), r3 = ring("c", 3);
  const nodes = [...r1.nodes, ...r2.nodes, ...r3.nodes], links = [...r1.links, ...r2.links, ...r3.links];
  const L = new ForceLayout();
  L.setGraph(nodes, links);
  L.run();
  const p = (k) => L.position(k);
  let longest = 0;
  for (const e of links) longest = Math.max(longest, dist(p(e.source), p(e.target)));
  let closest = Infinity;
  for (const x of nodes) for (const y of nodes) if (x.key[0] !== y.key[0]) closest = Math.min(closest, dist(p(x.key), p(y.key)));
  assert.ok(longest < L.params.linkDistance * 1.6, `longest edge ${longest}`);
  assert.ok(closest > longest, `components ${closest} apart, edges up to ${longest}`);
  for (const x of nodes) for (const y of nodes) if (x !== y) assert.ok(dist(p(x.key), p(y.key)) > 8, "nodes overlap");
});

test("explicit positions are honoured; all-fixed graphs need no simulation", () => {
  const nodes = [
    { key: "f1", position: [100, 50], radius: 4 },
    { key: "f2", position: [-30, 7], radius: 4 },
    { key: "free", position: null, radius: 4 },
  ];
  const links = [{ source: "f1", target: "free" }, { source: "f2", target: "free" }];
  const L = new ForceLayout();
  L.setGraph(nodes, links);
  L.run();
  assert.deepEqual(L.position("f1"), [100, 50]);
  assert.deepEqual(L.position("f2"), [-30, 7]);
  const q = L.position("free");
  assert.ok(dist(q, [100, 50]) < 120 && dist(q, [-30, 7]) < 120, `free node at ${q}`);
  const F = new ForceLayout();
  F.setGraph(nodes.slice(0, 2), []);
  assert.equal(F.done, true);
  assert.equal(F.ticks, 0);
  assert.deepEqual(F.bounds(), { x0: -34, y0: 3, x1: 104, y1: 54 });
});

test("nodes that persist keep their positions when the graph grows", () => {
  const { nodes, links } = ring("n", 10);
  const L = new ForceLayout();
  L.setGraph(nodes, links);
  L.run();
  const before = positions(L, nodes);
  const grown = [...nodes, { key: "extra", position: null, radius: 4 }];
  assert.equal(L.setGraph(grown, [...links, { source: "n0", target: "extra" }]), true);
  assert.ok(L.alpha < 0.5, `re-heated to ${L.alpha}`);
  const seeded = L.position("extra");
  assert.ok(dist(seeded, before[0]) < L.params.linkDistance, "a new node starts next to its neighbour");
  L.run();
  const moved = Math.max(...nodes.map((n, i) => dist(L.position(n.key), before[i])));
  assert.ok(moved < L.params.linkDistance, `persisting nodes moved up to ${moved}`);
  // removing nodes keeps the others where they are (only a small re-heat)
  const after = positions(L, nodes);
  L.setGraph(nodes.slice(0, 5), links.slice(0, 4));
  assert.deepEqual(positions(L, nodes.slice(0, 5)), after.slice(0, 5));
});

test("Barnes-Hut repulsion approximates the exact sum; far cells count by their mass", () => {
  const n = 200;
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { const h = hashString(`p${i}`); x[i] = (h % 1000) - 500; y[i] = ((h >>> 10) % 1000) - 500; }
  const t = new QuadTree();
  t.build(x, y, n);
  assert.equal(t.mass[0], n);
  const stack = new Int32Array(t.count + 8);
  for (const i of [0, 57, 199]) {
    const ax = new Float64Array(n), ay = new Float64Array(n);
    t.repel(i, x, y, ax, ay, -100, 0.5 * 0.5, Infinity, stack);
    let ex = 0, ey = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = x[j] - x[i], dy = y[j] - y[i];
      const w = -100 / Math.max(dx * dx + dy * dy, 1);
      ex += dx * w; ey += dy * w;
    }
    const err = Math.hypot(ax[i] - ex, ay[i] - ey) / Math.hypot(ex, ey);
    assert.ok(err < 0.1, `point ${i}: relative error ${err}`);
  }
});

test("grid collision pushes apart only overlapping nodes", () => {
  const x = Float64Array.from([0, 5, 100]), y = new Float64Array(3);
  const vx = new Float64Array(3), vy = new Float64Array(3);
  collide(x, y, vx, vy, Float64Array.from([4, 4, 4]), new Uint8Array(3), 3, 2, {});
  assert.ok(vx[0] < 0 && vx[1] > 0 && vx[2] === 0, `velocities ${[...vx]}`);
  const fx = new Float64Array(3);
  collide(x, y, fx, vy, Float64Array.from([4, 4, 4]), Uint8Array.from([1, 0, 0]), 3, 2, {});
  assert.ok(fx[0] === 0 && fx[1] > vx[1], "a fixed node does not move; the free one moves all the way");
});

test("large graphs (approximate forces) stay deterministic, without overlaps, components apart", () => {
  // 50 stars of 7 nodes (350 nodes, above EXACT_LIMIT)
  const nodes = [], links = [];
  for (let c = 0; c < 50; c++) {
    for (let k = 0; k < 7; k++) {
      nodes.push({ key: `s${c}.${k}`, position: null, radius: 4 });
      if (k) links.push({ source: `s${c}.0`, target: `s${c}.${k}` });
    }
  }
  assert.ok(nodes.length > EXACT_LIMIT);
  const L1 = new ForceLayout(), L2 = new ForceLayout();
  L1.setGraph(nodes, links);
  L2.setGraph(nodes, links);
  L1.run();
  while (!L2.run({ maxTicks: 13 }));
  assert.deepEqual(positions(L1, nodes), positions(L2, nodes));
  const p = positions(L1, nodes);
  let overlap = 0, mixed = 0;
  for (let i = 0; i < p.length; i++) {
    let nearest = -1, best = Infinity;
    for (let j = 0; j < p.length; j++) {
      if (j === i) continue;
      const d = dist(p[i], p[j]);
      if (d < 8) overlap++;
      if (d < best) { best = d; nearest = j; }
    }
    if (Math.floor(nearest / 7) !== Math.floor(i / 7)) mixed++;
  }
  assert.equal(overlap, 0, "nodes closer than their radii");
  assert.ok(mixed < p.length * 0.1, `${mixed} of ${p.length} nodes are nearest to another component's node`);
});

test("parallel edges (either direction) are spread apart; lone and self edges stay straight", () => {
  const es = assignEdgeBends([
    { source: "a", target: "b" }, { source: "b", target: "a" }, { source: "a", target: "b" },
    { source: "a", target: "c" }, { source: "c", target: "c" },
  ]);
  assert.deepEqual(es.map((e) => e.bend), [-1, 0, 1, 0, 0]);
  const two = assignEdgeBends([{ source: "x", target: "y" }, { source: "y", target: "x" }]);
  assert.deepEqual(two.map((e) => e.bend), [-0.5, 0.5], "opposite directions: opposite sides of the line");
});
