// Spatial 2D view (Canvas 2D): Image / EncodedImage / DepthImage / SegmentationImage, with
// Points2D, Boxes2D and LineStrips2D overlays in draw order. Wheel zooms, drag pans, double-click
// re-fits; hovering shows the pixel position and value.

import { blobBytes, floats, jsonValue, numbers, scalar } from "../data/cells.js";
import { decodeDepth, decodeImage, decodeSegmentation, describeFormat } from "../data/image.js";
import { colormap } from "../data/colormap.js";
import { annotationsFor, classColor, instanceColors } from "../data/annotations.js";
import { ancestors } from "../render/transforms.js";
import { isUnder } from "../ui/layout.js";
import { el } from "../ui/dom.js";

const IMAGE_KINDS = ["Image", "EncodedImage", "DepthImage", "SegmentationImage"];

/** The 2D view. */
export class Spatial2DView {
  constructor(app, spec, element) {
    this.app = app;
    this.spec = spec;
    this.canvas = el("canvas", { class: "c2d" });
    this.hover = el("div", { class: "hover" });
    element.append(this.canvas, this.hover);
    this.images = new Map();
    this.view = null;
    this.userMoved = false;
    this.layers = [];
    this.sceneVersion = -1;
    this.installControls();
  }

  entities() {
    const set = new Set(this.spec.entities);
    for (const e of this.app.tree) if (isUnder(e.path, this.spec.origin)) set.add(e.path);
    for (const p of [...set]) for (const a of ancestors(p)) if (this.app.treeByPath.has(a)) set.add(a);
    return [...set];
  }

