// Cells: one component's value at one row, as sent by the server (Docs/viewer-protocol.md, "Cell").
// Decoded cells keep typed arrays over the frame's ArrayBuffer (no copy).

import { typedView } from "../net/frame.js";

/** Thrown when a cell does not follow the protocol. */
export class CellError extends Error {
  constructor(message) {
    super(message);
    this.name = "CellError";
  }
}

const NUMERIC = new Set(["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f16", "f32", "f64"]);

/**
 * Decodes one wire cell against the frame's buffers. Returns
 * `{ component, key, rowId, time, kind, ... }` with kind one of
 * "cleared" | "numeric" (dtype, width, count, data, offsets? — u32 item offsets for list instances) | "strings" (strings) | "bools" (bools) | "json" (json).
 * `same` cells cannot be decoded here: use CellCache.resolve.
 */
export function decodeCell(wire, buffers) {
  if (wire === null || typeof wire !== "object" || typeof wire.component !== "string") {
    throw new CellError("cell is not an object with a string \"component\"");
  }
  const cell = { component: wire.component, key: wire.key ?? null, rowId: wire.row_id ?? null, time: wire.time ?? null };
  if (wire.cleared) return { ...cell, kind: "cleared" };
  if (wire.dtype !== undefined) {
    if (!NUMERIC.has(wire.dtype)) throw new CellError(`cell ${wire.component}: unknown dtype "${wire.dtype}"`);
    const bytes = buffers[wire.buffer];
    if (!bytes) throw new CellError(`cell ${wire.component}: buffer index ${wire.buffer} is not in the frame`);
    const data = typedView(bytes, wire.dtype);
    const width = wire.width ?? 1;
    const count = wire.count ?? Math.floor(data.length / Math.max(width, 1));
    let offsets = null;
    if (wire.offsets !== undefined) {
      const ob = buffers[wire.offsets];
      if (!ob) throw new CellError(`cell ${wire.component}: offsets buffer ${wire.offsets} is not in the frame`);
      offsets = typedView(ob, "u32");
    }
    if (offsets === null && width > 0 && data.length < count * width) {
      throw new CellError(`cell ${wire.component}: ${data.length} values are fewer than count ${count} × width ${width}`);
    }
    return { ...cell, kind: "numeric", dtype: wire.dtype, width, count, data, offsets };
  }
  if (Array.isArray(wire.strings)) return { ...cell, kind: "strings", strings: wire.strings, count: wire.strings.length };
  if (Array.isArray(wire.bools)) return { ...cell, kind: "bools", bools: wire.bools, count: wire.bools.length };
  if ("json" in wire) {
    return { ...cell, kind: "json", json: wire.json, count: Array.isArray(wire.json) ? wire.json.length : 1 };
  }
  throw new CellError(`cell ${wire.component}: has none of cleared/same/dtype/strings/bools/json`);
}

/** Converts IEEE half-precision bits to a number. */
export function halfToFloat(h) {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** The cell's values as numbers (a Float64Array; converts f16 and 64-bit ints, copies). */
export function numbers(cell) {
  if (!cell || cell.kind !== "numeric") return new Float64Array(0);
  const d = cell.data;
  if (d instanceof Float64Array) return d;
  const out = new Float64Array(d.length);
  if (cell.dtype === "f16") for (let i = 0; i < d.length; i++) out[i] = halfToFloat(d[i]);
  else if (typeof d[0] === "bigint") for (let i = 0; i < d.length; i++) out[i] = Number(d[i]);
  else out.set(d);
  return out;
}

/** The cell's values as a Float32Array (views f32 data without copying). */
export function floats(cell) {
  if (!cell || cell.kind !== "numeric") return new Float32Array(0);
  if (cell.data instanceof Float32Array) return cell.data;
  return Float32Array.from(numbers(cell));
}

/** The first value of a scalar cell as a number, or `fallback`. */
export function scalar(cell, fallback = undefined) {
  if (!cell) return fallback;
  if (cell.kind === "numeric" && cell.data.length > 0) {
    const v = cell.data[0];
    return cell.dtype === "f16" ? halfToFloat(v) : Number(v);
  }
  if (cell.kind === "strings" && cell.strings.length) return cell.strings[0];
  if (cell.kind === "bools" && cell.bools.length) return cell.bools[0];
  if (cell.kind === "json") return Array.isArray(cell.json) ? cell.json[0] : cell.json;
  return fallback;
}

/** Number of instances in a cell (0 for missing or cleared cells). */
export function instanceCount(cell) {
  if (!cell || cell.kind === "cleared") return 0;
  return cell.count ?? 0;
}

/**
 * Cells by key, so the client can list `have` keys and the server answers `same`. Bounded by an
 * approximate byte budget; least recently used cells are dropped first.
 */
export class CellCache {
  constructor(byteBudget = 256 * 1024 * 1024) {
    this.byteBudget = byteBudget;
    this.bytes = 0;
    this.cells = new Map();
  }

  /** Decodes a wire cell, or looks it up when the server says `same`. Returns null if unknown. */
  resolve(wire, buffers) {
    if (wire.same) {
      const hit = this.cells.get(wire.key);
      if (!hit) return null;
      this.cells.delete(wire.key);
      this.cells.set(wire.key, hit);
      return hit;
    }
    const cell = decodeCell(wire, buffers);
    if (cell.key !== null) this.put(cell);
    return cell;
  }

  /** Stores a decoded cell under its key. */
  put(cell) {
    const old = this.cells.get(cell.key);
    if (old) {
      this.bytes -= cellBytes(old);
      this.cells.delete(cell.key);
    }
    this.cells.set(cell.key, cell);
    this.bytes += cellBytes(cell);
    for (const [k, c] of this.cells) {
      if (this.bytes <= this.byteBudget || this.cells.size <= 1) break;
      this.cells.delete(k);
      this.bytes -= cellBytes(c);
    }
  }

  /** Whether a key is cached. */
  has(key) {
    return this.cells.has(key);
  }

  /** Drops everything (e.g. on recording switch). */
  clear() {
    this.cells.clear();
    this.bytes = 0;
  }
}

function cellBytes(cell) {
  if (cell.kind === "numeric") return cell.data.byteLength + 64;
  if (cell.kind === "strings") return cell.strings.reduce((n, s) => n + s.length * 2, 64);
  return 128;
}

/** The bytes of list instance `i` of a `List<u8>` cell (a blob), as a Uint8Array view; null if absent. */
export function blobBytes(cell, i = 0) {
  if (!cell || cell.kind !== "numeric") return null;
  const d = cell.data;
  const bytes = d instanceof Uint8Array ? d : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  if (!cell.offsets) return i === 0 ? bytes : null;
  if (i + 1 >= cell.offsets.length) return null;
  const w = cell.width || 1;
  return bytes.subarray(cell.offsets[i] * w, cell.offsets[i + 1] * w);
}

/** The json value of instance `i` (for json cells), else undefined. */
export function jsonValue(cell, i = 0) {
  if (!cell || cell.kind !== "json") return undefined;
  return Array.isArray(cell.json) ? cell.json[i] : cell.json;
}
