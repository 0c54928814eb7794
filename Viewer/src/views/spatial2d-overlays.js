// Overlays of the 2D view as plain image-space primitives: Points2D, Boxes2D, LineStrips2D and
// Arrows2D, and 3D archetypes (Points3D, LineStrips3D, Boxes3D, Arrows3D) projected through a
// pinhole. One layer model serves drawing (screen space, Rerun's radius conventions) and picking.
//
// Radius convention (Rerun): > 0 scene units (scale with zoom), < 0 UI points (fixed on screen),
// 0 or unset for lines/box outlines/arrows: a 1 px hairline.

import { floats, numbers } from "../data/cells.js";
import { instanceColors } from "../data/annotations.js";
import { BOX_EDGES, applyAffine, boxCorners, projectCameraPoint, projectPolyline, projectPoints } from "../render/projection.js";
import { fromQuaternion, multiply, translation } from "../render/mat4.js";

/** Default point radius (UI points) when none is logged. */
export const DEFAULT_POINT_RADIUS = -2.5;

/** Default draw orders (Rerun's DrawOrder defaults for 2D kinds). */
export const DRAW_ORDER = { Points2D: 30, LineStrips2D: 20, Arrows2D: 20, Boxes2D: 10 };

const MAX_LABELS = 500;
const PICK_TOLERANCE_PX = 5;

/** Screen width in CSS px of a line with radius `r` at view scale `scale` (image px → CSS px). */
export function strokeWidthPx(r, scale) {
  if (r > 0) return Math.max(1, 2 * r * scale);
  if (r < 0) return Math.max(1, -2 * r);
  return 1;
}

/** Screen radius in CSS px of a point with radius `r` (unset / 0 → the default UI radius). */
export function pointRadiusPx(r, scale) {
  if (r > 0) return Math.max(0.5, r * scale);
  if (r < 0) return -r;
  return -DEFAULT_POINT_RADIUS;
}

const pick = (arr, i, fallback) => (arr.length ? arr[Math.min(i, arr.length - 1)] : fallback);

function labelsOf(data, path, archetype) {
  const show = data.scalar(path, `${archetype}:show_labels`, true);
  if (show === false || show === 0) return null;
  const cell = data.get(path, `${archetype}:labels`);
  return cell && cell.kind === "strings" && cell.strings.length ? cell.strings : null;
}

function addLabel(out, labels, i, x, y) {
  if (!labels || out.length >= MAX_LABELS) return;
  const text = labels.length === 1 ? (i === 0 ? labels[0] : null) : labels[i];
  if (text != null && Number.isFinite(x) && Number.isFinite(y)) out.push({ x, y, text });
}

function vec2At(v, i) {
  const n = v.length / 2;
  if (!n) return [0, 0];
  const j = Math.min(i, n - 1);
  return [v[j * 2], v[j * 2 + 1]];
}

