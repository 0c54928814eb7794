// Time-axis math: the visible range, pixel mapping, zoom/pan, tick placement and formatting for
// the three timeline kinds: "sequence" (integers), "duration" (ns), "timestamp" (ns since epoch).
// Times are JS numbers; int64 values beyond 2^53 lose precision.

/** A visible time range mapped onto `width` pixels. Immutable: operations return new axes. */
export class TimeAxis {
  constructor(from, to, width, kind = "sequence") {
    this.from = from;
    this.to = to > from ? to : from + 1;
    this.width = Math.max(1, width);
    this.kind = kind;
  }

  /** Axis showing all of [min, max] with a small margin. */
  static fit(min, max, width, kind = "sequence", margin = 0.02) {
    const span = Math.max(max - min, kind === "sequence" ? 1 : 1);
    return new TimeAxis(min - span * margin, max + span * margin, width, kind);
  }

  get span() {
    return this.to - this.from;
  }

  /** Pixel x (fractional) of time `t`. */
  x(t) {
    return ((t - this.from) / this.span) * this.width;
  }

  /** Time at pixel `x`. */
  time(x) {
    return this.from + (x / this.width) * this.span;
  }

  /** Time at pixel `x`, snapped to whole sequence numbers / nanoseconds. */
  snappedTime(x) {
    return Math.round(this.time(x));
  }

  /** Zooms by `factor` (> 1 zooms in) keeping the time under pixel `x` fixed. */
  zoom(factor, x = this.width / 2, minSpan = 1) {
    const anchor = this.time(x);
    const span = Math.max(this.span / factor, minSpan);
    const from = anchor - (x / this.width) * span;
    return new TimeAxis(from, from + span, this.width, this.kind);
  }

  /** Pans by `dx` pixels (positive moves the content right, i.e. earlier times come into view). */
  pan(dx) {
    const dt = (dx / this.width) * this.span;
    return new TimeAxis(this.from - dt, this.to - dt, this.width, this.kind);
  }

  /** The same range on a different pixel width. */
  resized(width) {
    return new TimeAxis(this.from, this.to, width, this.kind);
  }

  /** Moves the range (keeping its span) so that `t` is visible, with `margin` pixels to spare. */
  follow(t, margin = 20) {
    const x = this.x(t);
    if (x >= margin && x <= this.width - margin) return this;
    const marginT = (margin / this.width) * this.span;
    const from = x > this.width - margin ? t + marginT - this.span : t - marginT;
    return new TimeAxis(from, from + this.span, this.width, this.kind);
  }

  /** Tick marks: `{ step, major: [{t, x, label}], minor: [{t, x}] }` with about `pixelsPerTick` between majors. */
  ticks(pixelsPerTick = 100) {
    const target = (this.span / this.width) * pixelsPerTick;
    const step = niceStep(target, this.kind);
    const minorStep = this.kind === "sequence" && step < 5 ? step : step / 5;
    const major = [];
    const minor = [];
    const first = Math.ceil(this.from / step) * step;
    for (let t = first, i = 0; t <= this.to && i < 1000; t += step, i++) {
      major.push({ t, x: this.x(t), label: formatTime(t, this.kind, step) });
    }
    if (minorStep !== step) {
      const firstMinor = Math.ceil(this.from / minorStep) * minorStep;
      for (let t = firstMinor, i = 0; t <= this.to && i < 5000; t += minorStep, i++) {
        if (Math.abs(t / step - Math.round(t / step)) > 1e-9) minor.push({ t, x: this.x(t) });
      }
    }
    return { step, major, minor };
  }
}

const NS = { us: 1e3, ms: 1e6, s: 1e9, min: 60e9, h: 3600e9, d: 86400e9 };
const TIME_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5,
  1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8, 2e8, 5e8,
  1e9, 2e9, 5e9, 10e9, 15e9, 30e9,
  60e9, 120e9, 300e9, 600e9, 900e9, 1800e9,
  3600e9, 7200e9, 3 * 3600e9, 6 * 3600e9, 12 * 3600e9,
  86400e9, 2 * 86400e9, 7 * 86400e9, 14 * 86400e9, 30 * 86400e9, 91 * 86400e9, 365 * 86400e9,
];

/**
 * The smallest "nice" step ≥ `target`: 1-2-5 decades; clock units (s, min, h, d) for "duration"
 * and "timestamp" (ns); at least 1 for "sequence"; any kind else (e.g. "float") is plain 1-2-5.
 */
