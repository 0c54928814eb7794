// Graph view (Canvas 2D): GraphNodes and GraphEdges of the view's entities, like Rerun 0.41's
// graph view. Nodes with positions stay there; the others are placed by a force-directed layout
// that runs a few milliseconds per frame until it settles (graph-layout.js). Nodes show their
// label (or id) in a box, or as circles when show_labels is false; directed edges end in arrow
// heads; with several entities each one's nodes are framed and titled. Wheel zooms, drag pans,
// double-click re-fits; hovering names the node and its entity; clicking selects the node.

import { archetypesOf } from "../ui/layout.js";
import { el, fitCanvas, installWheelZoom } from "../ui/dom.js";
import { viewGraphs, nodeKey } from "./graph-model.js";
import { ForceLayout } from "./graph-layout.js";

const BACKGROUND = "#121416";
const TEXT = "#cad0d4";
const WEAK = "#6f767b";
const BOX_FILL = "#1e2225";
const SELECTION = "#3e9ee8";
const HOVER_FILL = "#2b3236";
/** Label font size and box margins, in scene units (they zoom with the graph, as in Rerun). */
const FONT_SIZE = 12;
const MARGIN_X = 6;
const MARGIN_Y = 4;
/** Spacing of parallel edges at their middle (scene units). */
const BEND = 24;
/** Milliseconds of layout work per frame while the simulation runs. */
const LAYOUT_BUDGET_MS = 10;

/** The graph view. */
export class GraphView {
  constructor(app, spec, element) {
    this.app = app;
    this.spec = spec;
    this.canvas = el("canvas", { class: "c2d" });
    // Many small paths: CPU rasterisation is much faster than (software) GPU rasterisation here.
    this.ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    this.hover = el("div", { class: "hover" });
    element.append(this.canvas, this.hover);
    this.layout = new ForceLayout();
    this.graphs = [];
    this.nodes = new Map();
    this.view = null;
    this.userMoved = false;
    this.hovered = null;
    this.sceneVersion = -1;
    this.drawnLabels = [];
    this.measure = document.createElement("canvas").getContext("2d");
    this.labelWidths = new Map();
    this.installControls();
  }

  /** The view's entities that hold graph data (all of `spec.entities` before the tree is known). */
  entities() {
    const tree = this.app.treeByPath;
    return this.spec.entities.filter((p) => {
      const e = tree.get(p);
      if (!e) return !tree.size;
      const kinds = archetypesOf(e);
      return kinds.has("GraphNodes") || kinds.has("GraphEdges");
    });
  }