/** Layers for the 2D archetypes logged at `path` (image-space coordinates, as logged). */
export function collect2D(data, path) {
  const layers = [];
  const order = (arch) => data.scalar(path, `${arch}:draw_order`, DRAW_ORDER[arch]);
  const p = data.get(path, "Points2D:positions");
  if (p && p.count > 0) {
    const n = p.count;
    const radii = numbers(data.get(path, "Points2D:radii"));
    const radius = new Float32Array(n);
    for (let i = 0; i < n; i++) radius[i] = pick(radii, i, DEFAULT_POINT_RADIUS);
    const pos = floats(p).subarray(0, n * 2);
    const index = new Uint32Array(n);
    for (let i = 0; i < n; i++) index[i] = i;
    const labels = [];
    const ls = labelsOf(data, path, "Points2D");
    for (let i = 0; i < n && ls; i++) addLabel(labels, ls, i, pos[i * 2], pos[i * 2 + 1]);
    layers.push({ kind: "points", path, archetype: "Points2D", order: order("Points2D"), pos, radius, index, colors: instanceColors(data, path, "Points2D", n), labels });
  }
  const b = data.get(path, "Boxes2D:half_sizes");
  if (b && b.count > 0) {
    const n = b.count;
    const hs = floats(b);
    const ctr = floats(data.get(path, "Boxes2D:centers"));
    const radii = numbers(data.get(path, "Boxes2D:radii"));
    const strips = [], labels = [];
    const ls = labelsOf(data, path, "Boxes2D");
    for (let i = 0; i < n; i++) {
      const [cx, cy] = vec2At(ctr, i);
      const hx = hs[i * 2], hy = hs[i * 2 + 1];
      strips.push({ pts: Float32Array.of(cx - hx, cy - hy, cx + hx, cy - hy, cx + hx, cy + hy, cx - hx, cy + hy), closed: true, instance: i, radius: pick(radii, i, 0) });
      addLabel(labels, ls, i, cx - hx, cy - hy);
    }
    layers.push({ kind: "lines", path, archetype: "Boxes2D", order: order("Boxes2D"), strips, colors: instanceColors(data, path, "Boxes2D", n), labels });
  }
  const l = data.get(path, "LineStrips2D:strips");
  if (l && l.count > 0 && l.offsets) {
    const v = floats(l);
    const off = l.offsets;
    const radii = numbers(data.get(path, "LineStrips2D:radii"));
    const strips = [], labels = [];
    const ls = labelsOf(data, path, "LineStrips2D");
    for (let s = 0; s < l.count; s++) {
      const a = off[s], e = off[s + 1];
      if (e - a < 1) continue;
      strips.push({ pts: v.subarray(a * 2, e * 2), closed: false, instance: s, radius: pick(radii, s, 0) });
      const mid = a + Math.floor((e - a - 1) / 2);
      addLabel(labels, ls, s, v[mid * 2], v[mid * 2 + 1]);
    }
    layers.push({ kind: "lines", path, archetype: "LineStrips2D", order: order("LineStrips2D"), strips, colors: instanceColors(data, path, "LineStrips2D", l.count), labels });
  }
  const a = data.get(path, "Arrows2D:vectors");
  if (a && a.count > 0) {
    const n = a.count;
    const vec = floats(a);
    const org = floats(data.get(path, "Arrows2D:origins"));
    const radii = numbers(data.get(path, "Arrows2D:radii"));
    const from = new Float32Array(n * 2), to = new Float32Array(n * 2), radius = new Float32Array(n), index = new Uint32Array(n);
    const head = new Uint8Array(n).fill(1);
    const labels = [];
    const ls = labelsOf(data, path, "Arrows2D");
    for (let i = 0; i < n; i++) {
      const [ox, oy] = vec2At(org, i);
      from[i * 2] = ox; from[i * 2 + 1] = oy;
      to[i * 2] = ox + vec[i * 2]; to[i * 2 + 1] = oy + vec[i * 2 + 1];
      radius[i] = pick(radii, i, 0);
      index[i] = i;
      addLabel(labels, ls, i, ox + vec[i * 2] / 2, oy + vec[i * 2 + 1] / 2);
    }
    layers.push({ kind: "arrows", path, archetype: "Arrows2D", order: order("Arrows2D"), from, to, radius, index, head, colors: instanceColors(data, path, "Arrows2D", n), labels });
  }
  return layers;
}

/** Mean focal length of intrinsics K (column-major), to turn scene-unit radii into pixels. */
function focal(K) {
  return (Math.abs(K[0]) + Math.abs(K[4])) / 2 || 1;
}

/** Scene-unit radius (> 0) at `depth` → image pixels; UI radii (< 0) and unset (0) pass through. */
function projectRadius(r, K, depth) {
  return r > 0 && depth > 0 ? (r * focal(K)) / depth : r;
}

/**
 * Layers for the 3D archetypes at `path`, projected into the image space of a pinhole with
 * intrinsics `K` (column-major 3×3); `camFromEntity` (4×4) takes the entity's space to the RDF
 * camera frame. Geometry behind the camera is culled (points) or clipped (lines).
 */
