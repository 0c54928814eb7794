// GPU picking for the 3D view: every pickable primitive is drawn with its 32-bit pick id as the
// RGBA8 color of a small offscreen target covering the pixels around the cursor, and the nearest
// non-zero pixel names the entity and instance under the cursor. Id 0 means "nothing".

/** Side of the square read back around the cursor, in device pixels (the hover tolerance is half of it). */
export const PICK_SIZE = 15;

/** The RGBA8 bytes that encode pick id `id` (little-endian: red holds the low byte). */
export function encodeId(id) {
  return [id & 255, (id >>> 8) & 255, (id >>> 16) & 255, (id >>> 24) & 255];
}

/** The pick id stored in the four bytes at `offset` of an RGBA8 readback. */
export function decodeId(bytes, offset = 0) {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

/**
 * The non-zero id nearest to the center of a `size` × `size` RGBA8 readback (rows bottom-up as
 * `readPixels` returns them; the center is the same either way): `{id, dx, dy}` with the offset in
 * pixels (y down), or null when the region is empty.
 */
export function nearestId(bytes, size) {
  const c = (size - 1) / 2;
  let best = null, bestD = Infinity;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const id = decodeId(bytes, (row * size + col) * 4);
      if (id === 0) continue;
      const d = (col - c) ** 2 + (row - c) ** 2;
      if (d < bestD) { bestD = d; best = { id, dx: col - c, dy: c - row }; }
    }
  }
  return best;
}

/**
 * A projection post-transform (column-major 4×4) that maps the `size` × `size` device-pixel square
 * centered on pixel (`px`, `py`) (y down) of a `width` × `height` viewport onto the whole clip
 * square, so a `size` × `size` target renders exactly those pixels, one to one.
 */
export function pickMatrix(px, py, width, height, size = PICK_SIZE) {
  const cx = ((px + 0.5) / width) * 2 - 1;
  const cy = 1 - ((py + 0.5) / height) * 2;
  const sx = size / width, sy = size / height;
  return [1 / sx, 0, 0, 0, 0, 1 / sy, 0, 0, 0, 0, 1, 0, -cx / sx, -cy / sy, 0, 1];
}

/**
 * Pick ids for one scene: consecutive id ranges, each naming an entity path; `instanced` ranges
 * map id → instance index (id − base), others name the whole entity (instance null).
 */
export class PickTable {
  constructor() {
    this.ranges = [];
    this.next = 1;
  }

  /** Reserves `count` ids for `path`; returns the first. */
  add(path, count, instanced = true) {
    const base = this.next;
    this.ranges.push({ base, count, path, instanced });
    this.next += Math.max(1, count);
    return base;
  }

  /**
   * The ids [lo, hi) to highlight for entity `path` (all its consecutive ranges) or, with an
   * `index`, for that instance of its first instanced range holding it; [0, 0) when unknown.
   */
  span(path, index = null) {
    const r = this.ranges;
    const first = r.findIndex((x) => x.path === path && (index === null || (x.instanced && index < x.count)));
    if (first < 0) return [0, 0];
    if (index !== null) return [r[first].base + index, r[first].base + index + 1];
    let last = first;
    while (last + 1 < r.length && r[last + 1].path === path) last++;
    return [r[first].base, r[last].base + Math.max(1, r[last].count)];
  }

  /** `{path, index}` for a pick id (index null for whole-entity ranges), or null when unknown. */
  resolve(id) {
    const r = this.ranges;
    let lo = 0, hi = r.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (id < r[mid].base) hi = mid - 1;
      else if (id >= r[mid].base + Math.max(1, r[mid].count)) lo = mid + 1;
      else return { path: r[mid].path, index: r[mid].instanced ? id - r[mid].base : null };
    }
    return null;
  }
}

/** An offscreen RGBA8 + depth target of PICK_SIZE² pixels and its readback buffer. */
export class PickTarget {
  constructor(gl) {
    this.gl = gl;
    this.fb = gl.createFramebuffer();
    this.color = gl.createRenderbuffer();
    this.depth = gl.createRenderbuffer();
    gl.bindRenderbuffer(gl.RENDERBUFFER, this.color);
    gl.renderbufferStorage(gl.RENDERBUFFER, gl.RGBA8, PICK_SIZE, PICK_SIZE);
    gl.bindRenderbuffer(gl.RENDERBUFFER, this.depth);
    gl.renderbufferStorage(gl.RENDERBUFFER, gl.DEPTH_COMPONENT24, PICK_SIZE, PICK_SIZE);
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.fb);
    gl.framebufferRenderbuffer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.RENDERBUFFER, this.color);
    gl.framebufferRenderbuffer(gl.FRAMEBUFFER, gl.DEPTH_ATTACHMENT, gl.RENDERBUFFER, this.depth);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    this.pixels = new Uint8Array(PICK_SIZE * PICK_SIZE * 4);
  }

  /** Binds and clears the target (id 0 everywhere) for a pick pass. */
  begin() {
    const gl = this.gl;
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.fb);
    gl.viewport(0, 0, PICK_SIZE, PICK_SIZE);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    gl.disable(gl.BLEND);
    gl.enable(gl.DEPTH_TEST);
  }

  /** Reads the target back, unbinds it, and returns the nearest hit (see `nearestId`). */
  finish() {
    const gl = this.gl;
    gl.readPixels(0, 0, PICK_SIZE, PICK_SIZE, gl.RGBA, gl.UNSIGNED_BYTE, this.pixels);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    return nearestId(this.pixels, PICK_SIZE);
  }

  dispose() {
    const gl = this.gl;
    gl.deleteFramebuffer(this.fb);
    gl.deleteRenderbuffer(this.color);
    gl.deleteRenderbuffer(this.depth);
  }
}

/**
 * GLSL: `vec3 highlight(vec3 rgb, uint id)` — hovered ids (uHighlight.xy, a range [x, y)) are
 * lightened, selected ones (uHighlight.zw) tinted; needs `uniform uvec4 uHighlight`.
 */
export const HIGHLIGHT_GLSL = `
uniform uvec4 uHighlight;
vec3 highlight(vec3 rgb, uint id) {
  if (id >= uHighlight.x && id < uHighlight.y) return mix(rgb, vec3(1.0), 0.55);
  if (id >= uHighlight.z && id < uHighlight.w) return mix(rgb, vec3(1.0, 0.78, 0.25), 0.5);
  return rgb;
}`;

/** GLSL: `vec4 pickColor(uint id)` — the RGBA8 color that `decodeId` reads back as `id`. */
export const PICK_GLSL = `
vec4 pickColor(uint id) {
  return vec4(float(id & 255u), float((id >> 8) & 255u), float((id >> 16) & 255u), float((id >> 24) & 255u)) / 255.0;
}`;
