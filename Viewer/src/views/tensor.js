// Bar chart and tensor views: TensorData (shape + union buffer as JSON numbers) → bars, or a 2D
// slice with dimension pickers and a colormap.

import { el, clear, cssColor } from "../ui/dom.js";
import { jsonValue } from "../data/cells.js";
import { colormap, COLORMAP_NAMES } from "../data/colormap.js";

/** `{shape: number[], names, values: number[]}` from a TensorData JSON value. */
export function tensorFromJson(v) {
  if (!v || typeof v !== "object") return null;
  const shape = (v.shape ?? []).map(Number);
  let buf = v.buffer;
  if (buf && !Array.isArray(buf) && typeof buf === "object") buf = Object.values(buf)[0];
  if (typeof buf === "string") {
    const bin = atob(buf);
    buf = Array.from(bin, (c) => c.charCodeAt(0));
  }
  return { shape, names: v.names ?? null, values: Array.isArray(buf) ? buf.map(Number) : [] };
}

/** Bar chart view. */
export class BarChartView {
  constructor(app, spec, element) {
    this.app = app;
    this.spec = spec;
    this.canvas = el("canvas", { class: "c2d" });
    element.append(this.canvas);
  }

  entities() { return this.spec.entities; }
  onData() {}

  render() {
    const path = this.spec.entities[0];
    const t = tensorFromJson(jsonValue(this.app.data.get(path, "BarChart:values")));
    const color = this.app.data.scalar(path, "BarChart:color", 0x4c9be8ff);
    const dpr = window.devicePixelRatio || 1;
    const cw = this.canvas.clientWidth, ch = this.canvas.clientHeight;
    this.canvas.width = Math.round(cw * dpr);
    this.canvas.height = Math.round(ch * dpr);
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#121416";
    ctx.fillRect(0, 0, cw, ch);
    if (!t || !t.values.length) return;
    const max = Math.max(0, ...t.values), min = Math.min(0, ...t.values);
    const span = max - min || 1;
    const bw = (cw - 20) / t.values.length;
    const y0 = 10 + ((max - 0) / span) * (ch - 30);
    ctx.fillStyle = cssColor(color);
    t.values.forEach((v, i) => {
      const y = 10 + ((max - v) / span) * (ch - 30);
      ctx.fillRect(10 + i * bw + bw * 0.1, Math.min(y, y0), bw * 0.8, Math.abs(y0 - y));
    });
    ctx.fillStyle = "#9aa0a6";
    ctx.font = "11px sans-serif";
    ctx.fillText(`max ${max.toPrecision(4)}  min ${min.toPrecision(4)}`, 12, ch - 6);
  }

  destroy() {}
}

/** Tensor view: a 2D slice with dimension pickers and a colormap. */
export class TensorView {
  constructor(app, spec, element) {
    this.app = app;
    this.spec = spec;
    this.controls = el("div", { class: "toolbar" });
    this.canvas = el("canvas", { class: "c2d pixelated" });
    element.append(this.controls, this.canvas);
    this.dims = null;
    this.indices = [];
    this.cmap = "Viridis";
    this.shapeKey = null;
  }

  entities() { return this.spec.entities; }
  onData() {}

  buildControls(t) {
    clear(this.controls);
    const n = t.shape.length;
    if (!this.dims || this.dims[0] >= n || this.dims[1] >= n) this.dims = [Math.max(0, n - 2), Math.max(0, n - 1)];
    this.indices = t.shape.map((s, i) => Math.min(this.indices[i] ?? 0, s - 1));
    const name = (i) => t.names?.[i] ?? `dim ${i} (${t.shape[i]})`;
    const pick = (which) => el("select", { onchange: (e) => { this.dims[which] = Number(e.target.value); this.shapeKey = null; this.app.requestRender(this); } },
      ...t.shape.map((_, i) => el("option", { value: i, selected: this.dims[which] === i }, name(i))));
    this.controls.append("x", pick(1), "y", pick(0));
    t.shape.forEach((s, i) => {
      if (i === this.dims[0] || i === this.dims[1]) return;
      this.controls.append(el("label", {}, name(i), el("input", { type: "range", min: 0, max: s - 1, value: this.indices[i], oninput: (e) => { this.indices[i] = Number(e.target.value); this.app.requestRender(this); } })));
    });
    this.controls.append(el("select", { onchange: (e) => { this.cmap = e.target.value; this.app.requestRender(this); } },
      ...COLORMAP_NAMES.map((c) => el("option", { value: c, selected: c === this.cmap }, c))));
  }

  render() {
    const t = tensorFromJson(jsonValue(this.app.data.get(this.spec.entities[0], "Tensor:data")));
    if (!t || !t.shape.length) return;
    const key = t.shape.join("x");
    if (key !== this.shapeKey) { this.shapeKey = key; this.buildControls(t); }
    const [dy, dx] = this.dims.length && t.shape.length > 1 ? this.dims : [0, 0];
    const h = t.shape.length > 1 ? t.shape[dy] : 1, w = t.shape[dx];
    const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
    let base = 0;
    t.shape.forEach((_, i) => { if (i !== dx && i !== dy) base += this.indices[i] * strides[i]; });
    let min = Infinity, max = -Infinity;
    for (const v of t.values) { if (v < min) min = v; if (v > max) max = v; }
    const lut = colormap(this.cmap).lut;
    const img = new ImageData(w, h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const v = t.values[base + (t.shape.length > 1 ? y * strides[dy] : 0) + x * strides[dx]];
      const k = Math.max(0, Math.min(255, Math.round(((v - min) / (max - min || 1)) * 255)));
      const o = (y * w + x) * 4;
      img.data[o] = lut[k * 3]; img.data[o + 1] = lut[k * 3 + 1]; img.data[o + 2] = lut[k * 3 + 2]; img.data[o + 3] = 255;
    }
    this.canvas.width = w;
    this.canvas.height = h;
    this.canvas.getContext("2d").putImageData(img, 0, 0);
  }

  destroy() {}
}
