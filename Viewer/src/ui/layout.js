// Automatic view layout from the entity tree (like Rerun's heuristics), and the layout tree the
// viewport renders: splits with sizes, tabs, and view leaves. Pure data; JSON-serialisable.

const KIND_3D = new Set(["Points3D", "Boxes3D", "LineStrips3D", "Arrows3D", "Mesh3D", "Transform3D", "ViewCoordinates"]);
const KIND_IMAGE = new Set(["Image", "EncodedImage", "DepthImage", "SegmentationImage"]);
const KIND_2D = new Set([...KIND_IMAGE, "Points2D", "Boxes2D", "LineStrips2D", "Arrows2D"]);

/** The short archetype name of a tree component entry ("rerun.archetypes.Points3D" → "Points3D"). */
export function archetypeName(component) {
  let a = component.archetype ?? "";
  if (!a && typeof component.component === "string" && component.component.includes(":")) {
    a = component.component.slice(0, component.component.indexOf(":"));
  }
  const dot = a.lastIndexOf(".");
  return dot >= 0 ? a.slice(dot + 1) : a;
}

/** The set of archetype short names present on a tree entity. */
export function archetypesOf(entity) {
  return new Set((entity.components ?? []).map(archetypeName).filter(Boolean));
}

/** Path parts of "/a/b/c" → ["a", "b", "c"]. */
export function pathParts(path) {
  return path.split("/").filter((p) => p.length > 0);
}

/** Parent path ("/a/b" → "/a", "/a" → "/"). */
export function parentPath(path) {
  const parts = pathParts(path);
  return parts.length <= 1 ? "/" : "/" + parts.slice(0, -1).join("/");
}

/** Whether `path` is `ancestor` or lies beneath it. */
export function isUnder(path, ancestor) {
  if (ancestor === "/" || ancestor === "") return true;
  return path === ancestor || path.startsWith(ancestor + "/");
}

function rootOf(path) {
  const parts = pathParts(path);
  return parts.length ? "/" + parts[0] : "/";
}

/**
 * Views for a tree: `[{ id, kind, title, origin, entities }]` where kind is one of
 * "spatial3d", "spatial2d", "timeseries", "textlog", "textdoc", "barchart", "tensor", "graph".
 * Like Rerun 0.41, every entity with GraphNodes gets its own graph view (origin = the entity).
 */
