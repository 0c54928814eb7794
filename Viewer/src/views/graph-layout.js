// A deterministic force-directed layout for the graph view (no DOM; runs in node tests).
//
// Nodes with explicit positions are fixed there; the others move under springs along edges,
// pairwise repulsion (with a distance cut-off), collision of node radii and a weak pull towards
// the centre of the fixed nodes (or the origin). The simulation "cools" (alpha decays
// geometrically) and stops below `alphaMin`, so a layout always ends after the same number of
// ticks for the same input, however the ticks are spread over frames (`run` takes a time budget).
// Initial positions are seeded from the node keys (a hash, not Math.random), new nodes start next
// to an already placed neighbour, and nodes that persist across `setGraph` calls keep their
// positions: changing the graph only re-heats the simulation by the share of new nodes.

import { QuadTree, collide } from "./graph-forces.js";

/** Above this many nodes, pair forces are approximated (Barnes–Hut, collision grid). */
export const EXACT_LIMIT = 300;

/** Default simulation parameters (scene units). */
export const LAYOUT_DEFAULTS = Object.freeze({
  linkDistance: 60,
  linkStrength: 1,
  charge: -150,
  chargeDistanceMax: 800,
  gravity: 0.04,
  collisionPadding: 6,
  alphaMin: 0.001,
  alphaDecay: 1 - Math.pow(0.001, 1 / 300),
  velocityDecay: 0.4,
  theta: 0.9,
});