export function collectProjected(data, path, K, camFromEntity) {
  const layers = [];
  const p = data.get(path, "Points3D:positions");
  if (p && p.count > 0) {
    const proj = projectPoints(K, camFromEntity, floats(p), p.count);
    const radii = numbers(data.get(path, "Points3D:radii"));
    const k = proj.index.length;
    const radius = new Float32Array(k);
    const labels = [];
    const ls = labelsOf(data, path, "Points3D");
    for (let j = 0; j < k; j++) {
      const i = proj.index[j];
      radius[j] = projectRadius(pick(radii, i, DEFAULT_POINT_RADIUS), K, proj.depth[j]);
      addLabel(labels, ls, i, proj.uv[j * 2], proj.uv[j * 2 + 1]);
    }
    layers.push({ kind: "points", path, archetype: "Points3D", order: DRAW_ORDER.Points2D, pos: proj.uv, radius, index: proj.index, colors: instanceColors(data, path, "Points3D", p.count), labels });
  }
  const l = data.get(path, "LineStrips3D:strips");
  if (l && l.count > 0 && l.offsets) {
    const v = floats(l);
    const off = l.offsets;
    const radii = numbers(data.get(path, "LineStrips3D:radii"));
    const strips = [], labels = [];
    const ls = labelsOf(data, path, "LineStrips3D");
    for (let s = 0; s < l.count; s++) {
      const { lines, depth } = projectPolyline(K, camFromEntity, v.subarray(off[s] * 3, off[s + 1] * 3));
      const r = projectRadius(pick(radii, s, 0), K, depth);
      for (const pts of lines) strips.push({ pts, closed: false, instance: s, radius: r });
      if (lines.length) addLabel(labels, ls, s, lines[0][0], lines[0][1]);
    }
    layers.push({ kind: "lines", path, archetype: "LineStrips3D", order: DRAW_ORDER.LineStrips2D, strips, colors: instanceColors(data, path, "LineStrips3D", l.count), labels });
  }
  const b = data.get(path, "Boxes3D:half_sizes");
  if (b && b.count > 0) {
    const n = b.count;
    const hs = floats(b);
    const ctr = floats(data.get(path, "Boxes3D:centers"));
    const quats = floats(data.get(path, "Boxes3D:quaternions"));
    const radii = numbers(data.get(path, "Boxes3D:radii"));
    const strips = [], labels = [];
    const ls = labelsOf(data, path, "Boxes3D");
    const c = [0, 0, 0], uvz = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const j = Math.min(i, ctr.length / 3 - 1);
      const center = ctr.length >= 3 ? [ctr[j * 3], ctr[j * 3 + 1], ctr[j * 3 + 2]] : [0, 0, 0];
      let m = camFromEntity;
      if (quats.length >= 4) {
        const q = Math.min(i, quats.length / 4 - 1) * 4;
        m = multiply(camFromEntity, multiply(translation(center), fromQuaternion([quats[q], quats[q + 1], quats[q + 2], quats[q + 3]])));
      }
      const corners = quats.length >= 4 ? boxCorners([0, 0, 0], hs.subarray(i * 3, i * 3 + 3)) : boxCorners(center, hs.subarray(i * 3, i * 3 + 3));
      let depth = NaN;
      const first = strips.length;
      for (const [e0, e1] of BOX_EDGES) {
        const seg = Float32Array.of(corners[e0 * 3], corners[e0 * 3 + 1], corners[e0 * 3 + 2], corners[e1 * 3], corners[e1 * 3 + 1], corners[e1 * 3 + 2]);
        const pr = projectPolyline(K, m, seg);
        if (!Number.isFinite(depth)) depth = pr.depth;
        for (const pts of pr.lines) strips.push({ pts, closed: false, instance: i, radius: 0 });
      }
      const r = projectRadius(pick(radii, i, 0), K, depth);
      for (let k = first; k < strips.length; k++) strips[k].radius = r;
      applyAffine(camFromEntity, center[0], center[1], center[2], c);
      if (projectCameraPoint(K, c[0], c[1], c[2], uvz)) addLabel(labels, ls, i, uvz[0], uvz[1]);
    }
    layers.push({ kind: "lines", path, archetype: "Boxes3D", order: DRAW_ORDER.Boxes2D, strips, colors: instanceColors(data, path, "Boxes3D", n), labels });
  }
  const a = data.get(path, "Arrows3D:vectors");
  if (a && a.count > 0) {
    const n = a.count;
    const vec = floats(a);
    const org = floats(data.get(path, "Arrows3D:origins"));
    const radii = numbers(data.get(path, "Arrows3D:radii"));
    const from = [], to = [], radius = [], index = [], head = [];
    const labels = [];
    const ls = labelsOf(data, path, "Arrows3D");
    for (let i = 0; i < n; i++) {
      const j = Math.min(i, org.length / 3 - 1);
      const o = org.length >= 3 ? [org[j * 3], org[j * 3 + 1], org[j * 3 + 2]] : [0, 0, 0];
      const tip = [o[0] + vec[i * 3], o[1] + vec[i * 3 + 1], o[2] + vec[i * 3 + 2]];
      const pr = projectPolyline(K, camFromEntity, Float32Array.of(...o, ...tip));
      if (!pr.lines.length) continue;
      const pts = pr.lines[0];
      // the head shows only when the tip itself is in front of the camera
      const tipCam = applyAffine(camFromEntity, tip[0], tip[1], tip[2], [0, 0, 0]);
      from.push(pts[0], pts[1]); to.push(pts[pts.length - 2], pts[pts.length - 1]);
      radius.push(projectRadius(pick(radii, i, 0), K, pr.depth));
      index.push(i);
      head.push(tipCam[2] > 0 ? 1 : 0);
      addLabel(labels, ls, i, (pts[0] + pts[pts.length - 2]) / 2, (pts[1] + pts[pts.length - 1]) / 2);
    }
    layers.push({ kind: "arrows", path, archetype: "Arrows3D", order: DRAW_ORDER.Arrows2D, from: Float32Array.from(from), to: Float32Array.from(to), radius: Float32Array.from(radius), index: Uint32Array.from(index), head: Uint8Array.from(head), colors: instanceColors(data, path, "Arrows3D", n), labels });
  }
  return layers;
}

