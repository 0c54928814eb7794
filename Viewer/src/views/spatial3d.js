// Spatial 3D view (WebGL2): points, line strips, boxes, arrows, meshes, pinhole frustums, grid and
// axes, with Transform3D along the entity tree and the ViewCoordinates up axis. Orbit (left drag),
// pan (right/shift drag), zoom (wheel), double-click re-frames. GPU buffers are cached by cell key,
// so orbiting only issues draw calls; scene geometry is rebuilt only when data changes.

import { OrbitCamera, extendBounds, upVector } from "../render/camera.js";
import { BufferCache, program } from "../render/gl.js";
import { add, fromAxisAngle, identity, multiply, scale as vscale, sub, transformPoint, normalize, cross, length } from "../render/mat4.js";
import { ancestors, upAxisFromViewCoordinates, worldTransform } from "../render/transforms.js";
import { annotationsFor, instanceColors, unpackColors } from "../data/annotations.js";
import { blobBytes, floats, jsonValue, numbers } from "../data/cells.js";
import { decodeImage } from "../data/image.js";
import { isUnder } from "../ui/layout.js";
import { el } from "../ui/dom.js";

const POINT_VS = `#version 300 es
in vec3 aPos; in vec4 aColor; in float aRadius;
uniform mat4 uViewProj; uniform mat4 uModel; uniform float uPxPerUnit; uniform float uSwizzle;
out vec4 vColor;
void main() {
  vec4 clip = uViewProj * uModel * vec4(aPos, 1.0);
  gl_Position = clip;
  float px = aRadius >= 0.0 ? aRadius * 2.0 * uPxPerUnit / max(clip.w, 1e-6) : -aRadius * 2.0;
  gl_PointSize = clamp(px, 1.5, 64.0);
  vColor = uSwizzle > 0.5 ? aColor.abgr : aColor;
}`;
const POINT_FS = `#version 300 es
precision mediump float;
in vec4 vColor; out vec4 outColor;
void main() {
  vec2 d = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(d, d);
  if (r2 > 1.0) discard;
  outColor = vec4(vColor.rgb * (1.0 - 0.25 * r2), vColor.a);
}`;
const LINE_VS = `#version 300 es
in vec3 aPos; in vec4 aColor;
uniform mat4 uViewProj;
out vec4 vColor;
void main() { gl_Position = uViewProj * vec4(aPos, 1.0); vColor = aColor; }`;
const LINE_FS = `#version 300 es
precision mediump float;
in vec4 vColor; out vec4 outColor;
void main() { outColor = vColor; }`;
const MESH_VS = `#version 300 es
in vec3 aPos; in vec3 aNormal; in vec4 aColor;
uniform mat4 uViewProj; uniform mat4 uModel;
out vec4 vColor; out vec3 vNormal;
void main() { gl_Position = uViewProj * uModel * vec4(aPos, 1.0); vNormal = mat3(uModel) * aNormal; vColor = aColor; }`;
const MESH_FS = `#version 300 es
precision mediump float;
in vec4 vColor; in vec3 vNormal; out vec4 outColor;
uniform vec3 uLight;
void main() {
  vec3 n = normalize(vNormal);
  float l = 0.35 + 0.65 * abs(dot(n, normalize(uLight)));
  outColor = vec4(vColor.rgb * l, vColor.a);
}`;

const QUAD_VS = `#version 300 es
in vec3 aPos; in vec2 aUV;
uniform mat4 uViewProj;
out vec2 vUV;
void main() { gl_Position = uViewProj * vec4(aPos, 1.0); vUV = aUV; }`;
const QUAD_FS = `#version 300 es
precision mediump float;
in vec2 vUV; out vec4 outColor;
uniform sampler2D uTex; uniform float uOpacity;
void main() { vec4 c = texture(uTex, vUV); outColor = vec4(c.rgb, c.a * uOpacity); }`;

const DEFAULT_POINT_PX = -2.5;
const SMALL_POINTS = 4096;
const MOVING_POINT_BUDGET = 50000;
// The 6 faces of a box as corner indices (corner i has x = bit 0, y = bit 1, z = bit 2), counter-clockwise from outside.
const BOX_FACES = [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]];
const SETTLE_MS = 150;

/** The entity path and instance index of point `i` of a draw item (batched items list their parts). */
function batchEntry(it, i) {
  if (!it.batch) return { path: it.path, index: i };
  for (const [path, n] of it.batch) {
    if (i < n) return { path, index: i };
    i -= n;
  }
  return { path: "?", index: i };
}

/** The mean axis scale of an affine matrix (for radii of pre-transformed points). */
function uniformScale(m) {
  return (Math.hypot(m[0], m[1], m[2]) + Math.hypot(m[4], m[5], m[6]) + Math.hypot(m[8], m[9], m[10])) / 3;
}

