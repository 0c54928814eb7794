// The graph view's data model: GraphNodes and GraphEdges cells at the time cursor → nodes and
// edges per entity, with Rerun 0.41's semantics:
//  - node ids are scoped to their entity (the same id in two entities is two nodes);
//  - an edge refers to node ids of its own entity; an id no GraphNodes of that entity lists
//    becomes an "implicit" node (small gray dot, no label, not selectable);
//  - optional per-node components (positions, colors, labels, radii) are clamped: a shorter list
//    repeats its last value, an empty one means "none";
//  - show_labels (one per entity, default true): a node shows its label, or its id when it has no
//    label, in a box; with show_labels false it is a circle of its radius (default 4).
// Pure functions over a `get(path, component)` cell accessor (EntityData.get); no DOM.

import { floats, numbers } from "../data/cells.js";

/** Default node circle radius (scene units), as Rerun's graph view. */
export const DEFAULT_NODE_RADIUS = 4;

/** Radius of an implicit node (one only referenced by an edge). */
export const IMPLICIT_NODE_RADIUS = 4;

/** Graph type values of the GraphType component. */
export const GRAPH_TYPE_UNDIRECTED = 1;
export const GRAPH_TYPE_DIRECTED = 2;

/** The layout key of a node: unique within a view (entity-scoped id). */
export function nodeKey(entity, id) {
  return `${entity}\u0000${id}`;
}

/** Whether a GraphType cell says "directed" (numeric 2, or the enum's name). */
export function isDirected(cell) {
  if (!cell) return false;
  if (cell.kind === "numeric") return cell.count > 0 && Number(cell.data[0]) === GRAPH_TYPE_DIRECTED;
  if (cell.kind === "strings") return String(cell.strings[0] ?? "").toLowerCase() === "directed";
  if (cell.kind === "json") {
    const v = Array.isArray(cell.json) ? cell.json[0] : cell.json;
    return v === GRAPH_TYPE_DIRECTED || String(v).toLowerCase() === "directed";
  }
  return false;
}

/** The edges of a GraphEdges:edges cell as `[first, second]` pairs (null entries skipped). */
export function edgePairs(cell) {
  const out = [];
  if (!cell) return out;
  if (cell.kind === "json" && Array.isArray(cell.json)) {
    for (const e of cell.json) {
      if (e && typeof e === "object") {
        const a = Array.isArray(e) ? e[0] : e.first;
        const b = Array.isArray(e) ? e[1] : e.second;
        if (a != null && b != null) out.push([String(a), String(b)]);
      }
    }
  }
  return out;
}

function clampedIndex(n, i) {
  return n === 0 ? -1 : Math.min(i, n - 1);
}

/**
 * One entity's graph: `{ entity, nodes, edges, directed }`. Nodes are
 * `{ key, id, entity, instance (null for implicit), implicit, position: [x, y] | null, color: [r,g,b,a] | null,
 *    label: string | null, radius }` in instance order, implicit nodes after explicit ones in order
 * of first reference. Edges are `{ source, target, directed, instance }` with node keys.
 */
export function entityGraph(get, entity) {
  const ids = get(entity, "GraphNodes:node_ids");
  const nodes = [];
  const byId = new Map();
  if (ids && ids.kind === "strings") {
    const pos = floats(get(entity, "GraphNodes:positions"));
    const npos = Math.floor(pos.length / 2);
    const colorCell = get(entity, "GraphNodes:colors");
    const colors = colorCell && colorCell.kind === "numeric" ? colorCell.data : [];
    const labelCell = get(entity, "GraphNodes:labels");
    const labels = labelCell && labelCell.kind === "strings" ? labelCell.strings : [];
    const radii = numbers(get(entity, "GraphNodes:radii"));
    const showCell = get(entity, "GraphNodes:show_labels");
    const show = showCell && showCell.kind === "bools" && showCell.bools.length ? showCell.bools[0] !== false : true;
    for (let i = 0; i < ids.strings.length; i++) {
      const id = ids.strings[i];
      if (id == null || byId.has(id)) continue;
      const p = clampedIndex(npos, i);
      const c = clampedIndex(colors.length, i);
      const l = clampedIndex(labels.length, i);
      const r = clampedIndex(radii.length, i);
      const x = p >= 0 ? pos[p * 2] : NaN, y = p >= 0 ? pos[p * 2 + 1] : NaN;
      const label = l >= 0 && labels[l] != null ? labels[l] : null;
      const v = c >= 0 ? Number(colors[c]) >>> 0 : null;
      const node = {
        key: nodeKey(entity, id), id, entity, instance: i, implicit: false,
        position: Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null,
        color: v === null ? null : [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255],
        label: show ? (label ?? id) : null,
        radius: r >= 0 && Number.isFinite(radii[r]) ? Math.abs(radii[r]) : DEFAULT_NODE_RADIUS,
      };
      byId.set(id, node);
      nodes.push(node);
    }
  }
  const directed = isDirected(get(entity, "GraphEdges:graph_type"));
  const edges = [];
  const pairs = edgePairs(get(entity, "GraphEdges:edges"));
  for (let i = 0; i < pairs.length; i++) {
    for (const id of pairs[i]) {
      if (!byId.has(id)) {
        const node = { key: nodeKey(entity, id), id, entity, instance: null, implicit: true, position: null, color: null, label: null, radius: IMPLICIT_NODE_RADIUS };
        byId.set(id, node);
        nodes.push(node);
      }
    }
    edges.push({ source: nodeKey(entity, pairs[i][0]), target: nodeKey(entity, pairs[i][1]), directed, instance: i });
  }
  return { entity, nodes, edges, directed };
}

/**
 * Spreads edges that join the same two nodes (either direction): sets `e.bend` on each edge to
 * its offset from the straight line in units of the bend spacing (0 for a lone edge; for k
 * parallel edges −(k−1)/2 … (k−1)/2), measured to the left of the direction from the smaller to
 * the larger node key, so a→b and b→a curve apart. Self edges get 0.
 */
export function assignEdgeBends(edges) {
  const groups = new Map();
  for (const e of edges) {
    if (e.source === e.target) { e.bend = 0; continue; }
    const k = e.source < e.target ? `${e.source}\u0001${e.target}` : `${e.target}\u0001${e.source}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(e);
  }
  for (const list of groups.values()) {
    list.forEach((e, i) => { e.bend = i - (list.length - 1) / 2; });
  }
  return edges;
}

/** The graphs of a view's entities (entities without nodes or edges are left out). */
export function viewGraphs(get, entities) {
  const out = [];
  for (const e of entities) {
    const g = entityGraph(get, e);
    assignEdgeBends(g.edges);
    if (g.nodes.length || g.edges.length) out.push(g);
  }
  return out;
}
