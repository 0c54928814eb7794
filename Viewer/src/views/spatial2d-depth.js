// DepthImage display semantics (Rerun 0.41): `meter` only scales the depth shown on hover (default
// 1 for float formats, 1000 — millimeters — for integer formats); `depth_range` is in the image's
// own units and clamps the colormapping; without it the range is estimated from the data with the
// viewer's wider-range guesses; the default colormap is Turbo.

/** Rerun's Colormap enum value of Turbo (the DepthImage default). */
export const DEFAULT_DEPTH_COLORMAP = 5;

const FLOAT_TYPES = new Set(["f16", "f32", "f64"]);

/** The default depth units per meter for a channel datatype ("u16", "f32", …). */
export function defaultDepthMeter(dtype) {
  return FLOAT_TYPES.has(dtype) ? 1 : 1000;
}

/** The meter value to use: the logged one when positive and finite, else the datatype default. */
export function depthMeter(logged, dtype) {
  return Number.isFinite(logged) && logged > 0 ? logged : defaultDepthMeter(dtype);
}

/**
 * The colormapping range estimated from the finite samples, widened like Rerun's viewer: floats
 * all in [0, 1] → [0, 1]; everything in [0, 255] → [0, 255]; a constant image → [v − 1, v + 1];
 * otherwise [min, max]. No finite samples → [0, 1].
 */
export function estimatedDepthRange(samples, dtype) {
  let lo = Infinity, hi = -Infinity;
  const step = Math.max(1, Math.floor(samples.length / 4_000_000));
  for (let i = 0; i < samples.length; i += step) {
    const v = samples[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return [0, 1];
  if (FLOAT_TYPES.has(dtype) && lo >= 0 && hi <= 1) return [0, 1];
  if (lo >= 0 && hi <= 255) return [0, 255];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

/** The range to colormap over: the logged `depth_range` ([min, max], raw units) when valid, else the estimate. */
export function depthDisplayRange(logged, samples, dtype) {
  if (logged && logged.length >= 2 && Number.isFinite(logged[0]) && Number.isFinite(logged[1]) && logged[0] !== logged[1]) {
    return logged[0] < logged[1] ? [logged[0], logged[1]] : [logged[1], logged[0]];
  }
  return estimatedDepthRange(samples, dtype);
}
