// The line and filled-shape geometry of a 3D scene, built from entity data at the cursor time:
// line strips, boxes and ellipsoids (with their fill modes), arrows, pinhole frustums and
// transform axes — all in world space, with pick ids, scene bounds and labels.

import { extendBounds } from "./camera.js";
import { LineBuilder } from "./lines.js";
import { PickTable } from "./picking.js";
import { BOX_EDGES, SolidBatch, boxCorners, sphereWireframe, unitSphere } from "./shapes.js";
import { add, cross, fromAxisAngle, length, normalize, scale as vscale, sub, transformPoint } from "./mat4.js";
import { instanceColors } from "../data/annotations.js";
import { floats } from "../data/cells.js";

/** Boxes3D / Ellipsoids3D fill modes (rerun.components.FillMode). */
export const FillMode = Object.freeze({ MajorWireframe: 1, DenseWireframe: 2, Solid: 3, TransparentFillMajorWireframe: 4 });
/** Opacity of the fill of FillMode.TransparentFillMajorWireframe. */
export const TRANSPARENT_FILL_ALPHA = 0.35;

/** The mean axis scale of an affine matrix (for radii of pre-transformed geometry). */
export function uniformScale(m) {
  return (Math.hypot(m[0], m[1], m[2]) + Math.hypot(m[4], m[5], m[6]) + Math.hypot(m[8], m[9], m[10])) / 3;
}

/** A radius after the transform `model`: scene units scale with it, UI points (< 0) and 0 do not. */
export function worldRadius(r, model) {
  return r > 0 ? r * uniformScale(model) : r;
}

/** Instance `i` of an xyz list (the last one repeats; [0, 0, 0] when empty). */
export function vec3At(v, i) {
  if (v.length < 3) return [0, 0, 0];
  const k = Math.min(i, v.length / 3 - 1) * 3;
  return [v[k], v[k + 1], v[k + 2]];
}

/** v rotated by the unit quaternion q = [x, y, z, w]. */
export function rotateByQuat(q, v) {
  const [x, y, z, w] = q;
  const u = [x, y, z];
  const t = vscale(cross(u, v), 2);
  return add(add(v, vscale(t, w)), cross(u, t));
}

/**
 * The per-instance rotation of a Boxes3D / Ellipsoids3D entity: `(i) => (v) => rotated v`, from
 * its `quaternions` and `rotation_axis_angles` (quaternion first; the last instance repeats).
 */
function instanceRotations(data, path, archetype) {
  const quats = floats(data.get(path, `${archetype}:quaternions`));
  const aaCell = data.get(path, `${archetype}:rotation_axis_angles`);
  const axisAngles = aaCell?.kind === "json" && Array.isArray(aaCell.json)
    ? aaCell.json.map((j) => (j && Array.isArray(j.axis) && Number.isFinite(j.angle) ? fromAxisAngle(j.axis, j.angle) : null)) : [];
  return (i) => {
    const k = Math.min(i, quats.length / 4 - 1) * 4;
    const q = quats.length >= 4 ? [quats[k], quats[k + 1], quats[k + 2], quats[k + 3]] : null;
    const aa = axisAngles.length ? axisAngles[Math.min(i, axisAngles.length - 1)] : null;
    return (v) => {
      let c = q ? rotateByQuat(q, v) : v;
      if (aa) c = transformPoint(aa, c);
      return c;
    };
  };
}

/** Radius of instance `i` from a radii list (the last one repeats; 0 = unset) after `model`. */
function radiusAt(radii, i, model) {
  return worldRadius(radii.length ? radii[Math.min(i, radii.length - 1)] : 0, model);
}

/** Accumulates one scene's lines, filled shapes, pick ids, bounds and labels. */
export class Primitives3D {
  constructor(data) {
    this.data = data;
    this.lines = new LineBuilder();
    this.picks = new PickTable();
    this.solid = new SolidBatch();
    this.transparent = new SolidBatch();
    this.labels = [];
    this.bounds = null;
  }

  /** Grows the bounds by xyz triples (transformed by `model` when given). */
  extend(positions, model = null) {
    this.bounds = extendBounds(this.bounds, positions, model);
  }