/** The image-space bounds `{x0, y0, x1, y1}` of overlay layers, or null when empty. */
export function overlayBounds(layers) {
  let b = null;
  const add = (x, y) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    b = b ?? { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    if (x < b.x0) b.x0 = x;
    if (x > b.x1) b.x1 = x;
    if (y < b.y0) b.y0 = y;
    if (y > b.y1) b.y1 = y;
  };
  for (const l of layers) {
    if (l.kind === "points") for (let i = 0; i + 1 < l.pos.length; i += 2) add(l.pos[i], l.pos[i + 1]);
    else if (l.kind === "lines") for (const s of l.strips) for (let i = 0; i + 1 < s.pts.length; i += 2) add(s.pts[i], s.pts[i + 1]);
    else if (l.kind === "arrows") for (let i = 0; i + 1 < l.from.length; i += 2) { add(l.from[i], l.from[i + 1]); add(l.to[i], l.to[i + 1]); }
  }
  return b;
}

function rgba(colors, i) {
  const j = Math.min(i, colors.length / 4 - 1) * 4;
  return `rgba(${colors[j]},${colors[j + 1]},${colors[j + 2]},${(colors[j + 3] / 255).toFixed(3)})`;
}

/**
 * Draws one overlay layer on a 2D context whose transform is the identity (device pixels).
 * `view` = {scale, x, y} maps image coordinates to CSS px; `dpr` CSS → device px.
 */
