// Pinhole projection of 3D content into a camera's image space (pure math, no DOM): the pinhole
// of an entity, the matrix from an entity's space to the camera's RDF frame, and projection of
// points and polylines with culling / near-plane clipping behind the camera.

import { invert, multiply, identity } from "./mat4.js";
import { worldTransform } from "./transforms.js";
import { floats, numbers } from "../data/cells.js";
import { pathParts } from "../ui/layout.js";

/** Points closer to the camera plane than this (camera units along forward) are behind it. */
export const NEAR = 1e-4;

// ViewCoordinates direction codes (rerun.components.ViewCoordinates): axis letter → unit vector
// in RDF (x = right, y = down, z = forward).
const DIR_IN_RDF = { 1: [0, -1, 0], 2: [0, 1, 0], 3: [1, 0, 0], 4: [-1, 0, 0], 5: [0, 0, 1], 6: [0, 0, -1] };

/** The default camera orientation: X = Right, Y = Down, Z = Forward. */
export const RDF = [3, 2, 5];

/**
 * The pinhole logged at `path` in `data` (an EntityData), or null:
 * `{ path, K: Float64Array(9) column-major image_from_camera, resolution: [w, h] | null, xyz: [3 codes] }`.
 * Without a resolution, one is inferred from the principal point (2·cx, 2·cy) when positive.
 */
export function pinholeAt(data, path) {
  const kc = data.get(path, "Pinhole:image_from_camera");
  if (!kc) return null;
  const k = numbers(kc);
  if (k.length < 9) return null;
  const K = Float64Array.from(k.subarray(0, 9));
  const res = floats(data.get(path, "Pinhole:resolution"));
  let resolution = res.length >= 2 && res[0] > 0 && res[1] > 0 ? [res[0], res[1]] : null;
  if (!resolution && K[6] > 0 && K[7] > 0) resolution = [K[6] * 2, K[7] * 2];
  const xyzCell = numbers(data.get(path, "Pinhole:camera_xyz"));
  const xyz = xyzCell.length >= 3 ? [xyzCell[0], xyzCell[1], xyzCell[2]] : RDF;
  return { path, K, resolution, xyz };
}

/**
 * The nearest entity at or above `path` (itself first) for which `hasPinhole(p)` is true, or null.
 * The root "/" is considered last.
 */
export function pinholeOwner(path, hasPinhole) {
  const parts = pathParts(path);
  for (let n = parts.length; n >= 0; n--) {
    const p = n === 0 ? "/" : "/" + parts.slice(0, n).join("/");
    if (hasPinhole(p)) return p;
  }
  return null;
}

/**
 * The 4×4 (column-major) taking camera-entity coordinates in the `xyz` convention (ViewCoordinates
 * codes, e.g. FLU = [5, 4, 1]) to RDF camera coordinates. Identity for RDF. Returns identity for
 * invalid conventions (an axis used twice).
 */
export function rdfFromCamera(xyz) {
  const m = identity();
  const used = new Set();
  for (let i = 0; i < 3; i++) {
    const d = DIR_IN_RDF[xyz[i]];
    if (!d) return identity();
    const axis = d.findIndex((v) => v !== 0);
    if (used.has(axis)) return identity();
    used.add(axis);
    // column i of the matrix = where camera axis i points in RDF
    m[i * 4] = d[0]; m[i * 4 + 1] = d[1]; m[i * 4 + 2] = d[2];
  }
  return m;
}

/**
 * The matrix from `entityPath`'s space to the RDF camera frame of the pinhole at `pinhole.path`:
 * rdf_from_camera · inverse(root_from_pinhole) · root_from_entity (Transform3D chains from "/").
 * `memo` caches world transforms within one scene build. Null when the pinhole's pose is singular.
 */
export function cameraFromEntity(data, pinhole, entityPath, memo = new Map()) {
  const rootFromCam = worldTransform(data, pinhole.path, "/", memo);
  const camFromRoot = invert(rootFromCam);
  if (!camFromRoot) return null;
  return multiply(rdfFromCamera(pinhole.xyz), multiply(camFromRoot, worldTransform(data, entityPath, "/", memo)));
}

/** Applies a column-major 4×4 affine `m` to (x, y, z), writing into `out` (length ≥ 3). */
export function applyAffine(m, x, y, z, out) {
  out[0] = m[0] * x + m[4] * y + m[8] * z + m[12];
  out[1] = m[1] * x + m[5] * y + m[9] * z + m[13];
  out[2] = m[2] * x + m[6] * y + m[10] * z + m[14];
  return out;
}

/**
 * Projects an RDF camera-space point with the column-major intrinsics `K` into `out` as
 * [u, v, depth]; returns false (and leaves `out` unspecified) when the point is behind the camera.
 */