  /** Labels of an archetype, placed at its instances' positions (at most 200). */
  collectLabels(path, archetype, positions, stride, model) {
    const cell = this.data.get(path, `${archetype}:labels`);
    if (!cell || cell.kind !== "strings") return;
    const n = Math.min(cell.strings.length === 1 ? 1 : cell.strings.length, 200);
    for (let i = 0; i < n; i++) {
      if (cell.strings[i] == null) continue;
      const p = positions.length >= (i + 1) * stride ? [positions[i * stride], positions[i * stride + 1], positions[i * stride + 2]] : [0, 0, 0];
      this.labels.push({ text: cell.strings[i], world: transformPoint(model, p) });
    }
  }

  /** LineStrips3D: one pick id per strip. */
  lineStrips(path, model, ann) {
    const data = this.data;
    const strips = data.get(path, "LineStrips3D:strips");
    if (!strips || strips.kind !== "numeric" || !strips.offsets || strips.count === 0) return;
    const v = floats(strips);
    const colors = instanceColors(data, path, "LineStrips3D", strips.count, ann);
    const radii = floats(data.get(path, "LineStrips3D:radii"));
    const base = this.picks.add(path, strips.count);
    for (let s = 0; s < strips.count; s++) {
      const c = colors.subarray(s * 4, s * 4 + 4);
      const r = radiusAt(radii, s, model);
      for (let i = strips.offsets[s]; i + 1 < strips.offsets[s + 1]; i++) {
        this.lines.push(transformPoint(model, v.subarray(i * 3, i * 3 + 3)), transformPoint(model, v.subarray(i * 3 + 3, i * 3 + 6)), c, r, base + s);
      }
    }
    this.extend(v, model);
  }

  /** Boxes3D: edges for the wireframe modes, faces for Solid, translucent faces and edges for mode 4. */
  boxes(path, model, ann) {
    const data = this.data;
    const half = data.get(path, "Boxes3D:half_sizes");
    if (!half || half.count === 0) return;
    const h = floats(half);
    const centers = floats(data.get(path, "Boxes3D:centers"));
    const fill = data.scalar(path, "Boxes3D:fill_mode", FillMode.MajorWireframe);
    const rotations = instanceRotations(data, path, "Boxes3D");
    const radii = floats(data.get(path, "Boxes3D:radii"));
    const colors = instanceColors(data, path, "Boxes3D", half.count, ann);
    const base = this.picks.add(path, half.count);
    for (let b = 0; b < half.count; b++) {
      const ctr = vec3At(centers, b);
      const rot = rotations(b);
      const corners = boxCorners([h[b * 3], h[b * 3 + 1], h[b * 3 + 2]]).map((c) => transformPoint(model, add(rot(c), ctr)));
      const col = colors.subarray(b * 4, b * 4 + 4);
      if (fill === FillMode.Solid) this.solid.addBox(corners, col, base + b);
      else {
        if (fill === FillMode.TransparentFillMajorWireframe) this.transparent.addBox(corners, [col[0], col[1], col[2], col[3] * TRANSPARENT_FILL_ALPHA], base + b);
        const r = radiusAt(radii, b, model);
        for (const [i, j] of BOX_EDGES) this.lines.push(corners[i], corners[j], col, r, base + b);
      }
      this.extend(Float32Array.from(corners.flat()));
    }
    this.collectLabels(path, "Boxes3D", centers.length ? centers : new Float32Array(half.count * 3), 3, model);
  }

