// Image decoding to RGBA8 (pure): Image (L/RGB/RGBA/BGR/BGRA; u8…f64), DepthImage via a colormap,
// SegmentationImage via class colors. Input buffers are the raw bytes of the blob.

import { ENUMS } from "./generated/registry.js";
import { halfToFloat } from "./cells.js";

const CHANNEL = Object.fromEntries(Object.entries(ENUMS["rerun.datatypes.ChannelDatatype"]).map(([k, v]) => [v, k.toLowerCase()]));
const MODEL = Object.fromEntries(Object.entries(ENUMS["rerun.datatypes.ColorModel"]).map(([k, v]) => [v, k]));
const PIXEL = Object.fromEntries(Object.entries(ENUMS["rerun.datatypes.PixelFormat"]).map(([k, v]) => [v, k]));

/** Thrown for image buffers that do not match their format. */
export class ImageError extends Error {}

/** Normalised description of an ImageFormat struct: {width, height, channels, dtype, model, pixelFormat}. */
export function describeFormat(format) {
  const f = Array.isArray(format) ? format[0] : format;
  if (!f || !Number.isFinite(f.width) || !Number.isFinite(f.height)) throw new ImageError("image format lacks width/height");
  const pixelFormat = f.pixel_format != null ? PIXEL[f.pixel_format] ?? `#${f.pixel_format}` : null;
  const model = f.color_model != null ? MODEL[f.color_model] ?? "L" : "L";
  const dtype = f.channel_datatype != null ? CHANNEL[f.channel_datatype] ?? "u8" : "u8";
  const channels = { L: 1, RGB: 3, BGR: 3, RGBA: 4, BGRA: 4 }[model] ?? 1;
  return { width: f.width, height: f.height, channels, dtype, model, pixelFormat };
}

const SIZE = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, f16: 2, f32: 4, f64: 8 };

/** Reads `bytes` as numbers of `dtype` (copying into a Float64Array only for odd types). */
export function sampleArray(bytes, dtype) {
  const size = SIZE[dtype];
  if (!size) throw new ImageError(`unknown channel datatype ${dtype}`);
  const n = Math.floor(bytes.byteLength / size);
  const aligned = bytes.byteOffset % size === 0;
  const buf = aligned ? bytes.buffer : bytes.slice().buffer;
  const off = aligned ? bytes.byteOffset : 0;
  switch (dtype) {
    case "u8": return new Uint8Array(buf, off, n);
    case "i8": return new Int8Array(buf, off, n);
    case "u16": return new Uint16Array(buf, off, n);
    case "i16": return new Int16Array(buf, off, n);
    case "u32": return new Uint32Array(buf, off, n);
    case "i32": return new Int32Array(buf, off, n);
    case "f32": return new Float32Array(buf, off, n);
    case "f64": return new Float64Array(buf, off, n);
    case "f16": {
      const h = new Uint16Array(buf, off, n);
      const o = new Float32Array(n);
      for (let i = 0; i < n; i++) o[i] = halfToFloat(h[i]);
      return o;
    }
    default: {
      const b = dtype === "u64" ? new BigUint64Array(buf, off, n) : new BigInt64Array(buf, off, n);
      return Float64Array.from(b, Number);
    }
  }
}