/** The 3D view. */
export class Spatial3DView {
  constructor(app, spec, element) {
    this.app = app;
    this.spec = spec;
    this.element = element;
    this.canvas = el("canvas", { class: "gl" });
    this.overlay = el("canvas", { class: "overlay" });
    element.append(this.canvas, this.overlay);
    this.gl = this.canvas.getContext("webgl2", { antialias: false, preserveDrawingBuffer: true });
    this.camera = new OrbitCamera();
    this.framed = false;
    this.userMoved = false;
    this.items = null;
    this.labels = [];
    this.bounds = null;
    this.sceneVersion = -1;
    if (!this.gl) {
      element.append(el("div", { class: "empty" }, "WebGL2 is not available"));
      return;
    }
    const gl = this.gl;
    this.points = program(gl, POINT_VS, POINT_FS);
    this.lines = program(gl, LINE_VS, LINE_FS);
    this.meshes = program(gl, MESH_VS, MESH_FS);
    this.quads = program(gl, QUAD_VS, QUAD_FS);
    this.textures = new Map();
    this.quadBuf = gl.createBuffer();
    this.cache = new BufferCache(gl);
    this.vao = gl.createVertexArray();
    this.lineBuf = gl.createBuffer();
    this.lineColorBuf = gl.createBuffer();
    this.installControls();
  }

  /** Entities this view needs at the cursor: its entities, everything under its origin, and ancestors. */
  entities() {
    const set = new Set();
    for (const e of this.app.tree) if (isUnder(e.path, this.spec.origin) || this.spec.entities.includes(e.path)) set.add(e.path);
    for (const p of [...set]) for (const a of ancestors(p)) if (this.app.treeByPath.has(a)) set.add(a);
    return [...set];
  }

