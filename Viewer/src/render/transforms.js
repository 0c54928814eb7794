// Transform3D along the entity tree: the matrix from each entity's space to a view origin's space.

import { ENUMS } from "../data/generated/registry.js";
import { floats, scalar } from "../data/cells.js";
import { fromAxisAngle, fromMat3, fromQuaternion, identity, invert, multiply, scaling, translation } from "./mat4.js";
import { isUnder, pathParts } from "../ui/layout.js";

const CHILD_FROM_PARENT = ENUMS["rerun.components.TransformRelation"].ChildFromParent;

/**
 * The local transform of one entity (parent ← entity) from its Transform3D cells in `data`
 * (an EntityData), as translation · mat3x3 · rotation · scale; inverted for ChildFromParent.
 * Identity when the entity has no transform.
 */
export function localTransform(data, path) {
  const get = (f) => data.get(path, `Transform3D:${f}`);
  let m = identity();
  let any = false;
  const t = get("translation");
  if (t) { const v = floats(t); if (v.length >= 3) { m = multiply(m, translation(v)); any = true; } }
  const m3 = get("mat3x3");
  if (m3) { const v = floats(m3); if (v.length >= 9) { m = multiply(m, fromMat3(v)); any = true; } }
  const q = get("quaternion");
  if (q) { const v = floats(q); if (v.length >= 4) { m = multiply(m, fromQuaternion(v)); any = true; } }
  const aa = get("rotation_axis_angle");
  if (aa && aa.kind === "json") {
    const j = Array.isArray(aa.json) ? aa.json[0] : aa.json;
    const angle = typeof j?.angle === "object" && j.angle !== null ? Object.values(j.angle)[0] : j?.angle;
    if (j && Array.isArray(j.axis) && Number.isFinite(angle)) { m = multiply(m, fromAxisAngle(j.axis, angle)); any = true; }
  }
  const s = get("scale");
  if (s) { const v = floats(s); if (v.length >= 3) { m = multiply(m, scaling(v)); any = true; } }
  if (any && scalar(get("relation")) === CHILD_FROM_PARENT) m = invert(m) ?? identity();
  return m;
}

/**
 * World (view origin) matrix of `path`: product of local transforms from below `origin` down to
 * `path` (the origin's own transform is not applied). Cached per call through `memo`.
 */
export function worldTransform(data, path, origin = "/", memo = new Map()) {
  if (memo.has(path)) return memo.get(path);
  let m;
  if (path === origin || !isUnder(path, origin) || path === "/") {
    m = identity();
  } else {
    const parts = pathParts(path);
    const parent = parts.length <= 1 ? "/" : "/" + parts.slice(0, -1).join("/");
    m = multiply(worldTransform(data, parent, origin, memo), localTransform(data, path));
  }
  memo.set(path, m);
  return m;
}

/** All ancestors of a path, root first ("/a/b/c" → ["/", "/a", "/a/b"]). */
export function ancestors(path) {
  const parts = pathParts(path);
  const out = ["/"];
  for (let i = 1; i < parts.length; i++) out.push("/" + parts.slice(0, i).join("/"));
  return out;
}

const VIEW_DIR = { 1: "Up", 2: "Down", 3: "Right", 4: "Left", 5: "Forward", 6: "Back" };

/** The world up axis ("+Z", "-Y", …) from a ViewCoordinates xyz triple, or null. */
export function upAxisFromViewCoordinates(xyz) {
  if (!xyz || xyz.length < 3) return null;
  for (let i = 0; i < 3; i++) {
    const d = VIEW_DIR[xyz[i]];
    if (d === "Up") return "+" + "XYZ"[i];
    if (d === "Down") return "-" + "XYZ"[i];
  }
  return null;
}