  /**
   * Ellipsoids3D: MajorWireframe draws the three axis-aligned cross-section ellipses,
   * DenseWireframe latitude/longitude rings, Solid a shaded mesh, mode 4 a translucent mesh with
   * the major ellipses.
   */
  ellipsoids(path, model, ann) {
    const data = this.data;
    const eh = data.get(path, "Ellipsoids3D:half_sizes");
    if (!eh || eh.count === 0) return;
    const h = floats(eh);
    const centers = floats(data.get(path, "Ellipsoids3D:centers"));
    const fill = data.scalar(path, "Ellipsoids3D:fill_mode", FillMode.MajorWireframe);
    const rotations = instanceRotations(data, path, "Ellipsoids3D");
    const radii = floats(data.get(path, "Ellipsoids3D:line_radii"));
    const colors = instanceColors(data, path, "Ellipsoids3D", eh.count, ann);
    const base = this.picks.add(path, eh.count);
    const origin = transformPoint(model, [0, 0, 0]);
    for (let e = 0; e < eh.count; e++) {
      const hs = [h[e * 3], h[e * 3 + 1], h[e * 3 + 2]];
      const ctr = vec3At(centers, e);
      const rot = rotations(e);
      const place = (u) => transformPoint(model, add(rot([u[0] * hs[0], u[1] * hs[1], u[2] * hs[2]]), ctr));
      const col = colors.subarray(e * 4, e * 4 + 4);
      if (fill === FillMode.Solid || fill === FillMode.TransparentFillMajorWireframe) {
        const sphere = (Primitives3D.sphere ??= unitSphere());
        const world = sphere.positions.map(place);
        // normals of a scaled sphere: the unit normal divided by the half sizes, then rotated
        const nrm = sphere.positions.map((u) => normalize(sub(transformPoint(model, rot([u[0] / (hs[0] || 1), u[1] / (hs[1] || 1), u[2] / (hs[2] || 1)])), origin)));
        if (fill === FillMode.Solid) this.solid.addTriangles(world, nrm, sphere.indices, col, base + e);
        else this.transparent.addTriangles(world, nrm, sphere.indices, [col[0], col[1], col[2], col[3] * TRANSPARENT_FILL_ALPHA], base + e);
      }
      if (fill !== FillMode.Solid) {
        const r = radiusAt(radii, e, model);
        for (const ring of sphereWireframe(fill !== FillMode.DenseWireframe)) {
          const pts = ring.map(place);
          for (let i = 0; i + 1 < pts.length; i++) this.lines.push(pts[i], pts[i + 1], col, r, base + e);
        }
      }
      this.extend(Float32Array.from([...place([-1, -1, -1]), ...place([1, 1, 1]), ...place([1, -1, 1]), ...place([-1, 1, -1])]));
    }
    this.collectLabels(path, "Ellipsoids3D", centers.length ? centers : new Float32Array(eh.count * 3), 3, model);
  }

  /** Arrows3D: shaft and a two-stroke head, one pick id per arrow. */
  arrows(path, model, ann) {
    const data = this.data;
    const vecs = data.get(path, "Arrows3D:vectors");
    if (!vecs || vecs.count === 0) return;
    const v = floats(vecs);
    const o = floats(data.get(path, "Arrows3D:origins"));
    const radii = floats(data.get(path, "Arrows3D:radii"));
    const colors = instanceColors(data, path, "Arrows3D", vecs.count, ann);
    const base = this.picks.add(path, vecs.count);
    for (let i = 0; i < vecs.count; i++) {
      const from = vec3At(o, i);
      const to = add(from, [v[i * 3], v[i * 3 + 1], v[i * 3 + 2]]);
      const col = colors.subarray(i * 4, i * 4 + 4);
      const r = radiusAt(radii, i, model);
      const a = transformPoint(model, from), b = transformPoint(model, to);
      this.lines.push(a, b, col, r, base + i);
      const dir = normalize(sub(b, a));
      const len = length(sub(b, a)) * 0.15;
      const side = normalize(cross(dir, Math.abs(dir[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0]));
      this.lines.push(b, add(sub(b, vscale(dir, len)), vscale(side, len * 0.5)), col, r, base + i);
      this.lines.push(b, sub(sub(b, vscale(dir, len)), vscale(side, len * 0.5)), col, r, base + i);
      this.extend(Float32Array.from([...a, ...b]));
    }
  }

  /** A pinhole frustum from its apex to the 4 image-plane corners (world space); picks the camera entity. */
  frustum(path, apex, corners) {
    const col = [204, 204, 204, 255];
    const id = this.picks.add(path, 1, false);
    for (let i = 0; i < 4; i++) {
      this.lines.push(apex, corners[i], col, 0, id);
      this.lines.push(corners[i], corners[(i + 1) % 4], col, 0, id);
    }
    this.extend(Float32Array.from([...apex, ...corners.flat()]));
  }

  /** The x/y/z axes (red/green/blue) of an entity's transform; picks the entity. */
  axes(path, model, size = 0.3) {
    const a = transformPoint(model, [0, 0, 0]);
    const id = this.picks.add(path, 1, false);
    this.lines.push(a, transformPoint(model, [size, 0, 0]), [255, 51, 51, 255], 0, id);
    this.lines.push(a, transformPoint(model, [0, size, 0]), [51, 255, 51, 255], 0, id);
    this.lines.push(a, transformPoint(model, [0, 0, size]), [77, 102, 255, 255], 0, id);
    this.extend(Float32Array.from(a));
  }

  /** A depth for image planes of pinholes without `image_plane_distance`: 5 % of the scene so far. */
  frustumDepth() {
    const b = this.bounds;
    if (!b || !(b.min[0] <= b.max[0])) return 1;
    return Math.max(0.1, length(sub(b.max, b.min)) * 0.05);
  }
}