  installControls() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener("contextmenu", (e) => e.preventDefault());
    c.addEventListener("pointerdown", (e) => {
      drag = { x: e.clientX, y: e.clientY, pan: e.button === 2 || e.shiftKey || e.button === 1 };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener("pointermove", (e) => {
      if (!drag) {
        const now = performance.now();
        if (now - (this.lastPick ?? 0) < 50) return;
        this.lastPick = now;
        const hit = this.pick(e.offsetX, e.offsetY);
        if ((hit?.path ?? null) !== (this.hovered?.path ?? null) || hit?.index !== this.hovered?.index) {
          this.hovered = hit;
          this.app.requestRender(this);
        }
        return;
      }
      drag.moved = true;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      drag.x = e.clientX; drag.y = e.clientY;
      if (drag.pan) this.camera.pan(dx, dy, c.clientHeight);
      else this.camera.orbit(dx, dy);
      this.userMoved = true;
      this.cameraMoved();
    });
    c.addEventListener("pointerup", () => {
      if (drag && !drag.moved && this.hovered) this.app.select(this.hovered.path, this.hovered.index);
      drag = null;
    });
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      this.camera.zoom(Math.exp(e.deltaY * 0.001));
      this.userMoved = true;
      this.cameraMoved();
    }, { passive: false });
    c.addEventListener("dblclick", () => {
      this.frameScene();
      this.app.requestRender(this);
    });
  }

  /** Draws the next frames in "moving" quality, then one full frame once the camera settles. */
  cameraMoved() {
    this.moving = true;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.moving = false;
      this.app.requestRender(this);
    }, SETTLE_MS);
    this.app.requestRender(this);
  }

  /** Re-frames the camera on the scene bounds. */
  frameScene() {
    if (!this.bounds) return;
    this.camera.frame(this.bounds.min, this.bounds.max, this.aspect());
    this.framed = true;
  }

  aspect() {
    return Math.max(1, this.canvas.clientWidth) / Math.max(1, this.canvas.clientHeight);
  }

  onData() {
    this.sceneVersion = -1;
  }

  /** Builds draw items from the entity data (only when data changed). */
  buildScene() {
    const data = this.app.data;
    const hidden = this.app.hidden;
    const origin = this.spec.origin;
    const memo = new Map();
    const items = [];
    const lines = [];
    const lineColors = [];
    const labels = [];
    let bounds = null;
    const small = { pos: [], col: [], rad: [], paths: [] };
    const solid = { pos: [], nrm: [], col: [], idx: [] };
    this.cache.begin();
    let up = null;
    for (const p of [origin, ...ancestors(origin).reverse(), "/"]) {
      const vc = data.get(p, "ViewCoordinates:xyz");
      if (vc) { up = upAxisFromViewCoordinates(numbers(vc)); if (up) break; }
    }
    const upAxis = up ?? "+Z";
    if (this.upAxis !== upAxis) {
      this.upAxis = upAxis;
      this.camera.up = upVector(upAxis);
      this.framed = false;
    }
    const pushLine = (a, b, rgba) => {
      lines.push(a[0], a[1], a[2], b[0], b[1], b[2]);
      lineColors.push(...rgba, ...rgba);
    };
    for (const path of this.entities()) {
      if (hidden.has(path) || [...ancestors(path)].some((a) => hidden.has(a))) continue;
      const cells = data.cells(path);
      if (!cells.size) continue;
      const model = worldTransform(data, path, origin, memo);
      const ann = data.get(path, "Points3D:class_ids") || data.get(path, "Boxes3D:class_ids") ? annotationsFor(data, path) : null;
      // Points: large clouds get their own cached GPU buffers; small ones are merged into one batch.
      const pos = data.get(path, "Points3D:positions");
      if (pos && pos.count > 0 && pos.count <= SMALL_POINTS) {
        const p = floats(pos);
        const colors = instanceColors(data, path, "Points3D", pos.count, ann);
        const radii = floats(data.get(path, "Points3D:radii"));
        for (let i = 0; i < pos.count; i++) {
          const w = transformPoint(model, [p[i * 3], p[i * 3 + 1], p[i * 3 + 2]]);
          small.pos.push(w[0], w[1], w[2]);
          small.col.push(colors[i * 4], colors[i * 4 + 1], colors[i * 4 + 2], colors[i * 4 + 3]);
          const r = radii.length ? radii[Math.min(i, radii.length - 1)] : DEFAULT_POINT_PX;
          small.rad.push(r > 0 ? r * uniformScale(model) : r);
        }
        small.paths.push([path, pos.count]);
        bounds = extendBounds(bounds, p, model);
        this.collectLabels(labels, data, path, "Points3D", p, 3, model);
      } else if (pos && pos.count > 0) {
        const n = pos.count;
        const p = floats(pos);
        const posBuf = this.cache.get(`${pos.key}:pos`, () => p);
        const colorsCell = data.get(path, "Points3D:colors");
        let colorBuf = null, constColor = null, swizzle = false;
        if (colorsCell && colorsCell.kind === "numeric" && colorsCell.count === n && n > 1) {
          colorBuf = this.cache.get(`${colorsCell.key}:rgba`, () => new Uint8Array(colorsCell.data.buffer, colorsCell.data.byteOffset, n * 4));
          swizzle = true;
        } else if (!colorsCell && data.get(path, "Points3D:class_ids")?.count === n && n > 1) {
          const cls = data.get(path, "Points3D:class_ids");
          colorBuf = this.cache.get(`${cls.key}:cls:${pos.count}`, () => instanceColors(data, path, "Points3D", n, ann));
        } else {
          const c = instanceColors(data, path, "Points3D", 1, ann);
          constColor = [c[0] / 255, c[1] / 255, c[2] / 255, c[3] / 255];
        }
        const radiiCell = data.get(path, "Points3D:radii");
        let radiusBuf = null, constRadius = DEFAULT_POINT_PX;
        if (radiiCell && radiiCell.count === n && n > 1) radiusBuf = this.cache.get(`${radiiCell.key}:r`, () => floats(radiiCell));
        else if (radiiCell && radiiCell.count >= 1) constRadius = floats(radiiCell)[0];
        items.push({ kind: "points", model, posBuf, count: n, colorBuf, constColor, swizzle, radiusBuf, constRadius, path });
        bounds = extendBounds(bounds, p, model);
        this.collectLabels(labels, data, path, "Points3D", p, 3, model);
      }
      // Line strips
      const strips = data.get(path, "LineStrips3D:strips");
      if (strips && strips.kind === "numeric" && strips.offsets) {
        const v = floats(strips);
        const colors = instanceColors(data, path, "LineStrips3D", strips.count, ann);
        for (let s = 0; s < strips.count; s++) {
          const c = norm(colors.subarray(s * 4, s * 4 + 4));
          for (let i = strips.offsets[s]; i + 1 < strips.offsets[s + 1]; i++) {
            pushLine(transformPoint(model, v.subarray(i * 3, i * 3 + 3)), transformPoint(model, v.subarray(i * 3 + 3, i * 3 + 6)), c);
          }
        }
        bounds = extendBounds(bounds, v, model);
      }
      // Boxes
      const half = data.get(path, "Boxes3D:half_sizes");
      if (half && half.count > 0) {
        const h = floats(half);
        const centers = floats(data.get(path, "Boxes3D:centers"));
        const quats = floats(data.get(path, "Boxes3D:quaternions"));
        const fill = data.scalar(path, "Boxes3D:fill_mode", 1);
        const aaCell = data.get(path, "Boxes3D:rotation_axis_angles");
        const axisAngles = aaCell?.kind === "json" && Array.isArray(aaCell.json)
          ? aaCell.json.map((j) => (j && Array.isArray(j.axis) && Number.isFinite(j.angle) ? fromAxisAngle(j.axis, j.angle) : null)) : [];
        const colors = instanceColors(data, path, "Boxes3D", half.count, ann);
        for (let b = 0; b < half.count; b++) {
          const hs = [h[b * 3], h[b * 3 + 1], h[b * 3 + 2]];
          const ctr = centers.length >= 3 ? [...centers.subarray(Math.min(b, centers.length / 3 - 1) * 3, Math.min(b, centers.length / 3 - 1) * 3 + 3)] : [0, 0, 0];
          const q = quats.length >= 4 ? [...quats.subarray(Math.min(b, quats.length / 4 - 1) * 4, Math.min(b, quats.length / 4 - 1) * 4 + 4)] : null;
          const aa = axisAngles[Math.min(b, axisAngles.length - 1)];
          const corners = [];
          for (let i = 0; i < 8; i++) {
            let c = [(i & 1 ? 1 : -1) * hs[0], (i & 2 ? 1 : -1) * hs[1], (i & 4 ? 1 : -1) * hs[2]];
            if (q) c = rotateByQuat(q, c);
            if (aa) c = transformPoint(aa, c);
            corners.push(transformPoint(model, add(c, ctr)));
          }
          const col = norm(colors.subarray(b * 4, b * 4 + 4));
          if (fill === 3 || fill === 4) {
            // faces as triangles (normals per face); transparent fill for mode 4
            const alpha = fill === 4 ? 0.35 : 1;
            for (const [a, bb, c, d] of BOX_FACES) {
              const n = normalize(cross(sub(corners[bb], corners[a]), sub(corners[d], corners[a])));
              const base = solid.pos.length / 3;
              for (const k of [a, bb, c, d]) {
                solid.pos.push(...corners[k]);
                solid.nrm.push(...n);
                solid.col.push(col[0] * 255, col[1] * 255, col[2] * 255, alpha * col[3] * 255);
              }
              solid.idx.push(base, base + 1, base + 2, base, base + 2, base + 3);
            }
          }
          for (const [i, j] of [[0, 1], [2, 3], [4, 5], [6, 7], [0, 2], [1, 3], [4, 6], [5, 7], [0, 4], [1, 5], [2, 6], [3, 7]]) pushLine(corners[i], corners[j], col);
          bounds = extendBounds(bounds, Float32Array.from(corners.flat()));
        }
        this.collectLabels(labels, data, path, "Boxes3D", centers.length ? centers : new Float32Array(half.count * 3), 3, model);
      }
      // Arrows
      const vecs = data.get(path, "Arrows3D:vectors");
      if (vecs && vecs.count > 0) {
        const v = floats(vecs);
        const o = floats(data.get(path, "Arrows3D:origins"));
        const colors = instanceColors(data, path, "Arrows3D", vecs.count, ann);
        for (let i = 0; i < vecs.count; i++) {
          const from = o.length >= 3 ? [...o.subarray(Math.min(i, o.length / 3 - 1) * 3, Math.min(i, o.length / 3 - 1) * 3 + 3)] : [0, 0, 0];
          const vec = [v[i * 3], v[i * 3 + 1], v[i * 3 + 2]];
          const to = add(from, vec);
          const col = norm(colors.subarray(i * 4, i * 4 + 4));
          const a = transformPoint(model, from), b = transformPoint(model, to);
          pushLine(a, b, col);
          const dir = normalize(sub(b, a));
          const len = length(sub(b, a)) * 0.15;
          const side = normalize(cross(dir, Math.abs(dir[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0]));
          pushLine(b, add(sub(b, vscale(dir, len)), vscale(side, len * 0.5)), col);
          pushLine(b, sub(sub(b, vscale(dir, len)), vscale(side, len * 0.5)), col);
          bounds = extendBounds(bounds, Float32Array.from([...a, ...b]));
        }
      }
      // Meshes
      const mv = data.get(path, "Mesh3D:vertex_positions");
      if (mv && mv.count > 0) {
        const item = this.buildMesh(data, path, mv, model);
        if (item) items.push(item);
        bounds = extendBounds(bounds, floats(mv), model);
      }
      // Pinhole frustum
      const pin = data.get(path, "Pinhole:image_from_camera");
      if (pin) {
        const k = floats(pin);
        const res = floats(data.get(path, "Pinhole:resolution"));
        const w = res[0] || k[6] * 2 || 1, hgt = res[1] || k[7] * 2 || 1;
        const d = data.scalar(path, "Pinhole:image_plane_distance", null) ?? frustumDepth(bounds);
        const fx = k[0] || 1, fy = k[4] || 1, cx = k[6], cy = k[7];
        const corners = [[0, 0], [w, 0], [w, hgt], [0, hgt]].map(([u, vv]) => transformPoint(model, [((u - cx) / fx) * d, ((vv - cy) / fy) * d, d]));
        const apex = transformPoint(model, [0, 0, 0]);
        const col = [0.8, 0.8, 0.8, 1];
        for (let i = 0; i < 4; i++) { pushLine(apex, corners[i], col); pushLine(corners[i], corners[(i + 1) % 4], col); }
        const tex = this.pinholeImage(data, path, w, hgt);
        if (tex) items.push({ kind: "quad", tex, corners, opacity: 1 });
        bounds = extendBounds(bounds, Float32Array.from([...apex, ...corners.flat()]));
      }
      // Transform axes
      if (data.has(path, "Transform3D") && path !== origin) {
        const a = transformPoint(model, [0, 0, 0]);
        const size = 0.3;
        pushLine(a, transformPoint(model, [size, 0, 0]), [1, 0.2, 0.2, 1]);
        pushLine(a, transformPoint(model, [0, size, 0]), [0.2, 1, 0.2, 1]);
        pushLine(a, transformPoint(model, [0, 0, size]), [0.3, 0.4, 1, 1]);
        bounds = extendBounds(bounds, Float32Array.from(a));
      }
    }
    if (small.pos.length) {
      const gl = this.gl;
      const bufs = this.smallBufs ?? (this.smallBufs = [gl.createBuffer(), gl.createBuffer(), gl.createBuffer()]);
      gl.bindBuffer(gl.ARRAY_BUFFER, bufs[0]);
      gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(small.pos), gl.DYNAMIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, bufs[1]);
      gl.bufferData(gl.ARRAY_BUFFER, new Uint8Array(small.col), gl.DYNAMIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, bufs[2]);
      gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(small.rad), gl.DYNAMIC_DRAW);
      items.push({ kind: "points", model: identity(), posBuf: bufs[0], count: small.pos.length / 3, colorBuf: bufs[1], swizzle: false, radiusBuf: bufs[2], batch: small.paths, positions: new Float32Array(small.pos) });
    }
    if (solid.idx.length) {
      const gl = this.gl;
      const bufs = this.solidBufs ?? (this.solidBufs = [gl.createBuffer(), gl.createBuffer(), gl.createBuffer(), gl.createBuffer()]);
      const upload = (buf, arr, target = gl.ARRAY_BUFFER) => { gl.bindBuffer(target, buf); gl.bufferData(target, arr, gl.DYNAMIC_DRAW); };
      upload(bufs[0], new Float32Array(solid.pos));
      upload(bufs[1], new Float32Array(solid.nrm));
      upload(bufs[2], new Uint8Array(solid.col));
      upload(bufs[3], new Uint32Array(solid.idx), gl.ELEMENT_ARRAY_BUFFER);
      items.push({ kind: "mesh", model: identity(), posBuf: bufs[0], normalBuf: bufs[1], colorBuf: bufs[2], indexBuf: bufs[3], count: solid.idx.length });
    }
    this.cache.sweep();
    for (const [k, t] of this.textures) if (t.used !== this.cache.generation) { this.gl.deleteTexture(t.tex); this.textures.delete(k); }
    // Grid on the plane perpendicular to up, sized from the bounds.
    const grid = this.gridLines(bounds);
        this.items = items;
    this.gridData = grid;
    this.lineData = { positions: new Float32Array(lines), colors: new Float32Array(lineColors) };
    this.labels = labels;
    this.bounds = bounds && bounds.min[0] <= bounds.max[0] ? bounds : null;
    // Until the user moves the camera, frame everything seen so far (scrubbing keeps it all in view).
    if (!this.userMoved && this.bounds) {
      const seen = this.seenBounds;
      const grown = !seen || this.bounds.min.some((v, i) => v < seen.min[i]) || this.bounds.max.some((v, i) => v > seen.max[i]);
      if (grown || !this.framed) {
        this.seenBounds = seen ? { min: seen.min.map((v, i) => Math.min(v, this.bounds.min[i])), max: seen.max.map((v, i) => Math.max(v, this.bounds.max[i])) } : { min: [...this.bounds.min], max: [...this.bounds.max] };
        this.camera.frame(this.seenBounds.min, this.seenBounds.max, this.aspect());
        this.framed = true;
      }
    }
  }

  gridLines(bounds) {
    const up = upVector(this.upAxis ?? "+Z");
    const axis = up.findIndex((v) => v !== 0);
    const [i, j] = [[1, 2], [0, 2], [0, 1]][axis];
    let extent = 10;
    if (bounds && bounds.min[0] <= bounds.max[0]) {
      extent = Math.max(...bounds.max.map(Math.abs), ...bounds.min.map(Math.abs)) * 1.5 || 10;
    }
    const step = 10 ** Math.round(Math.log10(extent / 10));
    const n = Math.min(50, Math.ceil(extent / step));
    const pos = [];
    const col = [];
    for (let k = -n; k <= n; k++) {
      const a = [0, 0, 0], b = [0, 0, 0], c = [0, 0, 0], d = [0, 0, 0];
      a[i] = k * step; a[j] = -n * step; b[i] = k * step; b[j] = n * step;
      c[j] = k * step; c[i] = -n * step; d[j] = k * step; d[i] = n * step;
      pos.push(...a, ...b, ...c, ...d);
      const g = k === 0 ? 0.45 : 0.25;
      for (let r = 0; r < 4; r++) col.push(g, g, g, 1);
    }
    return { positions: new Float32Array(pos), colors: new Float32Array(col) };
  }

  buildMesh(data, path, mv, model) {
    const gl = this.gl;
    const n = mv.count;
    const pos = floats(mv);
    const idxCell = data.get(path, "Mesh3D:triangle_indices");
    const indices = idxCell ? Uint32Array.from(numbers(idxCell)) : Uint32Array.from({ length: n - (n % 3) }, (_, i) => i);
    let normals = floats(data.get(path, "Mesh3D:vertex_normals"));
    if (normals.length !== n * 3) normals = computeNormals(pos, indices);
    const vcolors = data.get(path, "Mesh3D:vertex_colors");
    let colors;
    if (vcolors && vcolors.kind === "numeric" && vcolors.count >= n) colors = unpackColors(vcolors.data, n);
    else {
      const albedo = data.scalar(path, "Mesh3D:albedo_factor", null);
      colors = new Uint8Array(n * 4);
      const c = albedo !== null ? unpackColors([albedo], 1) : instanceColors(data, path, "Mesh3D", 1);
      for (let i = 0; i < n; i++) colors.set(c, i * 4);
    }
    const key = mv.key;
    return {
      kind: "mesh",
      model,
      posBuf: this.cache.get(`${key}:mpos`, () => pos),
      normalBuf: this.cache.get(`${key}:mnorm:${normals.length}`, () => normals),
      colorBuf: this.cache.get(`${key}:mcol:${vcolors?.key}`, () => colors),
      indexBuf: this.cache.get(`${key}:midx:${idxCell?.key}`, () => indices, gl.ELEMENT_ARRAY_BUFFER),
      count: indices.length,
    };
  }

  /** A texture for the first RGB/L image directly under a pinhole entity (shown on its image plane). */
  pinholeImage(data, pinPath, w, h) {
    for (const e of this.app.tree) {
      if (!e.path.startsWith(pinPath + "/") || e.path.slice(pinPath.length + 1).includes("/")) continue;
      const cell = data.get(e.path, "Image:buffer");
      if (!cell || this.app.isHidden(e.path)) continue;
      let t = this.textures.get(cell.key);
      if (!t) {
        try {
          const img = decodeImage(blobBytes(cell), jsonValue(data.get(e.path, "Image:format")));
          const gl = this.gl;
          const tex = gl.createTexture();
          gl.bindTexture(gl.TEXTURE_2D, tex);
          gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
          gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, img.width, img.height, 0, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(img.rgba.buffer));
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
          t = { tex };
          this.textures.set(cell.key, t);
        } catch {
          continue;
        }
      }
      t.used = this.cache.generation;
      return t.tex;
    }
    return null;
  }

  collectLabels(labels, data, path, archetype, positions, stride, model) {
    const cell = data.get(path, `${archetype}:labels`);
    if (!cell || cell.kind !== "strings") return;
    const n = Math.min(cell.strings.length === 1 ? 1 : cell.strings.length, 200);
    for (let i = 0; i < n; i++) {
      if (cell.strings[i] == null) continue;
      const p = positions.length >= (i + 1) * stride ? [positions[i * stride], positions[i * stride + 1], positions[i * stride + 2]] : [0, 0, 0];
      labels.push({ text: cell.strings[i], world: transformPoint(model, p) });
    }
  }

  /** Draws one frame. */
  render() {
    const gl = this.gl;
    if (!gl) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w; this.canvas.height = h;
      this.overlay.width = w; this.overlay.height = h;
    }
    if (this.sceneVersion !== this.app.data.version) {
      this.buildScene();
      this.sceneVersion = this.app.data.version;
    }
    gl.viewport(0, 0, w, h);
    gl.clearColor(0.07, 0.08, 0.09, 1);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    gl.enable(gl.DEPTH_TEST);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindVertexArray(this.vao);
    const proj = this.camera.projection(w / h);
    const viewProj = multiply(proj, this.camera.view());
    this.drawLines(viewProj, this.gridData);
    this.drawLines(viewProj, this.lineData);
    for (const it of this.items ?? []) {
      if (it.kind === "points") this.drawPoints(viewProj, proj, h, it);
      else if (it.kind === "mesh") this.drawMesh(viewProj, it);
    }
    for (const it of this.items ?? []) if (it.kind === "quad") this.drawQuad(viewProj, it);
    this.drawHover(w, h);
    this.drawLabels(w, h);
  }

  drawLines(viewProj, d) {
    if (!d || !d.positions.length) return;
    const gl = this.gl;
    const { program: p, uniforms: u } = this.lines;
    gl.useProgram(p);
    gl.uniformMatrix4fv(u.uViewProj, false, viewProj);
    bindAttrib(gl, p, "aPos", this.lineBuf, d.positions, 3, gl.FLOAT, false);
    bindAttrib(gl, p, "aColor", this.lineColorBuf, d.colors, 4, gl.FLOAT, false);
    gl.drawArrays(gl.LINES, 0, d.positions.length / 3);
  }

  drawPoints(viewProj, proj, h, it) {
    const gl = this.gl;
    const { program: p, uniforms: u } = this.points;
    gl.useProgram(p);
    gl.uniformMatrix4fv(u.uViewProj, false, viewProj);
    gl.uniformMatrix4fv(u.uModel, false, it.model);
    gl.uniform1f(u.uPxPerUnit, (proj[5] * h) / 2);
    gl.uniform1f(u.uSwizzle, it.swizzle ? 1 : 0);
    // While the camera moves, big clouds draw every k-th point (a strided view of the same
    // buffers) so a frame's work stays bounded; the full cloud is drawn once motion stops.
    const k = this.moving && it.count > MOVING_POINT_BUDGET ? Math.min(21, Math.ceil(it.count / MOVING_POINT_BUDGET)) : 1; // WebGL strides are ≤ 255 bytes
    const aPos = gl.getAttribLocation(p, "aPos");
    gl.bindBuffer(gl.ARRAY_BUFFER, it.posBuf);
    gl.enableVertexAttribArray(aPos);
    gl.vertexAttribPointer(aPos, 3, gl.FLOAT, false, 12 * k, 0);
    const aColor = gl.getAttribLocation(p, "aColor");
    if (it.colorBuf) {
      gl.bindBuffer(gl.ARRAY_BUFFER, it.colorBuf);
      gl.enableVertexAttribArray(aColor);
      gl.vertexAttribPointer(aColor, 4, gl.UNSIGNED_BYTE, true, 4 * k, 0);
    } else {
      gl.disableVertexAttribArray(aColor);
      gl.vertexAttrib4f(aColor, ...it.constColor);
    }
    const aRadius = gl.getAttribLocation(p, "aRadius");
    if (it.radiusBuf) {
      gl.bindBuffer(gl.ARRAY_BUFFER, it.radiusBuf);
      gl.enableVertexAttribArray(aRadius);
      gl.vertexAttribPointer(aRadius, 1, gl.FLOAT, false, 4 * k, 0);
    } else {
      gl.disableVertexAttribArray(aRadius);
      gl.vertexAttrib1f(aRadius, it.constRadius);
    }
    gl.drawArrays(gl.POINTS, 0, Math.floor(it.count / k));
  }

  drawMesh(viewProj, it) {
    const gl = this.gl;
    const { program: p, uniforms: u } = this.meshes;
    gl.useProgram(p);
    gl.uniformMatrix4fv(u.uViewProj, false, viewProj);
    gl.uniformMatrix4fv(u.uModel, false, it.model);
    gl.uniform3f(u.uLight, ...normalize(sub(this.camera.eye(), this.camera.target)));
    for (const [name, buf, size, type, norm] of [["aPos", it.posBuf, 3, gl.FLOAT, false], ["aNormal", it.normalBuf, 3, gl.FLOAT, false], ["aColor", it.colorBuf, 4, gl.UNSIGNED_BYTE, true]]) {
      const loc = gl.getAttribLocation(p, name);
      gl.bindBuffer(gl.ARRAY_BUFFER, buf);
      gl.enableVertexAttribArray(loc);
      gl.vertexAttribPointer(loc, size, type, norm, 0, 0);
    }
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, it.indexBuf);
    gl.drawElements(gl.TRIANGLES, it.count, gl.UNSIGNED_INT, 0);
  }

  drawQuad(viewProj, it) {
    const gl = this.gl;
    const { program: p, uniforms: u } = this.quads;
    gl.useProgram(p);
    gl.uniformMatrix4fv(u.uViewProj, false, viewProj);
    gl.uniform1f(u.uOpacity, it.opacity);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, it.tex);
    gl.uniform1i(u.uTex, 0);
    const c = it.corners;
    const v = new Float32Array([...c[0], 0, 0, ...c[1], 1, 0, ...c[2], 1, 1, ...c[0], 0, 0, ...c[2], 1, 1, ...c[3], 0, 1]);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.quadBuf);
    gl.bufferData(gl.ARRAY_BUFFER, v, gl.DYNAMIC_DRAW);
    const aPos = gl.getAttribLocation(p, "aPos"), aUV = gl.getAttribLocation(p, "aUV");
    gl.enableVertexAttribArray(aPos);
    gl.vertexAttribPointer(aPos, 3, gl.FLOAT, false, 20, 0);
    gl.enableVertexAttribArray(aUV);
    gl.vertexAttribPointer(aUV, 2, gl.FLOAT, false, 20, 12);
    gl.drawArrays(gl.TRIANGLES, 0, 6);
    gl.disableVertexAttribArray(aUV);
  }

  /** Nearest point (within 12 px) to a canvas CSS position: `{path, index, world, screen}` or null. */
  pick(x, y) {
    const w = this.canvas.clientWidth, h = this.canvas.clientHeight;
    const vp = this.camera.viewProjection(w / h);
    let best = null, bestD = 144;
    for (const it of this.items ?? []) {
      if (it.kind !== "points") continue;
      const pos = it.positions ?? floats(this.app.data.get(it.path, "Points3D:positions"));
      const m = multiply(vp, it.model);
      const step = Math.max(1, Math.floor(it.count / 200000));
      for (let i = 0; i < it.count; i += step) {
        const px = pos[i * 3], py = pos[i * 3 + 1], pz = pos[i * 3 + 2];
        const cw = m[3] * px + m[7] * py + m[11] * pz + m[15];
        if (cw <= 0) continue;
        const sx = ((m[0] * px + m[4] * py + m[8] * pz + m[12]) / cw + 1) * 0.5 * w;
        const sy = (1 - (m[1] * px + m[5] * py + m[9] * pz + m[13]) / cw) * 0.5 * h;
        const d = (sx - x) ** 2 + (sy - y) ** 2;
        if (d < bestD) { bestD = d; best = { ...batchEntry(it, i), world: transformPoint(it.model, [px, py, pz]) }; }
      }
    }
    return best;
  }

  drawHover(w, h) {
    const ctx = this.overlay.getContext("2d");
    ctx.clearRect(0, 0, w, h);
    if (!this.hovered) return;
    const p = this.camera.project(this.hovered.world, w, h);
    if (!p) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 2 * dpr;
    ctx.beginPath();
    ctx.arc(p[0], p[1], 7 * dpr, 0, Math.PI * 2);
    ctx.stroke();
    ctx.font = `${12 * dpr}px sans-serif`;
    ctx.fillStyle = "#ffffff";
    ctx.fillText(`${this.hovered.path} #${this.hovered.index}`, p[0] + 10 * dpr, p[1] + 16 * dpr);
  }

  drawLabels(w, h) {
    const ctx = this.overlay.getContext("2d");
    if (!this.labels.length) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.font = `${12 * dpr}px sans-serif`;
    ctx.fillStyle = "#e8e8e8";
    for (const l of this.labels) {
      const p = this.camera.project(l.world, w, h);
      if (p && p[2] < 1) ctx.fillText(l.text, p[0] + 6 * dpr, p[1] - 4 * dpr);
    }
  }

  /** For tests: where a world point lands in CSS pixels of the canvas. */
  projectToCanvas(world) {
    const w = this.canvas.clientWidth, h = this.canvas.clientHeight;
    return this.camera.project(world, w, h);
  }

  destroy() {
    this.cache?.dispose();
  }
}

