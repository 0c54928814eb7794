// Approximate pair forces for large graphs (used by graph-layout.js above a few hundred nodes):
// Barnes–Hut repulsion over a quadtree (far cells act as one body at their centre of mass) and
// collision through a uniform grid (only nearby nodes are compared). Flat typed arrays, no
// per-node allocation; deterministic (insertion in index order).

const MAX_DEPTH = 24;

/** A point quadtree over node positions, rebuilt every tick. */
export class QuadTree {
  constructor() {
    this.capacity = 0;
    this.count = 0;
  }

  grow(cells) {
    if (cells <= this.capacity) return;
    const cap = Math.max(cells, this.capacity * 2, 64);
    const copy = (old, Type) => { const a = new Type(cap); if (old) a.set(old.subarray(0, this.count)); return a; };
    this.x0 = copy(this.x0, Float64Array);
    this.y0 = copy(this.y0, Float64Array);
    this.size = copy(this.size, Float64Array);
    this.mass = copy(this.mass, Float64Array);
    this.mx = copy(this.mx, Float64Array);
    this.my = copy(this.my, Float64Array);
    this.child = copy(this.child, Int32Array); // index of the first of four children, or -1
    this.point = copy(this.point, Int32Array); // first point of a leaf, or -1
    this.depth = copy(this.depth, Int32Array);
    this.capacity = cap;
  }

  newCell(x0, y0, size, depth) {
    if (this.count >= this.capacity) this.grow(this.count + 1);
    const c = this.count++;
    this.x0[c] = x0; this.y0[c] = y0; this.size[c] = size; this.depth[c] = depth;
    this.mass[c] = 0; this.mx[c] = 0; this.my[c] = 0; this.child[c] = -1; this.point[c] = -1;
    return c;
  }

  /** Builds the tree over points 0..<n; `next` chains points that share a leaf. */
  build(x, y, n) {
    if (!this.next || this.next.length < n) this.next = new Int32Array(Math.max(n, 16));
    this.count = 0;
    this.grow(n * 2 + 8);
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      if (x[i] < x0) x0 = x[i]; if (x[i] > x1) x1 = x[i];
      if (y[i] < y0) y0 = y[i]; if (y[i] > y1) y1 = y[i];
    }
    const size = Math.max(x1 - x0, y1 - y0, 1) * 1.0001;
    this.newCell(x0, y0, size, 0);
    for (let i = 0; i < n; i++) this.insert(i, x, y);
    // masses and centres of mass, children before parents (children are created later)
    for (let c = this.count - 1; c >= 0; c--) {
      if (this.child[c] < 0) {
        for (let p = this.point[c]; p >= 0; p = this.next[p]) { this.mass[c]++; this.mx[c] += x[p]; this.my[c] += y[p]; }
      } else {
        for (let k = 0; k < 4; k++) {
          const d = this.child[c] + k;
          this.mass[c] += this.mass[d]; this.mx[c] += this.mx[d]; this.my[c] += this.my[d];
        }
      }
    }
    for (let c = 0; c < this.count; c++) if (this.mass[c] > 0) { this.mx[c] /= this.mass[c]; this.my[c] /= this.mass[c]; }
  }

  insert(i, x, y) {
    this.next[i] = -1;
    let c = 0;
    for (;;) {
      if (this.child[c] >= 0) {
        c = this.child[c] + this.quadrant(c, x[i], y[i]);
        continue;
      }
      const p = this.point[c];
      if (p < 0) { this.point[c] = i; return; }
      if (this.depth[c] >= MAX_DEPTH || (x[p] === x[i] && y[p] === y[i])) {
        this.next[i] = this.point[c];
        this.point[c] = i;
        return;
      }
      // split the leaf: its points move to the children, then continue with i
      const half = this.size[c] / 2;
      const first = this.count;
      for (let k = 0; k < 4; k++) this.newCell(this.x0[c] + (k & 1) * half, this.y0[c] + (k >> 1) * half, half, this.depth[c] + 1);
      this.child[c] = first;
      this.point[c] = -1;
      for (let q = p; q >= 0;) {
        const nq = this.next[q];
        const d = first + this.quadrant(c, x[q], y[q]);
        this.next[q] = this.point[d];
        this.point[d] = q;
        q = nq;
      }
    }
  }

  quadrant(c, px, py) {
    const half = this.size[c] / 2;
    return (px >= this.x0[c] + half ? 1 : 0) + (py >= this.y0[c] + half ? 2 : 0);
  }

  /**
   * Adds the repulsion on point `i` to its velocity: `strength / d²` along the direction from
   * each other point (or far cell, weighted by its mass); cells seen under less than `theta`
   * count as one body; bodies further than `dmax2` (squared) are ignored.
   */
  repel(i, x, y, vx, vy, strength, theta2, dmax2, stack) {
    let top = 0;
    stack[top++] = 0;
    const xi = x[i], yi = y[i];
    let fx = 0, fy = 0;
    while (top > 0) {
      const c = stack[--top];
      if (this.mass[c] === 0) continue;
      const dx = this.mx[c] - xi, dy = this.my[c] - yi;
      const d2 = dx * dx + dy * dy;
      const s = this.size[c];
      if (this.child[c] >= 0 && (s * s) / theta2 >= d2) {
        for (let k = 0; k < 4; k++) stack[top++] = this.child[c] + k;
        continue;
      }
      if (this.child[c] >= 0) {
        if (d2 < dmax2) { const w = (strength * this.mass[c]) / Math.max(d2, 1); fx += dx * w; fy += dy * w; }
        continue;
      }
      for (let p = this.point[c]; p >= 0; p = this.next[p]) {
        if (p === i) continue;
        let ex = x[p] - xi, ey = y[p] - yi;
        let e2 = ex * ex + ey * ey;
        if (e2 < 1e-9) { const t = (i * 7 + p * 13) * 0.61803; ex = Math.cos(t) * 1e-3; ey = Math.sin(t) * 1e-3; e2 = 1e-6; }
        if (e2 < dmax2) { const w = strength / Math.max(e2, 1); fx += ex * w; fy += ey * w; }
      }
    }
    vx[i] += fx;
    vy[i] += fy;
  }
}