/** A stable 32-bit hash of a string (FNV-1a). */
export function hashString(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** The force layout of one view. */
export class ForceLayout {
  constructor(params = {}) {
    this.params = { ...LAYOUT_DEFAULTS, ...params };
    this.keys = [];
    this.index = new Map();
    this.x = new Float64Array(0);
    this.y = new Float64Array(0);
    this.vx = new Float64Array(0);
    this.vy = new Float64Array(0);
    this.r = new Float64Array(0);
    this.fixed = new Uint8Array(0);
    this.links = new Int32Array(0);
    this.degree = new Float64Array(0);
    this.alpha = 0;
    this.ticks = 0;
    this.signature = "";
    this.linkSig = "";
    this.center = [0, 0];
  }

  /** Whether the simulation has cooled down (nothing moves any more). */
  get done() {
    return this.alpha < this.params.alphaMin;
  }

  /**
   * Sets the graph to lay out: `nodes` = `[{ key, position: [x, y] | null, radius }]`, `edges` =
   * `[{ source, target }]` (node keys; edges to unknown keys are ignored). Keeps the positions of
   * nodes that were there before. Returns whether anything changed.
   */
  setGraph(nodes, edges) {
    const sig = signatureOf(nodes, edges);
    if (sig === this.signature) return false;
    this.signature = sig;
    const n = nodes.length;
    const old = { index: this.index, x: this.x, y: this.y, vx: this.vx, vy: this.vy };
    const x = new Float64Array(n), y = new Float64Array(n), vx = new Float64Array(n), vy = new Float64Array(n);
    const r = new Float64Array(n), fixed = new Uint8Array(n), placed = new Uint8Array(n);
    const index = new Map();
    nodes.forEach((node, i) => index.set(node.key, i));
    let added = 0, cx = 0, cy = 0, nfixed = 0;
    for (let i = 0; i < n; i++) {
      const node = nodes[i];
      r[i] = Math.max(0, node.radius ?? 0);
      const j = old.index.get(node.key);
      if (node.position) {
        fixed[i] = 1;
        placed[i] = 1;
        x[i] = node.position[0];
        y[i] = node.position[1];
        cx += x[i]; cy += y[i]; nfixed++;
      } else if (j !== undefined) {
        placed[i] = 1;
        x[i] = old.x[j]; y[i] = old.y[j]; vx[i] = old.vx[j]; vy[i] = old.vy[j];
      } else {
        added++;
      }
    }
    this.center = nfixed ? [cx / nfixed, cy / nfixed] : [0, 0];
    // links (as index pairs) and degrees
    const pairs = [];
    const degree = new Float64Array(n);
    const neighbours = new Map();
    for (const e of edges) {
      const a = index.get(e.source), b = index.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      pairs.push(a, b);
      degree[a]++; degree[b]++;
      if (!neighbours.has(a)) neighbours.set(a, []);
      if (!neighbours.has(b)) neighbours.set(b, []);
      neighbours.get(a).push(b);
      neighbours.get(b).push(a);
    }
    // seed new nodes: next to a placed neighbour, else on a spiral around the centre
    let spiral = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < n; i++) {
        if (placed[i]) continue;
        const h = hashString(nodes[i].key);
        const angle = (h / 4294967296) * Math.PI * 2;
        const nb = (neighbours.get(i) ?? []).find((k) => placed[k]);
        if (nb !== undefined) {
          const d = this.params.linkDistance * 0.5;
          x[i] = x[nb] + Math.cos(angle) * d;
          y[i] = y[nb] + Math.sin(angle) * d;
        } else if (pass === 1) {
          // (the second pass places the nodes no placed neighbour reached)
          const k = spiral++ + (this.keys.length ? n : 0);
          const rad = this.params.linkDistance * 0.5 * Math.sqrt(0.5 + k);
          x[i] = this.center[0] + Math.cos(k * GOLDEN_ANGLE) * rad;
          y[i] = this.center[1] + Math.sin(k * GOLDEN_ANGLE) * rad;
        } else {
          continue;
        }
        placed[i] = 1;
      }
    }
    const hadNodes = this.keys.length > 0;
    this.keys = nodes.map((node) => node.key);
    this.index = index;
    Object.assign(this, { x, y, vx, vy, r, fixed, degree });
    this.links = Int32Array.from(pairs);
    const free = n - nfixed;
    const linkSig = pairs.join(",");
    const relinked = linkSig !== this.linkSig;
    this.linkSig = linkSig;
    if (free === 0) this.alpha = 0;
    else if (!hadNodes) this.alpha = 1;
    else this.alpha = Math.max(this.alpha, added ? Math.min(1, 0.1 + (0.9 * added) / free) : relinked ? 0.3 : 0.1);
    this.ticks = 0;
    return true;
  }

  /**
   * Advances the simulation until it has cooled down, `maxTicks` ticks ran or `budgetMs`
   * milliseconds passed (at least one tick). Returns whether it is done.
   */
  run({ maxTicks = Infinity, budgetMs = Infinity, clock = () => performance.now() } = {}) {
    const start = budgetMs === Infinity ? 0 : clock();
    let ran = 0;
    while (!this.done && ran < maxTicks) {
      this.tick();
      ran++;
      if (budgetMs !== Infinity && clock() - start >= budgetMs) break;
    }
    return this.done;
  }

  /** One simulation step. */
  tick() {
    const p = this.params;
    this.alpha += (0 - this.alpha) * p.alphaDecay;
    const alpha = this.alpha;
    const { x, y, vx, vy, r, fixed, links, degree } = this;
    const n = x.length;
    // springs along edges
    for (let k = 0; k < links.length; k += 2) {
      const a = links[k], b = links[k + 1];
      let dx = x[b] + vx[b] - x[a] - vx[a];
      let dy = y[b] + vy[b] - y[a] - vy[a];
      let l = Math.hypot(dx, dy);
      if (l < 1e-6) { dx = 1e-3 * (1 + (k % 7)); dy = 1e-3; l = Math.hypot(dx, dy); }
      const strength = p.linkStrength / Math.min(degree[a], degree[b]);
      const f = ((l - p.linkDistance) / l) * alpha * strength;
      const bias = degree[a] / (degree[a] + degree[b]);
      vx[b] -= dx * f * bias; vy[b] -= dy * f * bias;
      vx[a] += dx * f * (1 - bias); vy[a] += dy * f * (1 - bias);
    }
    if (n > EXACT_LIMIT) {
      // large graphs: Barnes–Hut repulsion and grid collision
      this.tree = this.tree ?? new QuadTree();
      this.tree.build(x, y, n);
      if (!this.stack || this.stack.length < this.tree.count * 4 + 8) this.stack = new Int32Array(this.tree.count * 4 + 8);
      const dmax2 = p.chargeDistanceMax * p.chargeDistanceMax;
      for (let i = 0; i < n; i++) if (!fixed[i]) this.tree.repel(i, x, y, vx, vy, p.charge * alpha, p.theta * p.theta, dmax2, this.stack);
      this.grid = this.grid ?? {};
      collide(x, y, vx, vy, r, fixed, n, p.collisionPadding, this.grid);
    } else {
      this.exactPairs(alpha);
    }
    // weak pull towards the centre, then integrate
    const [cx, cy] = this.center;
    for (let i = 0; i < n; i++) {
      if (fixed[i]) { vx[i] = 0; vy[i] = 0; continue; }
      vx[i] += (cx - x[i]) * p.gravity * alpha;
      vy[i] += (cy - y[i]) * p.gravity * alpha;
      vx[i] *= 1 - p.velocityDecay;
      vy[i] *= 1 - p.velocityDecay;
      x[i] += vx[i];
      y[i] += vy[i];
    }
    this.ticks++;
  }

  /** Repulsion and collision between every pair of nodes (small graphs). */
  exactPairs(alpha) {
    const p = this.params;
    const { x, y, vx, vy, r, fixed } = this;
    const n = x.length;
    const dmax2 = p.chargeDistanceMax * p.chargeDistanceMax;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = x[j] - x[i], dy = y[j] - y[i];
        let d2 = dx * dx + dy * dy;
        if (d2 < 1e-9) {
          // coincident: separate along a direction derived from the indices (deterministic)
          const t = (i * 7 + j * 13) * 0.61803;
          dx = Math.cos(t) * 1e-3; dy = Math.sin(t) * 1e-3;
          d2 = dx * dx + dy * dy;
        }
        if (d2 < dmax2) {
          const w = (p.charge * alpha) / Math.max(d2, 1);
          if (!fixed[i]) { vx[i] += dx * w; vy[i] += dy * w; }
          if (!fixed[j]) { vx[j] -= dx * w; vy[j] -= dy * w; }
        }
        const min = r[i] + r[j] + p.collisionPadding;
        if (d2 < min * min && !(fixed[i] && fixed[j])) {
          // overlapping: push apart along the line between them (the free one moves all the way)
          const d = Math.sqrt(d2);
          const push = ((min - d) / d) * 0.5;
          const si = fixed[i] ? 0 : fixed[j] ? 1 : 0.5;
          vx[i] -= dx * push * si; vy[i] -= dy * push * si;
          vx[j] += dx * push * (1 - si); vy[j] += dy * push * (1 - si);
        }
      }
    }
  }

  /** A node's position `[x, y]`, or null for an unknown key. */
  position(key) {
    const i = this.index.get(key);
    return i === undefined ? null : [this.x[i], this.y[i]];
  }

  /** The extent of all nodes including their radii, `{x0, y0, x1, y1}`, or null when empty. */
  bounds() {
    if (!this.x.length) return null;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < this.x.length; i++) {
      x0 = Math.min(x0, this.x[i] - this.r[i]); x1 = Math.max(x1, this.x[i] + this.r[i]);
      y0 = Math.min(y0, this.y[i] - this.r[i]); y1 = Math.max(y1, this.y[i] + this.r[i]);
    }
    return { x0, y0, x1, y1 };
  }
}

function signatureOf(nodes, edges) {
  const parts = [];
  for (const n of nodes) parts.push(`${n.key}\u0001${n.position ? n.position.join(",") : ""}\u0001${n.radius ?? 0}`);
  parts.push("\u0002");
  for (const e of edges) parts.push(`${e.source}\u0001${e.target}`);
  return parts.join("\u0003");
}