export function heuristicViews(entities) {
  const byPath = new Map(entities.map((e) => [e.path, archetypesOf(e)]));
  const pinholes = entities.filter((e) => byPath.get(e.path).has("Pinhole")).map((e) => e.path);
  const pinholeOf = (path) => {
    let best = null;
    for (const p of pinholes) if (isUnder(path, p) && (!best || p.length > best.length)) best = p;
    return best;
  };
  const views = [];
  const spaces3d = new Map();
  const spaces2d = new Map();
  const series = new Map();
  const logs = [];
  for (const e of entities) {
    const kinds = byPath.get(e.path);
    const pin = pinholeOf(e.path);
    const has2d = [...kinds].some((k) => KIND_2D.has(k));
    const has3d = [...kinds].some((k) => KIND_3D.has(k)) || kinds.has("Pinhole");
    if (has3d && !(pin && pin !== e.path && !kinds.has("Transform3D"))) {
      const root = rootOf(e.path);
      if (!spaces3d.has(root)) spaces3d.set(root, []);
      spaces3d.get(root).push(e.path);
    }
    if (has2d) {
      const origin = pin ?? (kinds.has("Image") || kinds.has("EncodedImage") || [...kinds].some((k) => KIND_IMAGE.has(k))
        ? imageSpaceOf(e.path, byPath) : rootOf(e.path));
      if (!spaces2d.has(origin)) spaces2d.set(origin, []);
      spaces2d.get(origin).push(e.path);
    }
    if (kinds.has("Scalars") || kinds.has("SeriesLines") || kinds.has("SeriesPoints")) {
      const group = parentPath(e.path);
      if (!series.has(group)) series.set(group, []);
      series.get(group).push(e.path);
    }
    if (kinds.has("TextLog")) logs.push(e.path);
    if (kinds.has("TextDocument")) views.push(view("textdoc", e.path, [e.path]));
    if (kinds.has("BarChart")) views.push(view("barchart", e.path, [e.path]));
    if (kinds.has("Tensor")) views.push(view("tensor", e.path, [e.path]));
    if (kinds.has("GraphNodes")) views.push(view("graph", e.path, [e.path]));
  }
  // 2D content without an image, under a 2D image space, joins it.
  for (const [origin, paths] of spaces2d) {
    for (const [other, otherPaths] of spaces2d) {
      if (other !== origin && isUnder(other, origin) && spaces2d.has(other)) {
        paths.push(...otherPaths);
        spaces2d.delete(other);
      }
    }
  }
  // The 3D view of a root also shows entities under it that are 3D-capable (e.g. pinhole frustums).
  const out = [];
  for (const [root, paths] of spaces3d) out.push(view("spatial3d", root, paths));
  for (const [origin, paths] of spaces2d) out.push(view("spatial2d", origin, [...new Set(paths)]));
  for (const [group, paths] of series) out.push(view("timeseries", group, paths));
  if (logs.length) out.push(view("textlog", "/", logs));
  out.push(...views);
  // Nothing we can draw (e.g. only untagged components or edges without nodes): show the data as a table.
  const drawable = new Set(out.flatMap((v) => v.entities));
  const rest = entities.filter((e) => !drawable.has(e.path) && !e.path.startsWith("/__") && (e.components ?? []).length);
  if (!out.length && rest.length) out.push(view("dataframe", "/", rest.map((e) => e.path)));
  return out;
}

// A standalone image's space: its parent when the parent also holds 2D content, else itself.
function imageSpaceOf(path, byPath) {
  const parent = parentPath(path);
  const kinds = byPath.get(parent);
  if (parent !== "/" && kinds && [...kinds].some((k) => KIND_2D.has(k))) return parent;
  return path;
}

function view(kind, origin, entities) {
  const title = origin === "/" ? (kind === "textlog" ? "Logs" : "/") : origin;
  return { id: `${kind}:${origin}`, kind, title, origin, entities: [...entities] };
}

const TOP_ROW = new Set(["spatial3d", "spatial2d", "graph"]);

/**
 * A layout tree for views: spatial and graph views side by side on top, the rest below (a row of plots and
 * documents, with text logs to the right). At most `maxPerRow` leaves per row; extras become tabs.
 */
export function heuristicLayout(views, maxPerRow = 4) {
  if (!views.length) return null;
  const spatial = views.filter((v) => TOP_ROW.has(v.kind));
  const rest = views.filter((v) => !TOP_ROW.has(v.kind));
  const rows = [spatial, rest].filter((r) => r.length);
  const rowNodes = rows.map((r) => rowNode(r.map((v) => v.id), maxPerRow));
  if (rowNodes.length === 1) return rowNodes[0];
  return { type: "split", dir: "column", sizes: [0.6, 0.4], children: rowNodes };
}

function rowNode(ids, maxPerRow) {
  if (ids.length === 1) return { type: "view", view: ids[0] };
  let leaves = ids.map((id) => ({ type: "view", view: id }));
  if (ids.length > maxPerRow) {
    const keep = leaves.slice(0, maxPerRow - 1);
    keep.push({ type: "tabs", active: 0, children: ids.slice(maxPerRow - 1) });
    leaves = keep;
  }
  return { type: "split", dir: "row", sizes: leaves.map(() => 1 / leaves.length), children: leaves };
}

/** All view ids referenced by a layout tree. */
export function layoutViewIds(node, out = []) {
  if (!node) return out;
  if (node.type === "view") out.push(node.view);
  else if (node.type === "tabs") out.push(...node.children);
  else for (const c of node.children) layoutViewIds(c, out);
  return out;
}