/**
 * Pushes overlapping nodes apart (radius + padding), comparing each node only with nodes in
 * its own and the eight neighbouring grid cells. `scratch` keeps the grid arrays between calls.
 */
export function collide(x, y, vx, vy, r, fixed, n, padding, scratch) {
  let rmax = 0;
  for (let i = 0; i < n; i++) if (r[i] > rmax) rmax = r[i];
  const cell = Math.max(2 * rmax + padding, 1);
  const buckets = 1 << Math.max(4, Math.ceil(Math.log2(n * 2)));
  if (!scratch.head || scratch.head.length !== buckets) scratch.head = new Int32Array(buckets);
  if (!scratch.next || scratch.next.length < n) scratch.next = new Int32Array(Math.max(n, 16));
  if (!scratch.gx || scratch.gx.length < n) { scratch.gx = new Int32Array(Math.max(n, 16)); scratch.gy = new Int32Array(Math.max(n, 16)); }
  const { head, next, gx, gy } = scratch;
  head.fill(-1);
  const mask = buckets - 1;
  const slot = (a, b) => (Math.imul(a, 73856093) ^ Math.imul(b, 19349663)) & mask;
  for (let i = 0; i < n; i++) {
    gx[i] = Math.floor(x[i] / cell); gy[i] = Math.floor(y[i] / cell);
    const h = slot(gx[i], gy[i]);
    next[i] = head[h];
    head[h] = i;
  }
  for (let i = 0; i < n; i++) {
    for (let ox = -1; ox <= 1; ox++) {
      for (let oy = -1; oy <= 1; oy++) {
        const cx = gx[i] + ox, cy = gy[i] + oy;
        for (let j = head[slot(cx, cy)]; j >= 0; j = next[j]) {
          if (j <= i || gx[j] !== cx || gy[j] !== cy || (fixed[i] && fixed[j])) continue;
          const dx = x[j] - x[i], dy = y[j] - y[i];
          const d2 = dx * dx + dy * dy;
          const min = r[i] + r[j] + padding;
          if (d2 >= min * min || d2 < 1e-12) continue;
          const d = Math.sqrt(d2);
          const push = ((min - d) / d) * 0.5;
          const si = fixed[i] ? 0 : fixed[j] ? 1 : 0.5;
          vx[i] -= dx * push * si; vy[i] -= dy * push * si;
          vx[j] += dx * push * (1 - si); vy[j] += dy * push * (1 - si);
        }
      }
    }
  }
}