  installControls() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, moved: false }; c.setPointerCapture(e.pointerId); });
    c.addEventListener("pointermove", (e) => {
      if (drag && this.view && (drag.moved || Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 2)) {
        this.view.x += e.clientX - drag.x;
        this.view.y += e.clientY - drag.y;
        drag = { x: e.clientX, y: e.clientY, moved: true };
        this.userMoved = true;
        this.app.requestRender(this);
      }
      this.setHovered(this.nodeAt(e.offsetX, e.offsetY));
    });
    c.addEventListener("pointerup", (e) => {
      if (drag && !drag.moved) {
        const hit = this.nodeAt(e.offsetX, e.offsetY);
        if (hit && !hit.implicit) this.app.select(hit.entity, hit.instance);
        this.app.requestRenderAll();
      }
      drag = null;
    });
    c.addEventListener("pointerleave", () => this.setHovered(null));
    installWheelZoom(c, this, this.app);
  }

  setHovered(node) {
    if ((node?.key ?? null) === (this.hovered?.key ?? null)) return;
    this.hovered = node;
    if (!node) this.hover.textContent = "";
    else if (node.implicit) this.hover.textContent = `implicit node ${node.id} (referenced by an edge) · ${node.entity}`;
    else this.hover.textContent = `${node.id}${node.label && node.label !== node.id ? ` "${node.label}"` : ""} · ${node.entity} #${node.instance}`;
    this.app.requestRender(this);
  }

  onData() {
    this.sceneVersion = -1;
  }

  /** Rebuilds the graphs from the data at the cursor and hands them to the layout. */
  buildScene() {
    const data = this.app.data;
    const paths = this.entities().filter((p) => !this.app.isHidden(p));
    this.graphs = viewGraphs((p, c) => data.get(p, c), paths);
    this.nodes = new Map();
    const all = [];
    const edges = [];
    this.measure.font = `${FONT_SIZE}px sans-serif`;
    for (const g of this.graphs) {
      for (const n of g.nodes) {
        if (n.label !== null) {
          n.w = this.labelWidth(n.label) + MARGIN_X * 2 + 2;
          n.h = FONT_SIZE * 1.25 + MARGIN_Y * 2 + 2;
          n.size = Math.max(n.w, n.h) / 2;
        } else {
          n.size = n.radius;
        }
        this.nodes.set(n.key, n);
        all.push({ key: n.key, position: n.position, radius: n.size });
      }
      for (const e of g.edges) edges.push(e);
    }
    this.layout.setGraph(all, edges);
  }

  /** The width of a label at the label font (measured once per text). */
  labelWidth(text) {
    let w = this.labelWidths.get(text);
    if (w === undefined) {
      if (this.labelWidths.size > 50000) this.labelWidths.clear();
      w = this.measure.measureText(text).width;
      this.labelWidths.set(text, w);
    }
    return w;
  }

  /** The scene extent: node positions with their sizes. */
  sceneBounds() {
    let b = null;
    for (const n of this.nodes.values()) {
      const p = this.layout.position(n.key);
      if (!p) continue;
      const hw = n.label !== null ? n.w / 2 : n.radius, hh = n.label !== null ? n.h / 2 : n.radius;
      b = b ?? { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
      b.x0 = Math.min(b.x0, p[0] - hw); b.x1 = Math.max(b.x1, p[0] + hw);
      b.y0 = Math.min(b.y0, p[1] - hh); b.y1 = Math.max(b.y1, p[1] + hh);
    }
    if (b && this.graphs.length > 1) { b.x0 -= 12; b.y0 -= 28; b.x1 += 12; b.y1 += 12; }
    return b;
  }

  fit(w, h) {
    const b = this.sceneBounds();
    if (!b) { this.view = { scale: 1, x: w / 2, y: h / 2 }; return; }
    const bw = Math.max(b.x1 - b.x0, 50), bh = Math.max(b.y1 - b.y0, 50);
    const pad = 16;
    const s = Math.min((w - pad * 2) / bw, (h - pad * 2) / bh);
    const cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
    this.view = { scale: Math.max(s, 1e-6), x: w / 2 - cx * s, y: h / 2 - cy * s };
  }

  render() {
    const { dpr, cw, ch } = fitCanvas(this.canvas);
    if (this.sceneVersion !== this.app.data.version) {
      this.buildScene();
      this.sceneVersion = this.app.data.version;
    }
    if (!this.layout.done) {
      this.layout.run({ budgetMs: LAYOUT_BUDGET_MS });
      if (!this.layout.done) this.app.requestRender(this);
    }
    if (!this.userMoved) this.fit(cw, ch);
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.drawnLabels = [];
    if (!this.view) return;
    if (this.graphs.length > 1) for (const g of this.graphs) this.drawEntityFrame(ctx, g);
    this.drawEdges(ctx);
    this.drawCircles(ctx);
    for (const g of this.graphs) for (const n of g.nodes) if (n.label !== null) this.drawLabelNode(ctx, n);
  }

  /** Canvas CSS pixel of a scene point. */
  toCanvas(x, y) {
    if (!this.view) return null;
    return [x * this.view.scale + this.view.x, y * this.view.scale + this.view.y];
  }

  /** Canvas CSS pixel of a node's centre (test hook), or null. */
  projectToCanvas(entity, id) {
    const p = this.layout.position(nodeKey(entity, id));
    return p ? this.toCanvas(p[0], p[1]) : null;
  }

  /** A node's scene position (test hook), or null. */
  nodePosition(entity, id) {
    return this.layout.position(nodeKey(entity, id));
  }

  /** Whether the layout has settled (test hook). */
  get layoutDone() {
    return this.layout.done;
  }

  /** The node under a canvas CSS pixel, or null. */
  nodeAt(cx, cy) {
    if (!this.view) return null;
    const s = this.view.scale;
    const list = [...this.nodes.values()];
    for (let i = list.length - 1; i >= 0; i--) {
      const n = list[i];
      const p = this.layout.position(n.key);
      if (!p) continue;
      const [x, y] = this.toCanvas(p[0], p[1]);
      if (n.label !== null) {
        if (Math.abs(cx - x) <= (n.w * s) / 2 + 2 && Math.abs(cy - y) <= (n.h * s) / 2 + 2) return n;
      } else if (Math.hypot(cx - x, cy - y) <= Math.max(n.radius * s, 4) + 2) {
        return n;
      }
    }
    return null;
  }

  /** Where the segment from a node's centre towards `to` leaves the node (scene units). */
  boundaryPoint(n, p, to) {
    const dx = to[0] - p[0], dy = to[1] - p[1];
    const l = Math.hypot(dx, dy);
    if (l < 1e-9) return p;
    if (n.label !== null) {
      const t = Math.min(n.w / 2 / Math.max(Math.abs(dx), 1e-9), n.h / 2 / Math.max(Math.abs(dy), 1e-9));
      return t >= 1 ? p : [p[0] + dx * t, p[1] + dy * t];
    }
    const r = Math.min(n.radius, l);
    return [p[0] + (dx / l) * r, p[1] + (dy / l) * r];
  }

  /** All edges as one stroked path (arrow heads as one filled path); self edges as loops. */
  drawEdges(ctx) {
    const s = this.view.scale;
    const size = Math.max(6, 10 * s);
    const lines = new Path2D(), arrows = new Path2D();
    for (const g of this.graphs) {
      for (const e of g.edges) {
        const a = this.nodes.get(e.source), b = this.nodes.get(e.target);
        const pa = a && this.layout.position(a.key), pb = b && this.layout.position(b.key);
        if (!pa || !pb) continue;
        if (a === b) {
          const [x, y] = this.toCanvas(pa[0], pa[1]);
          const r = (a.label !== null ? a.h / 2 : a.radius) * s;
          lines.moveTo(x + 8 * s, y - r - 8 * s);
          lines.arc(x, y - r - 8 * s, 8 * s, 0, Math.PI * 2);
          continue;
        }
        // parallel edges curve apart (quadratic curves through a control point off the middle)
        let ctrl = null;
        if (e.bend) {
          const [p0, p1] = a.key < b.key ? [pa, pb] : [pb, pa];
          const dx = p1[0] - p0[0], dy = p1[1] - p0[1], l = Math.hypot(dx, dy) || 1;
          ctrl = [(pa[0] + pb[0]) / 2 - (dy / l) * e.bend * BEND, (pa[1] + pb[1]) / 2 + (dx / l) * e.bend * BEND];
        }
        const from = this.boundaryPoint(a, pa, ctrl ?? pb), to = this.boundaryPoint(b, pb, ctrl ?? pa);
        const [x0, y0] = this.toCanvas(from[0], from[1]), [x1, y1] = this.toCanvas(to[0], to[1]);
        lines.moveTo(x0, y0);
        let [tx, ty] = [x0, y0];
        if (ctrl) {
          [tx, ty] = this.toCanvas(ctrl[0], ctrl[1]);
          lines.quadraticCurveTo(tx, ty, x1, y1);
        } else {
          lines.lineTo(x1, y1);
        }
        const l = Math.hypot(x1 - tx, y1 - ty);
        if (e.directed && l > 1e-6) {
          const ux = (x1 - tx) / l, uy = (y1 - ty) / l;
          arrows.moveTo(x1, y1);
          arrows.lineTo(x1 - ux * size - uy * size * 0.5, y1 - uy * size + ux * size * 0.5);
          arrows.lineTo(x1 - ux * size + uy * size * 0.5, y1 - uy * size - ux * size * 0.5);
          arrows.closePath();
        }
      }
    }
    ctx.strokeStyle = TEXT;
    ctx.fillStyle = TEXT;
    ctx.lineWidth = Math.max(1.5, s);
    ctx.stroke(lines);
    ctx.fill(arrows);
  }

  nodeColor(n) {
    if (n.implicit) return WEAK;
    return n.color ? `rgba(${n.color[0]},${n.color[1]},${n.color[2]},${(n.color[3] / 255).toFixed(3)})` : TEXT;
  }

  isSelected(n) {
    return !n.implicit && this.app.selection === n.entity && (this.app.selectionInstance ?? null) === n.instance;
  }

  /** Circle nodes, one filled path per run of equal colors, then selection and hover rings. */
  drawCircles(ctx) {
    const s = this.view.scale;
    let path = null, color = null;
    const rings = [];
    for (const g of this.graphs) {
      for (const n of g.nodes) {
        if (n.label !== null) continue;
        const p = this.layout.position(n.key);
        if (!p) continue;
        const c = this.nodeColor(n);
        if (c !== color) {
          if (path) { ctx.fillStyle = color; ctx.fill(path); }
          path = new Path2D();
          color = c;
        }
        const [x, y] = this.toCanvas(p[0], p[1]);
        const r = Math.max(n.radius * s, 1);
        if (r < 1.5) {
          path.rect(x - r, y - r, 2 * r, 2 * r); // (too small to tell from a circle)
        } else {
          path.moveTo(x + r, y);
          path.arc(x, y, r, 0, Math.PI * 2);
        }
        if (this.isSelected(n) || this.hovered?.key === n.key) rings.push([x, y, r, this.isSelected(n)]);
      }
    }
    if (path) { ctx.fillStyle = color; ctx.fill(path); }
    ctx.lineWidth = 2;
    for (const [x, y, r, selected] of rings) {
      ctx.strokeStyle = selected ? SELECTION : TEXT;
      ctx.beginPath();
      ctx.arc(x, y, r + 2, 0, Math.PI * 2);
      ctx.stroke();
    }
  }

  /** A node shown as its label in a box (text in the node color). */
  drawLabelNode(ctx, n) {
    const p = this.layout.position(n.key);
    if (!p) return;
    const s = this.view.scale;
    const [x, y] = this.toCanvas(p[0], p[1]);
    const selected = this.isSelected(n);
    const w = n.w * s, h = n.h * s;
    ctx.fillStyle = this.hovered?.key === n.key ? HOVER_FILL : BOX_FILL;
    ctx.fillRect(x - w / 2, y - h / 2, w, h);
    ctx.strokeStyle = selected ? SELECTION : TEXT;
    ctx.lineWidth = selected ? 2 : 1;
    ctx.strokeRect(x - w / 2, y - h / 2, w, h);
    const font = FONT_SIZE * s;
    if (font >= 3) {
      ctx.fillStyle = this.nodeColor(n);
      ctx.font = `${font}px sans-serif`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(n.label, x, y);
      ctx.textAlign = "start";
      ctx.textBaseline = "alphabetic";
      this.drawnLabels.push({ text: n.label, entity: n.entity, id: n.id, x, y, w, h });
    }
  }

  /** The frame and title around one entity's nodes (only drawn when the view has several). */
  drawEntityFrame(ctx, g) {
    let b = null;
    for (const n of g.nodes) {
      const p = this.layout.position(n.key);
      if (!p) continue;
      const hw = n.label !== null ? n.w / 2 : n.radius, hh = n.label !== null ? n.h / 2 : n.radius;
      b = b ?? [Infinity, Infinity, -Infinity, -Infinity];
      b[0] = Math.min(b[0], p[0] - hw); b[1] = Math.min(b[1], p[1] - hh);
      b[2] = Math.max(b[2], p[0] + hw); b[3] = Math.max(b[3], p[1] + hh);
    }
    if (!b) return;
    const [x0, y0] = this.toCanvas(b[0] - 10, b[1] - 10), [x1, y1] = this.toCanvas(b[2] + 10, b[3] + 10);
    const active = this.app.selection === g.entity;
    ctx.strokeStyle = active ? TEXT : WEAK;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    ctx.fillStyle = active ? TEXT : WEAK;
    ctx.font = "12px sans-serif";
    ctx.fillText(g.entity, x0, y0 - 3);
  }

  destroy() {}
}
