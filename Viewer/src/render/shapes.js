// Geometry of the 3D view's procedural shapes (boxes, ellipsoids) and a batch of flat-shaded
// triangles with per-vertex colors and pick ids (filled boxes and ellipsoids of many entities).

import { cross, normalize, sub } from "./mat4.js";

/** The 6 faces of a box as corner indices (corner i has x = bit 0, y = bit 1, z = bit 2), counter-clockwise from outside. */
export const BOX_FACES = [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]];
/** The 12 edges of a box as corner index pairs. */
export const BOX_EDGES = [[0, 1], [2, 3], [4, 5], [6, 7], [0, 2], [1, 3], [4, 6], [5, 7], [0, 4], [1, 5], [2, 6], [3, 7]];

/** The 8 corners of a box with half sizes `half`, in its own frame (corner i: x = bit 0, y = bit 1, z = bit 2). */
export function boxCorners(half) {
  const out = [];
  for (let i = 0; i < 8; i++) out.push([(i & 1 ? 1 : -1) * half[0], (i & 2 ? 1 : -1) * half[1], (i & 4 ? 1 : -1) * half[2]]);
  return out;
}

/** Segments per full ellipse of an ellipsoid's wireframe. */
export const ELLIPSE_SEGMENTS = 48;

/**
 * Unit-sphere polylines of an ellipsoid wireframe: `major` gives the three axis-aligned great
 * circles (FillMode.MajorWireframe), otherwise latitude and longitude rings (DenseWireframe).
 * Each polyline is an array of [x, y, z] on the unit sphere; scale by the half sizes.
 */
export function sphereWireframe(major) {
  const ring = (f) => Array.from({ length: ELLIPSE_SEGMENTS + 1 }, (_, k) => f((2 * Math.PI * k) / ELLIPSE_SEGMENTS));
  if (major) {
    return [ring((t) => [Math.cos(t), Math.sin(t), 0]), ring((t) => [0, Math.cos(t), Math.sin(t)]), ring((t) => [Math.cos(t), 0, Math.sin(t)])];
  }
  const out = [];
  for (let i = 1; i < 8; i++) {
    const phi = (Math.PI * i) / 8 - Math.PI / 2;
    out.push(ring((t) => [Math.cos(phi) * Math.cos(t), Math.cos(phi) * Math.sin(t), Math.sin(phi)]));
  }
  for (let j = 0; j < 8; j++) {
    const th = (Math.PI * j) / 8;
    out.push(ring((t) => [Math.cos(th) * Math.cos(t), Math.sin(th) * Math.cos(t), Math.sin(t)]));
  }
  return out;
}

/** A unit sphere as triangles: `{positions, indices}` (positions double as normals). */
export function unitSphere(rings = 12, sectors = 24) {
  const positions = [];
  const indices = [];
  for (let r = 0; r <= rings; r++) {
    const phi = (Math.PI * r) / rings - Math.PI / 2;
    for (let s = 0; s <= sectors; s++) {
      const th = (2 * Math.PI * s) / sectors;
      positions.push([Math.cos(phi) * Math.cos(th), Math.cos(phi) * Math.sin(th), Math.sin(phi)]);
    }
  }
  for (let r = 0; r < rings; r++) {
    for (let s = 0; s < sectors; s++) {
      const a = r * (sectors + 1) + s, b = a + sectors + 1;
      indices.push(a, a + 1, b + 1, a, b + 1, b);
    }
  }
  return { positions, indices };
}

/** Triangles with per-vertex normal, RGBA bytes and pick id, uploaded as one indexed mesh. */
export class SolidBatch {
  constructor() {
    this.pos = [];
    this.nrm = [];
    this.col = [];
    this.id = [];
    this.idx = [];
  }

  get empty() {
    return this.idx.length === 0;
  }

  addVertex(p, n, rgba, pickId) {
    this.pos.push(p[0], p[1], p[2]);
    this.nrm.push(n[0], n[1], n[2]);
    this.col.push(rgba[0], rgba[1], rgba[2], rgba[3]);
    this.id.push(pickId);
    return this.id.length - 1;
  }

  /** The six faces of a box from its 8 world-space corners, flat shaded. */
  addBox(corners, rgba, pickId) {
    for (const [a, b, c, d] of BOX_FACES) {
      const n = normalize(cross(sub(corners[b], corners[a]), sub(corners[d], corners[a])));
      const base = this.addVertex(corners[a], n, rgba, pickId);
      this.addVertex(corners[b], n, rgba, pickId);
      this.addVertex(corners[c], n, rgba, pickId);
      this.addVertex(corners[d], n, rgba, pickId);
      this.idx.push(base, base + 1, base + 2, base, base + 2, base + 3);
    }
  }

  /** Indexed triangles over world-space `positions` with per-vertex `normals`. */
  addTriangles(positions, normals, indices, rgba, pickId) {
    const base = this.id.length;
    for (let i = 0; i < positions.length; i++) this.addVertex(positions[i], normals[i], rgba, pickId);
    for (const i of indices) this.idx.push(base + i);
  }
}