function bindAttrib(gl, prog, name, buf, data, size, type, norm) {
  const loc = gl.getAttribLocation(prog, name);
  gl.bindBuffer(gl.ARRAY_BUFFER, buf);
  gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
  gl.enableVertexAttribArray(loc);
  gl.vertexAttribPointer(loc, size, type, norm, 0, 0);
}

/** RGBA bytes → floats in 0…1. */
function norm(bytes) {
  return [bytes[0] / 255, bytes[1] / 255, bytes[2] / 255, bytes[3] / 255];
}

function rotateByQuat(q, v) {
  const [x, y, z, w] = q;
  const u = [x, y, z];
  const t = vscale(cross(u, v), 2);
  return add(add(v, vscale(t, w)), cross(u, t));
}

function frustumDepth(bounds) {
  if (!bounds || !(bounds.min[0] <= bounds.max[0])) return 1;
  return Math.max(0.1, length(sub(bounds.max, bounds.min)) * 0.05);
}

function computeNormals(pos, indices) {
  const n = new Float32Array(pos.length);
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const [a, b, c] = [indices[t], indices[t + 1], indices[t + 2]];
    const pa = [pos[a * 3], pos[a * 3 + 1], pos[a * 3 + 2]];
    const e1 = sub([pos[b * 3], pos[b * 3 + 1], pos[b * 3 + 2]], pa);
    const e2 = sub([pos[c * 3], pos[c * 3 + 1], pos[c * 3 + 2]], pa);
    const f = cross(e1, e2);
    for (const i of [a, b, c]) { n[i * 3] += f[0]; n[i * 3 + 1] += f[1]; n[i * 3 + 2] += f[2]; }
  }
  return n;
}