  installControls() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY }; c.setPointerCapture(e.pointerId); });
    c.addEventListener("pointermove", (e) => {
      if (drag && this.view) {
        this.view.x += e.clientX - drag.x;
        this.view.y += e.clientY - drag.y;
        drag = { x: e.clientX, y: e.clientY };
        this.userMoved = true;
        this.app.requestRender(this);
      }
      this.showHover(e.offsetX, e.offsetY);
    });
    c.addEventListener("pointerup", () => { drag = null; });
    c.addEventListener("pointerleave", () => { this.hover.textContent = ""; });
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      if (!this.view) return;
      const f = Math.exp(-e.deltaY * 0.0015);
      this.view.x = e.offsetX - (e.offsetX - this.view.x) * f;
      this.view.y = e.offsetY - (e.offsetY - this.view.y) * f;
      this.view.scale *= f;
      this.userMoved = true;
      this.app.requestRender(this);
    }, { passive: false });
    c.addEventListener("dblclick", () => { this.userMoved = false; this.view = null; this.app.requestRender(this); });
  }

  onData() {
    this.sceneVersion = -1;
  }

  /** Collects image and overlay layers from the data; decodes images once per cell key. */
  buildScene() {
    const data = this.app.data;
    const layers = [];
    for (const path of this.entities()) {
      if (this.app.isHidden(path)) continue;
      for (const kind of IMAGE_KINDS) {
        const cell = data.get(path, kind === "EncodedImage" ? "EncodedImage:blob" : `${kind}:buffer`);
        if (!cell) continue;
        const order = data.scalar(path, `${kind}:draw_order`, kind === "SegmentationImage" ? -0.5 : -10);
        const img = this.decoded(data, path, kind, cell);
        if (img) layers.push({ order, kind: "image", path, img, opacity: data.scalar(path, `${kind}:opacity`, kind === "SegmentationImage" ? 0.5 : 1) });
      }
      const p = data.get(path, "Points2D:positions");
      if (p) layers.push({ order: data.scalar(path, "Points2D:draw_order", 30), kind: "points", path, cell: p });
      const b = data.get(path, "Boxes2D:half_sizes");
      if (b) layers.push({ order: data.scalar(path, "Boxes2D:draw_order", 10), kind: "boxes", path, cell: b });
      const l = data.get(path, "LineStrips2D:strips");
      if (l) layers.push({ order: data.scalar(path, "LineStrips2D:draw_order", 20), kind: "lines", path, cell: l });
    }
    layers.sort((a, b) => a.order - b.order);
    this.layers = layers;
    for (const key of [...this.images.keys()]) if (!layers.some((l) => l.img?.key === key)) this.images.delete(key);
  }

  decoded(data, path, kind, cell) {
    const key = `${cell.key}:${kind}`;
    if (this.images.has(key)) return this.images.get(key);
    const entry = { key, width: 0, height: 0, canvas: null, samples: null, channels: 1, ready: false, kind };
    this.images.set(key, entry);
    try {
      const bytes = blobBytes(cell);
      if (kind === "EncodedImage") {
        const type = data.scalar(path, "EncodedImage:media_type", "") || sniffMediaType(bytes);
        createImageBitmap(new Blob([bytes], { type })).then((bmp) => {
          entry.canvas = bmp;
          entry.width = bmp.width;
          entry.height = bmp.height;
          entry.ready = true;
          this.app.requestRender(this);
        }, (e) => { entry.error = String(e); });
        return entry;
      }
      const format = jsonValue(data.get(path, `${kind}:format`));
      let out;
      if (kind === "DepthImage") {
        // depth_range is in meters; samples are in units of 1/meter.
        const range = numbers(data.get(path, "DepthImage:depth_range"));
        const meter = data.scalar(path, "DepthImage:meter", 1) || 1;
        out = decodeDepth(bytes, format, colormap(data.scalar(path, "DepthImage:colormap", 5)), range.length === 2 ? [range[0] * meter, range[1] * meter] : null);
        entry.meter = meter;
      } else if (kind === "SegmentationImage") {
        const ann = annotationsFor(data, path);
        out = decodeSegmentation(bytes, format, (id) => classColor(ann, id, true));
        entry.annotations = ann;
      } else {
        out = decodeImage(bytes, format);
        const f = describeFormat(format);
        entry.format = f;
      }
      entry.samples = out.samples ?? null;
      entry.bytes = bytes;
      entry.width = out.width;
      entry.height = out.height;
      const canvas = document.createElement("canvas");
      canvas.width = out.width;
      canvas.height = out.height;
      canvas.getContext("2d").putImageData(new ImageData(out.rgba, out.width, out.height), 0, 0);
      entry.canvas = canvas;
      entry.ready = true;
    } catch (e) {
      entry.error = String(e.message ?? e);
    }
    return entry;
  }

  /** The content size: the largest image, else the overlays' extent. */
  contentBounds() {
    let w = 0, h = 0;
    for (const l of this.layers) if (l.img?.ready) { w = Math.max(w, l.img.width); h = Math.max(h, l.img.height); }
    if (w && h) return { x0: 0, y0: 0, x1: w, y1: h };
    let b = null;
    for (const l of this.layers) {
      if (!l.cell) continue;
      const v = floats(l.cell);
      let c = v;
      if (l.kind === "boxes") {
        // corners of every box (centers ± half sizes)
        const ctr = floats(this.app.data.get(l.path, "Boxes2D:centers"));
        const pts = [];
        for (let i = 0; i < l.cell.count; i++) {
          const j = Math.min(i, ctr.length / 2 - 1);
          const cx = ctr.length ? ctr[j * 2] : 0, cy = ctr.length ? ctr[j * 2 + 1] : 0;
          pts.push(cx - v[i * 2], cy - v[i * 2 + 1], cx + v[i * 2], cy + v[i * 2 + 1]);
        }
        c = pts;
      }
      for (let i = 0; i + 1 < c.length; i += 2) {
        b = b ?? { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
        b.x0 = Math.min(b.x0, c[i]); b.x1 = Math.max(b.x1, c[i]); b.y0 = Math.min(b.y0, c[i + 1]); b.y1 = Math.max(b.y1, c[i + 1]);
      }
    }
    if (!b) return { x0: 0, y0: 0, x1: 1, y1: 1 };
    const pad = Math.max(b.x1 - b.x0, b.y1 - b.y0, 1) * 0.1;
    return { x0: b.x0 - pad, y0: b.y0 - pad, x1: b.x1 + pad, y1: b.y1 + pad };
  }

  fit(w, h) {
    const b = this.contentBounds();
    const s = Math.min(w / (b.x1 - b.x0), h / (b.y1 - b.y0));
    this.view = { scale: s, x: (w - (b.x1 - b.x0) * s) / 2 - b.x0 * s, y: (h - (b.y1 - b.y0) * s) / 2 - b.y0 * s };
  }

  render() {
    const dpr = window.devicePixelRatio || 1;
    const cw = this.canvas.clientWidth, ch = this.canvas.clientHeight;
    if (this.canvas.width !== Math.round(cw * dpr) || this.canvas.height !== Math.round(ch * dpr)) {
      this.canvas.width = Math.round(cw * dpr);
      this.canvas.height = Math.round(ch * dpr);
      if (!this.userMoved) this.view = null;
    }
    if (this.sceneVersion !== this.app.data.version) {
      this.buildScene();
      this.sceneVersion = this.app.data.version;
    }
    if (!this.userMoved && (!this.view || this.layers.some((l) => l.img?.ready && !l.fitted))) {
      this.fit(cw, ch);
      for (const l of this.layers) if (l.img?.ready) l.fitted = true;
    }
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#121416";
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    if (!this.view) return;
    const v = this.view;
    ctx.setTransform(v.scale * dpr, 0, 0, v.scale * dpr, v.x * dpr, v.y * dpr);
    ctx.imageSmoothingEnabled = v.scale < 1;
    const px = 1 / v.scale;
    const data = this.app.data;
    for (const l of this.layers) {
      ctx.globalAlpha = 1;
      if (l.kind === "image") {
        if (!l.img.ready) continue;
        ctx.globalAlpha = l.opacity;
        ctx.drawImage(l.img.canvas, 0, 0);
      } else if (l.kind === "points") {
        const pos = floats(l.cell);
        const n = l.cell.count;
        const colors = instanceColors(data, l.path, "Points2D", n);
        const radii = numbers(data.get(l.path, "Points2D:radii"));
        for (let i = 0; i < n; i++) {
          const r = radii.length ? radii[Math.min(i, radii.length - 1)] : -2.5;
          const rr = r < 0 ? -r * px : r;
          ctx.fillStyle = rgba(colors, i);
          ctx.beginPath();
          ctx.arc(pos[i * 2], pos[i * 2 + 1], Math.max(rr, px), 0, Math.PI * 2);
          ctx.fill();
        }
        this.drawLabels(ctx, l.path, "Points2D", pos, px);
      } else if (l.kind === "boxes") {
        const hs = floats(l.cell);
        const ctr = floats(data.get(l.path, "Boxes2D:centers"));
        const colors = instanceColors(data, l.path, "Boxes2D", l.cell.count);
        ctx.lineWidth = 2 * px;
        const centers = new Float32Array(l.cell.count * 2);
        for (let i = 0; i < l.cell.count; i++) {
          const cx = ctr.length ? ctr[Math.min(i, ctr.length / 2 - 1) * 2] : 0, cy = ctr.length ? ctr[Math.min(i, ctr.length / 2 - 1) * 2 + 1] : 0;
          centers[i * 2] = cx - hs[i * 2]; centers[i * 2 + 1] = cy - hs[i * 2 + 1];
          ctx.strokeStyle = rgba(colors, i);
          ctx.strokeRect(cx - hs[i * 2], cy - hs[i * 2 + 1], hs[i * 2] * 2, hs[i * 2 + 1] * 2);
        }
        this.drawLabels(ctx, l.path, "Boxes2D", centers, px);
      } else if (l.kind === "lines") {
        const v2 = floats(l.cell);
        const off = l.cell.offsets;
        const colors = instanceColors(data, l.path, "LineStrips2D", l.cell.count);
        ctx.lineWidth = 1.5 * px;
        for (let s = 0; s < l.cell.count && off; s++) {
          ctx.strokeStyle = rgba(colors, s);
          ctx.beginPath();
          for (let i = off[s]; i < off[s + 1]; i++) (i === off[s] ? ctx.moveTo : ctx.lineTo).call(ctx, v2[i * 2], v2[i * 2 + 1]);
          ctx.stroke();
        }
      }
    }
    ctx.globalAlpha = 1;
  }

  drawLabels(ctx, path, archetype, pos, px) {
    const labels = this.app.data.get(path, `${archetype}:labels`);
    if (!labels || labels.kind !== "strings") return;
    ctx.fillStyle = "#f0f0f0";
    ctx.font = `${12 * px}px sans-serif`;
    for (let i = 0; i < Math.min(labels.strings.length, 500); i++) {
      if (labels.strings[i] != null) ctx.fillText(labels.strings[i], pos[i * 2] + 4 * px, pos[i * 2 + 1] - 4 * px);
    }
  }

  /** Image-space coordinates of a canvas CSS pixel. */
  toImage(x, y) {
    if (!this.view) return null;
    return [(x - this.view.x) / this.view.scale, (y - this.view.y) / this.view.scale];
  }

  /** Canvas CSS pixel of an image-space point (for tests). */
  toCanvas(ix, iy) {
    if (!this.view) return null;
    return [ix * this.view.scale + this.view.x, iy * this.view.scale + this.view.y];
  }

  showHover(x, y) {
    const p = this.toImage(x, y);
    if (!p) return;
    const [ix, iy] = [Math.floor(p[0]), Math.floor(p[1])];
    const parts = [];
    for (const l of this.layers) {
      const img = l.img;
      if (!img?.ready || ix < 0 || iy < 0 || ix >= img.width || iy >= img.height) continue;
      const i = iy * img.width + ix;
      if (img.kind === "DepthImage" && img.samples) parts.push(`depth ${(img.samples[i] / (img.meter || 1)).toFixed(3)} m`);
      else if (img.kind === "SegmentationImage" && img.samples) {
        const id = img.samples[i];
        parts.push(`class ${id}${img.annotations?.get(id)?.label ? " " + img.annotations.get(id).label : ""}`);
      } else if (img.format && img.bytes) {
        const f = img.format;
        const size = { u8: 1, i8: 1, u16: 2, i16: 2, f16: 2, f32: 4, u32: 4, i32: 4 }[f.dtype] ?? 1;
        const vals = [];
        const dv = new DataView(img.bytes.buffer, img.bytes.byteOffset, img.bytes.byteLength);
        for (let c = 0; c < f.channels; c++) {
          const o = (i * f.channels + c) * size;
          if (o + size > img.bytes.byteLength) break;
          vals.push(f.dtype === "u8" ? dv.getUint8(o) : f.dtype === "u16" ? dv.getUint16(o, true) : f.dtype === "f32" ? +dv.getFloat32(o, true).toFixed(4) : dv.getUint8(o));
        }
        parts.push(`${f.model} ${vals.join(", ")}`);
      }
    }
    this.hover.textContent = `(${ix}, ${iy}) ${parts.join(" · ")}`;
  }

  destroy() {}
}

function rgba(colors, i) {
  return `rgba(${colors[i * 4]},${colors[i * 4 + 1]},${colors[i * 4 + 2]},${(colors[i * 4 + 3] / 255).toFixed(3)})`;
}

function sniffMediaType(bytes) {
  if (bytes && bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
  if (bytes && bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  return "application/octet-stream";
}

