// The latest-at state of entities at the time cursor: path → (component identifier → decoded cell).

import { numbers, scalar } from "./cells.js";

/** Entity values at the cursor, as answered by `latest_at`. */
export class EntityData {
  constructor() {
    this.byPath = new Map();
    this.version = 0;
  }

  /** Replaces an entity's cells (those resolved from one latest_at answer). */
  set(path, cells) {
    const m = new Map();
    for (const c of cells) if (c) m.set(c.component, c);
    this.byPath.set(path, m);
    this.version++;
  }

  /** The cell of `component` (e.g. "Points3D:positions") at `path`, ignoring cleared cells. */
  get(path, component) {
    const c = this.byPath.get(path)?.get(component);
    return c && c.kind !== "cleared" ? c : undefined;
  }

  /** All cells of an entity (Map), possibly empty. */
  cells(path) {
    return this.byPath.get(path) ?? new Map();
  }

  /** Whether the entity has any non-cleared cell of the archetype (short name). */
  has(path, archetype) {
    const m = this.byPath.get(path);
    if (!m) return false;
    for (const [k, c] of m) if (k.startsWith(archetype + ":") && c.kind !== "cleared") return true;
    return false;
  }

  /**
   * Keys of cells held for these entities (the `have` list for the next latest_at), at most `max`
   * keys and about `maxBytes` of JSON so the request stays under the server's request limit.
   * Larger cells come first: they matter most.
   */
  keysFor(paths, max = 100000, maxBytes = 600000) {
    const cells = [];
    for (const p of paths) for (const c of this.byPath.get(p)?.values() ?? []) if (c.key) cells.push(c);
    if (cells.length > max || cells.length * 80 > maxBytes) cells.sort((a, b) => (b.data?.byteLength ?? 0) - (a.data?.byteLength ?? 0));
    const keys = [];
    let bytes = 0;
    for (const c of cells) {
      bytes += c.key.length + 3;
      if (keys.length >= max || bytes > maxBytes) break;
      keys.push(c.key);
    }
    return keys;
  }

  /** Number values of a component (Float64Array; empty when absent). */
  numbers(path, component) {
    return numbers(this.get(path, component));
  }

  /** First value of a component, or `fallback`. */
  scalar(path, component, fallback = undefined) {
    return scalar(this.get(path, component), fallback);
  }

  clear() {
    this.byPath.clear();
    this.version++;
  }
}
