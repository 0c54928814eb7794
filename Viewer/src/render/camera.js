// Orbit camera: a target point, a distance, yaw and pitch around a world up axis.

import { add, cross, dot, length, lookAt, multiply, normalize, perspective, scale, sub, transformPoint4 } from "./mat4.js";

/** Unit vector for a ViewCoordinates up axis name such as "+Z" / "-Y". */
export function upVector(axis = "+Z") {
  const s = axis[0] === "-" ? -1 : 1;
  const i = "XYZ".indexOf(axis[axis.length - 1].toUpperCase());
  const v = [0, 0, 0];
  v[i < 0 ? 2 : i] = s;
  return v;
}

/** An orbiting perspective camera. Mutable; every change bumps `version`. */
export class OrbitCamera {
  constructor({ target = [0, 0, 0], distance = 10, yaw = Math.PI / 4, pitch = 0.5, up = [0, 0, 1], fovY = Math.PI / 4 } = {}) {
    this.target = [...target];
    this.distance = distance;
    this.yaw = yaw;
    this.pitch = pitch;
    this.up = normalize(up);
    this.fovY = fovY;
    this.version = 0;
  }

  /** Two horizontal basis vectors perpendicular to `up`. */
  basis() {
    const u = this.up;
    const ref = Math.abs(u[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
    const a = normalize(sub(ref, scale(u, dot(ref, u))));
    const b = cross(u, a);
    return [a, b, u];
  }

  /** Camera position in world space. */
  eye() {
    const [a, b, u] = this.basis();
    const cp = Math.cos(this.pitch);
    const dir = add(add(scale(a, cp * Math.cos(this.yaw)), scale(b, cp * Math.sin(this.yaw))), scale(u, Math.sin(this.pitch)));
    return add(this.target, scale(dir, this.distance));
  }

  view() {
    return lookAt(this.eye(), this.target, this.up);
  }

  projection(aspect) {
    const near = Math.max(this.distance * 1e-3, 1e-4);
    const far = this.distance * 1e3 + 1;
    return perspective(this.fovY, aspect, near, far);
  }

  /** projection × view. */
  viewProjection(aspect) {
    return multiply(this.projection(aspect), this.view());
  }

  /** Rotates by pixel deltas (`speed` radians per pixel). */
  orbit(dx, dy, speed = 0.008) {
    this.yaw -= dx * speed;
    const lim = Math.PI / 2 - 1e-3;
    this.pitch = Math.min(lim, Math.max(-lim, this.pitch + dy * speed));
    this.version++;
  }

  /** Moves target and eye in the screen plane by pixel deltas on a viewport of height `heightPx`. */
  pan(dx, dy, heightPx) {
    const eye = this.eye();
    const fwd = normalize(sub(this.target, eye));
    const right = normalize(cross(fwd, this.up));
    const camUp = cross(right, fwd);
    const worldPerPx = (2 * this.distance * Math.tan(this.fovY / 2)) / Math.max(heightPx, 1);
    this.target = add(this.target, add(scale(right, -dx * worldPerPx), scale(camUp, dy * worldPerPx)));
    this.version++;
  }

  /** Multiplies the distance by `factor` (< 1 zooms in). */
  zoom(factor) {
    this.distance = Math.min(1e9, Math.max(1e-6, this.distance * factor));
    this.version++;
  }

  /** Frames an axis-aligned box [min, max] so it fills the view. */
  frame(min, max, aspect = 1) {
    if (!min || !max || !(min.every(Number.isFinite) && max.every(Number.isFinite))) return;
    this.target = scale(add(min, max), 0.5);
    const radius = Math.max(length(sub(max, min)) / 2, 1e-3);
    const fov = Math.min(this.fovY, 2 * Math.atan(Math.tan(this.fovY / 2) * aspect));
    this.distance = (radius / Math.sin(fov / 2)) * 1.3;
    this.version++;
  }

  /** Projects a world point to pixel coordinates on a w × h viewport (y down); null if behind. */
  project(p, w, h) {
    const c = transformPoint4(this.viewProjection(w / h), p);
    if (c[3] <= 0) return null;
    return [((c[0] / c[3] + 1) / 2) * w, ((1 - c[1] / c[3]) / 2) * h, c[2] / c[3]];
  }
}

/** Grows a bounding box `{min, max}` by the xyz triples in `positions` (Float32Array), transformed by `m`. */
export function extendBounds(bounds, positions, m = null, stride = 3) {
  const b = bounds ?? { min: [Infinity, Infinity, Infinity], max: [-Infinity, -Infinity, -Infinity] };
  const n = Math.floor(positions.length / stride);
  const step = Math.max(1, Math.floor(n / 100000));
  for (let i = 0; i < n; i += step) {
    let x = positions[i * stride];
    let y = positions[i * stride + 1];
    let z = stride > 2 ? positions[i * stride + 2] : 0;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) continue;
    if (m) {
      const tx = m[0] * x + m[4] * y + m[8] * z + m[12];
      const ty = m[1] * x + m[5] * y + m[9] * z + m[13];
      const tz = m[2] * x + m[6] * y + m[10] * z + m[14];
      x = tx; y = ty; z = tz;
    }
    if (x < b.min[0]) b.min[0] = x;
    if (y < b.min[1]) b.min[1] = y;
    if (z < b.min[2]) b.min[2] = z;
    if (x > b.max[0]) b.max[0] = x;
    if (y > b.max[1]) b.max[1] = y;
    if (z > b.max[2]) b.max[2] = z;
  }
  return b;
}
