// Spatial 2D view (Canvas 2D): Image / EncodedImage / DepthImage / SegmentationImage, with
// Points2D, Boxes2D, LineStrips2D and Arrows2D overlays in draw order. When the origin is (under) a
// Pinhole, 3D content of the pinhole's parent space (Points3D, LineStrips3D, Boxes3D, Arrows3D) is
// projected into the image. Wheel zooms, drag pans, double-click re-fits; hovering shows the pixel
// position and value and the overlay under the cursor (entity path and instance), clicking selects it.

import { blobBytes, jsonValue, numbers } from "../data/cells.js";
import { decodeDepth, decodeImage, decodeSegmentation, describeFormat, sampleArray } from "../data/image.js";
import { colormap } from "../data/colormap.js";
import { annotationsFor, classColor } from "../data/annotations.js";
import { ancestors } from "../render/transforms.js";
import { cameraFromEntity, pinholeAt, pinholeOwner } from "../render/projection.js";
import { archetypesOf, isUnder, parentPath } from "../ui/layout.js";
import { el, fitCanvas, installWheelZoom } from "../ui/dom.js";
import { collect2D, collectProjected, drawLabels, drawOverlay, instanceOnly, overlayBounds, pickOverlay } from "./spatial2d-overlays.js";
import { DEFAULT_DEPTH_COLORMAP, depthDisplayRange, depthMeter } from "./spatial2d-depth.js";

const IMAGE_KINDS = ["Image", "EncodedImage", "DepthImage", "SegmentationImage"];

/** 3D archetypes that a pinhole's 2D view shows projected. */
const PROJECTABLE = ["Points3D", "LineStrips3D", "Boxes3D", "Arrows3D"];

