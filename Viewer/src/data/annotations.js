// AnnotationContext: class id → {label, color}, looked up from the nearest ancestor that has one.

import { ancestors } from "../render/transforms.js";
import { unpackColor, autoColor } from "../ui/dom.js";

/** Parses an AnnotationContext:context json cell into Map(class_id → {label, color:[r,g,b,a]|null}). */
export function parseAnnotationContext(cell) {
  const map = new Map();
  if (!cell || cell.kind !== "json" || !Array.isArray(cell.json)) return map;
  for (const entry of cell.json) {
    const info = entry?.class_description?.info ?? entry?.info ?? {};
    const id = entry?.class_id ?? info.id;
    if (!Number.isFinite(id)) continue;
    map.set(id, { label: info.label ?? null, color: Number.isFinite(info.color) ? unpackColor(info.color) : null });
  }
  return map;
}

/** The annotation map that applies to `path` (its own or the nearest ancestor's), or an empty map. */
export function annotationsFor(data, path) {
  for (const p of [path, ...ancestors(path).reverse()]) {
    const cell = data.get(p, "AnnotationContext:context");
    if (cell) return parseAnnotationContext(cell);
  }
  return new Map();
}

/** Color for a class id: the annotation's, else a stable automatic color (class 0 transparent when `zeroClear`). */
export function classColor(annotations, id, zeroClear = false) {
  const a = annotations.get(id);
  if (a?.color) return a.color;
  if (id === 0 && zeroClear) return [0, 0, 0, 0];
  return [...autoColor(id), 255];
}

/**
 * Packed 0xRRGGBBAA colors → RGBA bytes for `count` instances (the last color repeats when there
 * are fewer). Writes into `out` (allocated when absent) and returns it.
 */
export function unpackColors(packed, count, out = new Uint8Array(count * 4)) {
  for (let i = 0; i < count; i++) {
    const v = packed[Math.min(i, packed.length - 1)];
    out[i * 4] = v >>> 24; out[i * 4 + 1] = (v >>> 16) & 255; out[i * 4 + 2] = (v >>> 8) & 255; out[i * 4 + 3] = v & 255;
  }
  return out;
}

/**
 * Per-instance RGBA bytes (Uint8Array, 4 per instance) for `count` instances: explicit colors
 * (one broadcast or one each), else class colors, else the entity's automatic color.
 */
export function instanceColors(data, path, archetype, count, annotations = null) {
  const out = new Uint8Array(count * 4);
  const colors = data.get(path, `${archetype}:colors`) ?? data.get(path, `${archetype}:color`);
  if (colors && colors.kind === "numeric" && colors.count > 0) return unpackColors(colors.data, count, out);
  const classes = data.get(path, `${archetype}:class_ids`);
  if (classes && classes.kind === "numeric" && classes.count > 0) {
    const ann = annotations ?? annotationsFor(data, path);
    const ids = classes.data;
    for (let i = 0; i < count; i++) out.set(classColor(ann, Number(ids[Math.min(i, ids.length - 1)])), i * 4);
    return out;
  }
  const [r, g, b] = autoColor(path);
  for (let i = 0; i < count; i++) { out[i * 4] = r; out[i * 4 + 1] = g; out[i * 4 + 2] = b; out[i * 4 + 3] = 255; }
  return out;
}