export function drawOverlay(ctx, layer, view, dpr, highlight = null) {
  const sx = view.scale * dpr, ox = view.x * dpr, oy = view.y * dpr;
  const W = ctx.canvas.width, H = ctx.canvas.height;
  if (layer.kind === "points") {
    const { pos, radius, index, colors } = layer;
    let color = null;
    ctx.beginPath();
    for (let j = 0; j < index.length; j++) {
      const x = pos[j * 2] * sx + ox, y = pos[j * 2 + 1] * sx + oy;
      const r = pointRadiusPx(radius[j], view.scale) * dpr;
      if (x < -r || y < -r || x > W + r || y > H + r) continue;
      const c = highlight ?? rgba(colors, index[j]);
      if (c !== color) {
        if (color !== null) ctx.fill();
        ctx.fillStyle = color = c;
        ctx.beginPath();
      }
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
    }
    if (color !== null) ctx.fill();
  } else if (layer.kind === "lines") {
    ctx.lineJoin = "round";
    ctx.lineCap = "butt";
    for (const s of layer.strips) {
      const w = strokeWidthPx(s.radius, view.scale) * dpr;
      const snap = snapper(w);
      ctx.lineWidth = w;
      ctx.strokeStyle = highlight ?? rgba(layer.colors, s.instance);
      ctx.beginPath();
      for (let i = 0; i + 1 < s.pts.length; i += 2) {
        const x = snap(s.pts[i] * sx + ox), y = snap(s.pts[i + 1] * sx + oy);
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      }
      if (s.closed) ctx.closePath();
      ctx.stroke();
    }
  } else if (layer.kind === "arrows") {
    ctx.lineCap = "butt";
    for (let j = 0; j < layer.index.length; j++) {
      const w = strokeWidthPx(layer.radius[j], view.scale) * dpr;
      const x0 = layer.from[j * 2] * sx + ox, y0 = layer.from[j * 2 + 1] * sx + oy;
      const x1 = layer.to[j * 2] * sx + ox, y1 = layer.to[j * 2 + 1] * sx + oy;
      const c = highlight ?? rgba(layer.colors, layer.index[j]);
      const { shaftEnd, head } = arrowGeometry(x0, y0, x1, y1, w, dpr, layer.head[j]);
      ctx.strokeStyle = c;
      ctx.fillStyle = c;
      ctx.lineWidth = w;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(shaftEnd[0], shaftEnd[1]);
      ctx.stroke();
      if (head) {
        ctx.beginPath();
        ctx.moveTo(head[0], head[1]);
        ctx.lineTo(head[2], head[3]);
        ctx.lineTo(head[4], head[5]);
        ctx.closePath();
        ctx.fill();
      }
    }
  }
}

/** Draws a layer's labels (device px context) next to their anchors. */
export function drawLabels(ctx, layer, view, dpr) {
  if (!layer.labels?.length) return;
  ctx.font = `${12 * dpr}px sans-serif`;
  ctx.fillStyle = "#f0f0f0";
  for (const l of layer.labels) ctx.fillText(l.text, (l.x * view.scale + view.x + 5) * dpr, (l.y * view.scale + view.y - 5) * dpr);
}

/** Pixel snapping for crisp hairlines: odd device widths land on pixel centers, even on edges. */
function snapper(w) {
  const rw = Math.round(w);
  if (Math.abs(w - rw) > 0.01 || rw > 4) return (v) => v;
  return rw % 2 ? (v) => Math.floor(v) + 0.5 : (v) => Math.round(v);
}

/**
 * Arrow shape in screen px: the shaft stops where the head begins; the head is a triangle with its
 * tip at (x1, y1), length max(8 px, 4·width) and half width max(3.5 px, 2·width), shrunk for short arrows.
 */