/** Removes a view from a layout tree (collapsing single-child splits). Returns the new tree or null. */
export function removeView(node, id) {
  if (!node) return null;
  if (node.type === "view") return node.view === id ? null : node;
  if (node.type === "tabs") {
    const children = node.children.filter((c) => c !== id);
    if (!children.length) return null;
    if (children.length === 1) return { type: "view", view: children[0] };
    return { ...node, children, active: Math.min(node.active, children.length - 1) };
  }
  const kept = [];
  const sizes = [];
  node.children.forEach((c, i) => {
    const r = removeView(c, id);
    if (r) {
      kept.push(r);
      sizes.push(node.sizes[i]);
    }
  });
  if (!kept.length) return null;
  if (kept.length === 1) return kept[0];
  const sum = sizes.reduce((a, b) => a + b, 0);
  return { ...node, children: kept, sizes: sizes.map((s) => s / sum) };
}

/** Adds a view as a new pane next to the layout root (or as the root if empty). */
export function addView(node, id, dir = "row") {
  const leaf = { type: "view", view: id };
  if (!node) return leaf;
  if (node.type === "split" && node.dir === dir) {
    const n = node.children.length + 1;
    return { ...node, children: [...node.children, leaf], sizes: [...node.sizes.map((s) => (s * (n - 1)) / n), 1 / n] };
  }
  return { type: "split", dir, sizes: [0.5, 0.5], children: [node, leaf] };
}

/** Splits the leaf showing `id` into two panes, the new one showing `newId`. */
export function splitView(node, id, newId, dir = "row") {
  if (!node) return null;
  if (node.type === "view") {
    return node.view === id ? { type: "split", dir, sizes: [0.5, 0.5], children: [node, { type: "view", view: newId }] } : node;
  }
  if (node.type === "tabs") return node;
  return { ...node, children: node.children.map((c) => splitView(c, id, newId, dir)) };
}

/** Turns the leaf showing `id` into tabs holding `id` and `newId`. */
export function tabView(node, id, newId) {
  if (!node) return null;
  if (node.type === "view") return node.view === id ? { type: "tabs", active: 1, children: [id, newId] } : node;
  if (node.type === "tabs") return node.children.includes(id) ? { ...node, children: [...node.children, newId], active: node.children.length } : node;
  return { ...node, children: node.children.map((c) => tabView(c, id, newId)) };
}

/** Moves the boundary between children `i` and `i + 1` of a split by `delta` (fraction of the split). */
export function resizeSplit(sizes, i, delta, minSize = 0.05) {
  const out = [...sizes];
  const pair = out[i] + out[i + 1];
  out[i] = Math.min(pair - minSize, Math.max(minSize, out[i] + delta));
  out[i + 1] = pair - out[i];
  return out;
}

/** Validates an imported layout document `{ version: 1, views, layout }`; throws with the reason. */
export function validateLayoutDocument(doc) {
  if (!doc || typeof doc !== "object" || doc.version !== 1) throw new Error("layout: expected an object with version 1");
  if (!Array.isArray(doc.views)) throw new Error("layout: \"views\" must be an array");
  const kinds = new Set(["spatial3d", "spatial2d", "timeseries", "textlog", "textdoc", "barchart", "tensor", "dataframe", "xyplot", "graph"]);
  const ids = new Set();
  for (const v of doc.views) {
    if (!v || typeof v.id !== "string" || !kinds.has(v.kind) || !Array.isArray(v.entities)) {
      throw new Error(`layout: bad view ${JSON.stringify(v)?.slice(0, 80)}`);
    }
    ids.add(v.id);
  }
  for (const id of layoutViewIds(doc.layout)) if (!ids.has(id)) throw new Error(`layout: tree references unknown view "${id}"`);
  return doc;
}