/** Milliseconds between hover picks while the pointer moves. */
const PICK_INTERVAL_MS = 30;

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
    this.hovered = null;
    this.pinhole = null;
    this.installControls();
  }

  /** The entity holding the Pinhole at or above the view's origin (from the entity tree), or null. */
  pinholePath() {
    const byPath = this.app.treeByPath;
    return pinholeOwner(this.spec.origin, (p) => byPath.has(p) && archetypesOf(byPath.get(p)).has("Pinhole"));
  }

  /**
   * 3D entities projected into this view: those with a projectable archetype in the pinhole's
   * parent space, outside the pinhole's own subtree and not under another pinhole.
   */
  projectedEntities(pin) {
    if (this.projCache?.tree === this.app.tree && this.projCache.pin === pin) return this.projCache.paths;
    const space = parentPath(pin);
    const byPath = this.app.treeByPath;
    const paths = [];
    for (const e of this.app.tree) {
      if (!isUnder(e.path, space) || isUnder(e.path, pin)) continue;
      const kinds = archetypesOf(e);
      if (!PROJECTABLE.some((k) => kinds.has(k))) continue;
      if (pinholeOwner(e.path, (p) => byPath.has(p) && archetypesOf(byPath.get(p)).has("Pinhole"))) continue;
      paths.push(e.path);
    }
    this.projCache = { tree: this.app.tree, pin, paths };
    return paths;
  }

  entities() {
    const set = new Set(this.spec.entities);
    for (const e of this.app.tree) if (isUnder(e.path, this.spec.origin)) set.add(e.path);
    const pin = this.pinholePath();
    if (pin) {
      set.add(pin);
      for (const p of this.projectedEntities(pin)) set.add(p);
    }
    for (const p of [...set]) for (const a of ancestors(p)) if (this.app.treeByPath.has(a)) set.add(a);
    return [...set];
  }

  installControls() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener("pointerdown", (e) => {
      drag = { x: e.clientX, y: e.clientY, moved: false };
      c.setPointerCapture(e.pointerId);
      this.updateHovered(e.offsetX, e.offsetY);
    });
    c.addEventListener("pointermove", (e) => {
      if (drag && this.view && (drag.moved || Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 3)) {
        drag.moved = true;
        this.view.x += e.clientX - drag.x;
        this.view.y += e.clientY - drag.y;
        drag.x = e.clientX;
        drag.y = e.clientY;
        this.userMoved = true;
        this.app.requestRender(this);
      } else if (!drag) {
        const now = performance.now();
        if (now - (this.lastPick ?? 0) >= PICK_INTERVAL_MS) {
          this.lastPick = now;
          this.updateHovered(e.offsetX, e.offsetY);
        }
      }
      this.showHover(e.offsetX, e.offsetY);
    });
    c.addEventListener("pointerup", (e) => {
      if (drag && !drag.moved && this.hovered) this.app.select(this.hovered.path, this.hovered.index);
      drag = null;
      this.showHover(e.offsetX, e.offsetY);
    });
    c.addEventListener("pointerleave", () => {
      this.hover.textContent = "";
      if (this.hovered) { this.hovered = null; this.app.requestRender(this); }
    });
    installWheelZoom(c, this, this.app);
  }

  /** Picks the overlay under CSS position (x, y) and redraws when the hovered primitive changes. */
  updateHovered(x, y) {
    const hit = this.pick(x, y);
    if ((hit?.path ?? null) !== (this.hovered?.path ?? null) || hit?.index !== this.hovered?.index || hit?.archetype !== this.hovered?.archetype) {
      this.hovered = hit;
      this.app.requestRender(this);
    }
  }

  /** The overlay primitive at a canvas CSS position: `{path, index, archetype}` or null. */
  pick(x, y) {
    if (!this.view) return null;
    return pickOverlay(this.layers.filter((l) => l.kind !== "image"), this.view, x, y);
  }

  onData() {
    this.sceneVersion = -1;
  }

  /** Collects image and overlay layers from the data (3D content projected through the pinhole); decodes images once per cell key. */
  buildScene() {
    const data = this.app.data;
    const layers = [];
    const pin = this.pinholePath();
    const pinhole = pin ? pinholeAt(data, pin) : null;
    this.pinhole = pinhole;
    const memo = new Map();
    for (const path of this.entities()) {
      if (this.app.isHidden(path)) continue;
      if (pin && !isUnder(path, pin)) {
        if (!pinhole) continue;
        if (!PROJECTABLE.some((k) => data.has(path, k))) continue;
        const cam = cameraFromEntity(data, pinhole, path, memo);
        if (cam) layers.push(...collectProjected(data, path, pinhole.K, cam));
        continue;
      }
      for (const kind of IMAGE_KINDS) {
        const cell = data.get(path, kind === "EncodedImage" ? "EncodedImage:blob" : `${kind}:buffer`);
        if (!cell) continue;
        const order = data.scalar(path, `${kind}:draw_order`, kind === "SegmentationImage" ? -0.5 : -10);
        const img = this.decoded(data, path, kind, cell);
        if (img) layers.push({ order, kind: "image", path, img, opacity: data.scalar(path, `${kind}:opacity`, kind === "SegmentationImage" ? 0.5 : 1) });
      }
      layers.push(...collect2D(data, path));
    }
    layers.sort((a, b) => a.order - b.order);
    this.layers = layers;
    for (const key of [...this.images.keys()]) if (!layers.some((l) => l.img?.key === key)) this.images.delete(key);
  }

  decoded(data, path, kind, cell) {
    // a depth image's look also depends on its range, meter and colormap cells
    const extra = kind === "DepthImage" ? ["depth_range", "meter", "colormap"].map((c) => data.get(path, `DepthImage:${c}`)?.key ?? "-").join(":") : "";
    const key = `${cell.key}:${kind}${extra}`;
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
        // depth_range is in the image's own units; meter only scales the hover readout.
        const f = describeFormat(format);
        const range = depthDisplayRange(numbers(data.get(path, "DepthImage:depth_range")), sampleArray(bytes, f.dtype), f.dtype);
        out = decodeDepth(bytes, format, colormap(data.scalar(path, "DepthImage:colormap", DEFAULT_DEPTH_COLORMAP)), range);
        entry.meter = depthMeter(data.scalar(path, "DepthImage:meter", NaN), f.dtype);
        entry.range = range;
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

  /** The content bounds: the largest image, else the pinhole's resolution, else the overlays' extent. */
  contentBounds() {
    let w = 0, h = 0;
    for (const l of this.layers) if (l.img?.ready) { w = Math.max(w, l.img.width); h = Math.max(h, l.img.height); }
    if (w && h) return { x0: 0, y0: 0, x1: w, y1: h };
    const res = this.pinhole?.resolution;
    if (res) return { x0: 0, y0: 0, x1: res[0], y1: res[1] };
    const b = overlayBounds(this.layers.filter((l) => l.kind !== "image"));
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
    const { dpr, cw, ch, resized } = fitCanvas(this.canvas);
    if (resized && !this.userMoved) this.view = null;
    if (this.sceneVersion !== this.app.data.version) {
      this.buildScene();
      this.sceneVersion = this.app.data.version;
    }
    if (!this.userMoved && (!this.view || this.layers.some((l) => l.img?.ready && !l.fitted))) {
      this.fit(cw, ch);
      for (const l of this.layers) if (l.img?.ready) l.fitted = true;
    }
    const ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#121416";
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    if (!this.view) return;
    const v = this.view;
    const res = this.pinhole?.resolution;
    if (res) {
      // the pinhole's image plane outline
      ctx.strokeStyle = "rgba(200,200,200,0.35)";
      ctx.lineWidth = 1;
      ctx.strokeRect(Math.round(v.x * dpr) + 0.5, Math.round(v.y * dpr) + 0.5, Math.round(res[0] * v.scale * dpr), Math.round(res[1] * v.scale * dpr));
    }
    for (const l of this.layers) {
      ctx.globalAlpha = 1;
      if (l.kind === "image") {
        if (!l.img.ready) continue;
        ctx.setTransform(v.scale * dpr, 0, 0, v.scale * dpr, v.x * dpr, v.y * dpr);
        ctx.imageSmoothingEnabled = v.scale < 1;
        ctx.globalAlpha = l.opacity;
        ctx.drawImage(l.img.canvas, 0, 0);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
      } else {
        drawOverlay(ctx, l, v, dpr);
      }
    }
    ctx.globalAlpha = 1;
    for (const l of this.layers) if (l.kind !== "image") drawLabels(ctx, l, v, dpr);
    if (this.hovered) {
      for (const l of this.layers) {
        if (l.kind !== "image" && l.path === this.hovered.path && l.archetype === this.hovered.archetype) {
          drawOverlay(ctx, instanceOnly(l, this.hovered.index), v, dpr, "#ffffff");
        }
      }
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
    const over = this.hovered ? `${this.hovered.path} #${this.hovered.index} · ` : "";
    this.hover.textContent = `${over}(${ix}, ${iy}) ${parts.join(" · ")}`;
  }

  destroy() {}
}

function sniffMediaType(bytes) {
  if (bytes && bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
  if (bytes && bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  return "application/octet-stream";
}