/** Default value range for display: [0, 255] u8, [0, 65535] u16, data min/max for floats. */
export function valueRangeOf(samples, dtype) {
  if (dtype === "u8") return [0, 255];
  if (dtype === "u16") return [0, 65535];
  let min = Infinity, max = -Infinity;
  const step = Math.max(1, Math.floor(samples.length / 1_000_000));
  for (let i = 0; i < samples.length; i += step) {
    const v = samples[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) return [0, 1];
  if (dtype === "f32" || dtype === "f64" || dtype === "f16") {
    if (min >= 0 && max <= 1) return [0, 1];
  }
  return min === max ? [min, min + 1] : [min, max];
}

/**
 * Decodes an Image's buffer + format to `{width, height, rgba: Uint8ClampedArray}`.
 * Supports L/RGB/RGBA/BGR/BGRA in any channel datatype, and pixel formats NV12, YUY2 and Y8.
 */
export function decodeImage(bytes, format) {
  const f = describeFormat(format);
  const { width, height } = f;
  const rgba = new Uint8ClampedArray(width * height * 4);
  if (f.pixelFormat) return decodePixelFormat(bytes, f, rgba);
  const samples = sampleArray(bytes, f.dtype);
  const need = width * height * f.channels;
  if (samples.length < need) {
    throw new ImageError(`image buffer has ${samples.length} samples, ${width}×${height}×${f.channels} = ${need} needed`);
  }
  const [lo, hi] = valueRangeOf(samples, f.dtype);
  const k = 255 / (hi - lo);
  const c = f.channels;
  const bgr = f.model === "BGR" || f.model === "BGRA";
  const u8 = f.dtype === "u8";
  for (let p = 0, s = 0, o = 0; p < width * height; p++, s += c, o += 4) {
    if (c === 1) {
      const v = u8 ? samples[s] : (samples[s] - lo) * k;
      rgba[o] = rgba[o + 1] = rgba[o + 2] = v;
      rgba[o + 3] = 255;
    } else {
      const r = samples[s + (bgr ? 2 : 0)], g = samples[s + 1], b = samples[s + (bgr ? 0 : 2)];
      rgba[o] = u8 ? r : (r - lo) * k;
      rgba[o + 1] = u8 ? g : (g - lo) * k;
      rgba[o + 2] = u8 ? b : (b - lo) * k;
      rgba[o + 3] = c === 4 ? (u8 ? samples[s + 3] : (samples[s + 3] - lo) * k) : 255;
    }
  }
  return { width, height, rgba };
}

function yuv(rgba, o, y, u, v) {
  const c = y - 16, d = u - 128, e = v - 128;
  rgba[o] = 1.164 * c + 1.596 * e;
  rgba[o + 1] = 1.164 * c - 0.392 * d - 0.813 * e;
  rgba[o + 2] = 1.164 * c + 2.017 * d;
  rgba[o + 3] = 255;
}

function decodePixelFormat(bytes, f, rgba) {
  const { width: w, height: h } = f;
  if (f.pixelFormat === "NV12") {
    if (bytes.length < w * h * 1.5) throw new ImageError("NV12 buffer too short");
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const uv = w * h + (y >> 1) * w + (x & ~1);
        yuv(rgba, (y * w + x) * 4, bytes[y * w + x], bytes[uv], bytes[uv + 1]);
      }
    }
  } else if (f.pixelFormat === "YUY2") {
    if (bytes.length < w * h * 2) throw new ImageError("YUY2 buffer too short");
    for (let i = 0; i < (w * h) / 2; i++) {
      const b = i * 4;
      yuv(rgba, i * 8, bytes[b], bytes[b + 1], bytes[b + 3]);
      yuv(rgba, i * 8 + 4, bytes[b + 2], bytes[b + 1], bytes[b + 3]);
    }
  } else if (f.pixelFormat.startsWith("Y8")) {
    for (let i = 0; i < w * h; i++) {
      rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = bytes[i];
      rgba[i * 4 + 3] = 255;
    }
  } else {
    throw new ImageError(`pixel format ${f.pixelFormat} is not supported`);
  }
  return { width: w, height: h, rgba };
}

/** Depth image → RGBA via a colormap over `range` (default: data min/max, zeros transparent). */
export function decodeDepth(bytes, format, colormap, range = null) {
  const f = describeFormat(format);
  const samples = sampleArray(bytes, f.dtype);
  const n = f.width * f.height;
  if (samples.length < n) throw new ImageError(`depth buffer has ${samples.length} samples, ${n} needed`);
  let [lo, hi] = range ?? [Infinity, -Infinity];
  if (!range) {
    for (let i = 0; i < n; i++) {
      const v = samples[i];
      if (v > 0 && v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(lo < hi)) { lo = 0; hi = Math.max(hi, 1); }
  }
  const rgba = new Uint8ClampedArray(n * 4);
  const lut = colormap.lut;
  for (let i = 0; i < n; i++) {
    const v = samples[i];
    if (!(v > 0)) continue;
    const t = Math.max(0, Math.min(255, Math.round(((v - lo) / (hi - lo)) * 255)));
    rgba[i * 4] = lut[t * 3];
    rgba[i * 4 + 1] = lut[t * 3 + 1];
    rgba[i * 4 + 2] = lut[t * 3 + 2];
    rgba[i * 4 + 3] = 255;
  }
  return { width: f.width, height: f.height, rgba, range: [lo, hi], samples };
}

/** Segmentation image → RGBA via `classColor(id) → [r,g,b,a]` (class 0 transparent by default). */
export function decodeSegmentation(bytes, format, classColor) {
  const f = describeFormat(format);
  const samples = sampleArray(bytes, f.dtype);
  const n = f.width * f.height;
  if (samples.length < n) throw new ImageError(`segmentation buffer has ${samples.length} samples, ${n} needed`);
  const rgba = new Uint8ClampedArray(n * 4);
  const cache = new Map();
  for (let i = 0; i < n; i++) {
    const id = samples[i];
    let c = cache.get(id);
    if (!c) cache.set(id, (c = classColor(id)));
    rgba.set(c, i * 4);
  }
  return { width: f.width, height: f.height, rgba, samples };
}
