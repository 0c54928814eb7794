// Plot geometry: decimated (M4) series → polylines in pixels, value ranges, nice value ticks.

import { niceStep } from "../time/axis.js";

/** A linear value → pixel-row mapping (y grows downward on screen). */
export class ValueAxis {
  constructor(min, max, height) {
    if (!(max > min)) {
      const c = Number.isFinite(min) ? min : 0;
      min = c - 1;
      max = c + 1;
    }
    this.min = min;
    this.max = max;
    this.height = Math.max(1, height);
  }

  /** Fits [min, max] with a fractional margin. */
  static fit(min, max, height, margin = 0.05) {
    if (!Number.isFinite(min) || !Number.isFinite(max)) return new ValueAxis(-1, 1, height);
    const pad = (max - min) * margin || Math.abs(min) * 0.1 || 1;
    return new ValueAxis(min - pad, max + pad, height);
  }

  y(v) {
    return (1 - (v - this.min) / (this.max - this.min)) * this.height;
  }

  value(y) {
    return this.min + (1 - y / this.height) * (this.max - this.min);
  }

  zoom(factor, y = this.height / 2) {
    const anchor = this.value(y);
    const span = (this.max - this.min) / factor;
    const min = anchor - (1 - y / this.height) * span;
    return new ValueAxis(min, min + span, this.height);
  }

  pan(dy) {
    const dv = (dy / this.height) * (this.max - this.min);
    return new ValueAxis(this.min + dv, this.max + dv, this.height);
  }

  /** Nice ticks `[{v, y, label}]`. */
  ticks(pixelsPerTick = 40) {
    const step = niceStep(((this.max - this.min) / this.height) * pixelsPerTick, "float");
    const out = [];
    const first = Math.ceil(this.min / step) * step;
    for (let v = first, i = 0; v <= this.max && i < 200; v += step, i++) {
      const r = Math.abs(v) < step * 1e-9 ? 0 : v;
      out.push({ v: r, y: this.y(r), label: formatValue(r, step) });
    }
    return out;
  }
}

/** Formats a value with enough decimals for `step`. */
export function formatValue(v, step = 0) {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-4 && v !== 0)) return v.toExponential(2);
  const d = step > 0 ? Math.min(8, Math.max(0, -Math.floor(Math.log10(step) + 1e-9))) : 3;
  return v.toFixed(d);
}

/** Converts i64 times (BigInt64Array) or numbers to Float64 offsets from `base` (exact for plotting). */
export function relativeTimes(times, base) {
  const out = new Float64Array(times.length);
  if (times instanceof BigInt64Array || times instanceof BigUint64Array) {
    const b = BigInt(Math.round(base));
    for (let i = 0; i < times.length; i++) out[i] = Number(times[i] - b);
  } else {
    for (let i = 0; i < times.length; i++) out[i] = times[i] - base;
  }
  return out;
}

/**
 * Pixel polyline for a decimated series: Float32Array [x0, y0, x1, y1, ...] for points whose
 * times and values are given. `timeAxis` maps times → x (use its `from` as base), `valueAxis`
 * values → y. Non-finite values break the line: returns an array of Float32Array segments.
 * Consecutive points on the same pixel column with values between their neighbours are kept
 * (M4 output is already ≤ 4 per column).
 */
export function polylines(times, values, timeAxis, valueAxis, { step = "linear" } = {}) {
  const rel = relativeTimes(times, timeAxis.from);
  const k = timeAxis.width / timeAxis.span;
  const segments = [];
  let cur = [];
  let prevY = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      if (cur.length >= 4) segments.push(Float32Array.from(cur));
      cur = [];
      prevY = null;
      continue;
    }
    const x = rel[i] * k;
    const y = valueAxis.y(v);
    if (step === "after" && prevY !== null) cur.push(x, prevY);
    else if (step === "before" && prevY !== null && cur.length >= 2) cur.push(cur[cur.length - 2], y);
    cur.push(x, y);
    prevY = y;
  }
  if (cur.length >= 4) segments.push(Float32Array.from(cur));
  return segments;
}

/** Min and max of finite values (ignores non-finite); `{min, max}` or null when none. */
export function valueRange(values = [], ...more) {
  let min = Infinity;
  let max = -Infinity;
  for (const arr of [values, ...more]) {
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : null;
}

/**
 * Client-side M4 decimation over sorted times (numbers): for `width` buckets on [from, to], keeps
 * the first, min, max and last sample per bucket. Returns indices into the input (sorted).
 * Used for XY plots and tests; time series use the server's `plot` query.
 */
export function m4Indices(times, values, from, to, width) {
  const out = [];
  const span = to - from;
  if (!(span > 0) || width < 1) return out;
  let bucket = -1;
  let first = -1, minI = -1, maxI = -1, last = -1;
  const flush = () => {
    if (first < 0) return;
    const set = [...new Set([first, minI, maxI, last])].sort((a, b) => a - b);
    out.push(...set);
  };
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t < from || t > to) continue;
    const b = Math.min(width - 1, Math.floor(((t - from) / span) * width));
    if (b !== bucket) {
      flush();
      bucket = b;
      first = minI = maxI = last = i;
    } else {
      last = i;
      if (values[i] < values[minI]) minI = i;
      if (values[i] > values[maxI]) maxI = i;
    }
  }
  flush();
  return out;
}

/** Index of the last time ≤ t in sorted numeric `times` (binary search); -1 when none. */
export function indexAtOrBefore(times, t) {
  let lo = 0, hi = times.length - 1, ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (Number(times[mid]) <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}