export function projectCameraPoint(K, x, y, z, out) {
  const w = K[2] * x + K[5] * y + K[8] * z;
  if (!(z > NEAR) || !(w > 0)) return false;
  out[0] = (K[0] * x + K[3] * y + K[6] * z) / w;
  out[1] = (K[1] * x + K[4] * y + K[7] * z) / w;
  out[2] = z;
  return true;
}

/**
 * Projects `count` points (xyz triples in `positions`) from entity space through `camFromEntity`
 * and `K`. Returns `{ uv: Float32Array(2k), depth: Float32Array(k), index: Uint32Array(k) }` for the
 * k points in front of the camera (`index` = the instance index of each kept point).
 */
export function projectPoints(K, camFromEntity, positions, count = Math.floor(positions.length / 3)) {
  const uv = new Float32Array(count * 2);
  const depth = new Float32Array(count);
  const index = new Uint32Array(count);
  const c = [0, 0, 0], o = [0, 0, 0];
  let k = 0;
  for (let i = 0; i < count; i++) {
    applyAffine(camFromEntity, positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2], c);
    if (!projectCameraPoint(K, c[0], c[1], c[2], o)) continue;
    uv[k * 2] = o[0]; uv[k * 2 + 1] = o[1]; depth[k] = o[2]; index[k] = i;
    k++;
  }
  return { uv: uv.subarray(0, k * 2), depth: depth.subarray(0, k), index: index.subarray(0, k) };
}

/**
 * Clips the camera-space segment a→b (3-arrays) to the part in front of the near plane. Returns
 * [a', b'] (new arrays) or null when the whole segment is behind the camera.
 */
export function clipSegment(a, b) {
  const ina = a[2] > NEAR, inb = b[2] > NEAR;
  if (ina && inb) return [a, b];
  if (!ina && !inb) return null;
  const t = (NEAR * 2 - a[2]) / (b[2] - a[2]);
  const p = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, NEAR * 2];
  return ina ? [a, p] : [p, b];
}

/**
 * Projects a 3D polyline (xyz triples) into image space, clipped at the near plane. Returns a list
 * of 2D polylines (Float32Array of u, v pairs; a strip that crosses behind the camera splits) and
 * the mean depth of the kept vertices (`depth`, NaN when nothing is kept).
 */
export function projectPolyline(K, camFromEntity, pts, closed = false) {
  const n = Math.floor(pts.length / 3);
  const cam = [];
  for (let i = 0; i < n; i++) cam.push(applyAffine(camFromEntity, pts[i * 3], pts[i * 3 + 1], pts[i * 3 + 2], [0, 0, 0]));
  if (closed && n > 2) cam.push(cam[0]);
  const out = [];
  let cur = null;
  let depthSum = 0, depthN = 0;
  const o = [0, 0, 0];
  const push = (p) => {
    if (!projectCameraPoint(K, p[0], p[1], p[2], o)) return false;
    cur.push(o[0], o[1]);
    depthSum += o[2]; depthN++;
    return true;
  };
  for (let i = 0; i + 1 < cam.length; i++) {
    const seg = clipSegment(cam[i], cam[i + 1]);
    if (!seg) { if (cur && cur.length >= 4) out.push(Float32Array.from(cur)); cur = null; continue; }
    if (!cur || seg[0] !== cam[i]) {
      if (cur && cur.length >= 4) out.push(Float32Array.from(cur));
      cur = [];
      push(seg[0]);
    }
    push(seg[1]);
    if (seg[1] !== cam[i + 1]) { if (cur.length >= 4) out.push(Float32Array.from(cur)); cur = null; }
  }
  if (cur && cur.length >= 4) out.push(Float32Array.from(cur));
  if (n === 1) {
    // a single vertex: a degenerate strip, kept when in front of the camera
    cur = [];
    if (push(cam[0])) out.push(Float32Array.from([...cur, ...cur]));
  }
  return { lines: out, depth: depthN ? depthSum / depthN : NaN };
}

/** The 8 corners (xyz triples, Float32Array(24)) of a box from its center and half sizes; bit i of the corner index picks ± on axis i. */
export function boxCorners(c, h) {
  const out = new Float32Array(24);
  for (let i = 0; i < 8; i++) {
    out[i * 3] = c[0] + (i & 1 ? h[0] : -h[0]);
    out[i * 3 + 1] = c[1] + (i & 2 ? h[1] : -h[1]);
    out[i * 3 + 2] = c[2] + (i & 4 ? h[2] : -h[2]);
  }
  return out;
}

/** Corner-index pairs of a box's 12 edges (see boxCorners). */
export const BOX_EDGES = [[0, 1], [2, 3], [4, 5], [6, 7], [0, 2], [1, 3], [4, 6], [5, 7], [0, 4], [1, 5], [2, 6], [3, 7]];