export function niceStep(target, kind = "sequence") {
  if (!(target > 0)) return 1;
  if ((kind === "duration" || kind === "timestamp") && target >= 1) {
    for (const s of TIME_STEPS) if (s >= target) return s;
  }
  const p = 10 ** Math.floor(Math.log10(target));
  let step = 10 * p;
  for (const m of [1, 2, 5]) {
    if (m * p >= target * (1 - 1e-12)) {
      step = m * p;
      break;
    }
  }
  return kind === "sequence" ? Math.max(1, step) : step;
}

function pad(n, w = 2) {
  return String(n).padStart(w, "0");
}

/** Formats a duration in nanoseconds with units chosen for the resolution `step` (ns). */
export function formatDuration(ns, step = 0) {
  const sign = ns < 0 ? "-" : "";
  const a = Math.abs(ns);
  if (a === 0) return "0s";
  if (a >= NS.min && step >= NS.s) {
    const h = Math.floor(a / NS.h);
    const m = Math.floor((a % NS.h) / NS.min);
    const s = Math.round((a % NS.min) / NS.s);
    return h > 0 ? `${sign}${h}h${pad(m)}m${pad(s)}s` : `${sign}${m}m${pad(s)}s`;
  }
  if (a >= NS.s || step >= NS.s) return `${sign}${trim(a / NS.s, step / NS.s)}s`;
  if (a >= NS.ms || step >= NS.ms) return `${sign}${trim(a / NS.ms, step / NS.ms)}ms`;
  if (a >= NS.us || step >= NS.us) return `${sign}${trim(a / NS.us, step / NS.us)}µs`;
  return `${sign}${a}ns`;
}

function trim(v, step) {
  const decimals = step > 0 ? Math.min(6, Math.max(0, -Math.floor(Math.log10(step) + 1e-9))) : 3;
  return Number(v.toFixed(decimals)).toString();
}

/** Formats a timestamp (ns since the Unix epoch, UTC) to the precision needed for `step`. */
export function formatTimestamp(ns, step = 0) {
  const ms = Math.floor(ns / 1e6);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ns);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (step >= NS.d) return date;
  if (step >= NS.min) return `${date} ${hm}`;
  const sec = `${hm}:${pad(d.getUTCSeconds())}`;
  if (step >= NS.s) return `${date} ${sec}`;
  const sub = ((ns % 1e9) + 1e9) % 1e9;
  if (step >= NS.ms || step === 0) return `${sec}.${pad(Math.floor(sub / 1e6), 3)}`;
  if (step >= NS.us) return `${sec}.${pad(Math.floor(sub / 1e3), 6)}`;
  return `${sec}.${pad(Math.floor(sub), 9)}`;
}

/** Formats a time of the given timeline kind. */
export function formatTime(t, kind = "sequence", step = 0) {
  if (t === null || t === undefined) return "static";
  if (kind === "duration") return formatDuration(t, step);
  if (kind === "timestamp") return formatTimestamp(t, step);
  return `#${Math.round(t)}`;
}

/** Density buckets → per-bucket pixel rectangles `{x, w, alpha}` on `axis` (alpha ∝ log count). */
export function densityBars(density, axis, maxCount = undefined) {
  const { from, to, counts } = density;
  const n = counts.length;
  if (!n || !(to > from)) return [];
  let max = maxCount ?? 0;
  if (maxCount === undefined) for (const c of counts) if (c > max) max = c;
  const bw = (to - from) / n;
  const out = [];
  for (let i = 0; i < n; i++) {
    if (!counts[i]) continue;
    const x0 = axis.x(from + i * bw);
    const x1 = axis.x(from + (i + 1) * bw);
    if (x1 < 0 || x0 > axis.width) continue;
    out.push({ x: x0, w: Math.max(1, x1 - x0), alpha: 0.25 + 0.75 * Math.log1p(counts[i]) / Math.log1p(max) });
  }
  return out;
}

/**
 * Playback: advances the cursor by `dtMs` of wall time at `speed`. Sequences play at `fps`
 * steps per second; durations and timestamps in real time. Loops or stops at `max`.
 */
export function advance(time, dtMs, { kind, speed = 1, min, max, loop = false, fps = 30 }) {
  const delta = kind === "sequence" ? (dtMs / 1000) * fps * speed : dtMs * 1e6 * speed;
  let t = time + delta;
  if (t > max) t = loop ? min + ((t - min) % Math.max(max - min, 1)) : max;
  return t;
}