export function arrowGeometry(x0, y0, x1, y1, w, dpr = 1, withHead = true) {
  const dx = x1 - x0, dy = y1 - y0;
  const len = Math.hypot(dx, dy);
  if (!withHead || len === 0) return { shaftEnd: [x1, y1], head: null };
  const ux = dx / len, uy = dy / len;
  const L = Math.min(len, Math.max(8 * dpr, 4 * w));
  const hw = Math.min(L * 0.6, Math.max(3.5 * dpr, 2 * w));
  const bx = x1 - ux * L, by = y1 - uy * L;
  return { shaftEnd: [bx, by], head: [x1, y1, bx - uy * hw, by + ux * hw, bx + uy * hw, by - ux * hw] };
}

function segmentDistance(px, py, x0, y0, x1, y1) {
  const dx = x1 - x0, dy = y1 - y0;
  const l2 = dx * dx + dy * dy;
  const t = l2 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / l2)) : 0;
  return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
}

/**
 * The overlay primitive under CSS position (x, y) of a view: `{path, index, archetype}` of the
 * nearest hit within a few pixels of its drawn shape (upper layers win ties), or null.
 */
export function pickOverlay(layers, view, x, y, tolerance = PICK_TOLERANCE_PX) {
  let best = null, bestD = tolerance;
  const s = view.scale;
  for (let li = layers.length - 1; li >= 0; li--) {
    const l = layers[li];
    const hit = (d, index) => {
      if (d < bestD) { bestD = d; best = { path: l.path, index, archetype: l.archetype }; }
    };
    if (l.kind === "points") {
      for (let j = 0; j < l.index.length; j++) {
        const px = l.pos[j * 2] * s + view.x, py = l.pos[j * 2 + 1] * s + view.y;
        if (Math.abs(px - x) > 200 || Math.abs(py - y) > 200) continue;
        hit(Math.max(0, Math.hypot(px - x, py - y) - pointRadiusPx(l.radius[j], s)), l.index[j]);
      }
    } else if (l.kind === "lines") {
      for (const st of l.strips) {
        const half = strokeWidthPx(st.radius, s) / 2;
        const n = st.pts.length / 2;
        for (let i = 0; i < n - 1 + (st.closed ? 1 : 0); i++) {
          const a = i, b = (i + 1) % n;
          const d = segmentDistance(x, y, st.pts[a * 2] * s + view.x, st.pts[a * 2 + 1] * s + view.y, st.pts[b * 2] * s + view.x, st.pts[b * 2 + 1] * s + view.y);
          hit(Math.max(0, d - half), st.instance);
        }
      }
    } else if (l.kind === "arrows") {
      for (let j = 0; j < l.index.length; j++) {
        const half = Math.max(strokeWidthPx(l.radius[j], s) / 2, l.head[j] ? 3 : 0);
        const d = segmentDistance(x, y, l.from[j * 2] * s + view.x, l.from[j * 2 + 1] * s + view.y, l.to[j * 2] * s + view.x, l.to[j * 2 + 1] * s + view.y);
        hit(Math.max(0, d - half), l.index[j]);
      }
    }
    if (best && bestD === 0) break;
  }
  return best;
}

/** A copy of `layer` holding only the primitives of instance `index` (for hover highlighting). */
export function instanceOnly(layer, index) {
  if (layer.kind === "lines") return { ...layer, strips: layer.strips.filter((s) => s.instance === index) };
  const keep = [];
  for (let j = 0; j < layer.index.length; j++) if (layer.index[j] === index) keep.push(j);
  const sel = (arr, w) => Float32Array.from(keep.flatMap((j) => Array.from(arr.subarray(j * w, j * w + w))));
  if (layer.kind === "points") return { ...layer, pos: sel(layer.pos, 2), radius: sel(layer.radius, 1), index: Uint32Array.from(keep.map((j) => layer.index[j])) };
  return { ...layer, from: sel(layer.from, 2), to: sel(layer.to, 2), radius: sel(layer.radius, 1), index: Uint32Array.from(keep.map((j) => layer.index[j])), head: Uint8Array.from(keep.map((j) => layer.head[j])) };
}
