// Spatial 3D view (WebGL2): points, line strips, boxes and ellipsoids (with their fill modes),
// arrows, meshes, pinhole frustums, grid and axes, with Transform3D along the entity tree and the
// ViewCoordinates up axis. Orbit (left drag), pan (right/shift drag), zoom (wheel), double-click
// re-frames. Hovering picks the entity instance under the cursor (GPU pick pass, see
// render/picking.js) and highlights it; clicking selects it. GPU buffers are cached by cell key,
// so orbiting only issues draw calls; scene geometry is rebuilt only when data changes.

import { OrbitCamera, upVector } from "../render/camera.js";
import { BufferCache, program } from "../render/gl.js";
import { LineRenderer } from "../render/lines.js";
import { Primitives3D, worldRadius } from "../render/primitives3d.js";
import { HIGHLIGHT_GLSL, PICK_GLSL, PICK_SIZE, PickTable, PickTarget, pickMatrix } from "../render/picking.js";
import { cross, identity, multiply, normalize, sub, transformPoint } from "../render/mat4.js";
import { ancestors, upAxisFromViewCoordinates, worldTransform } from "../render/transforms.js";
import { annotationsFor, instanceColors, unpackColors } from "../data/annotations.js";
import { blobBytes, floats, jsonValue, numbers } from "../data/cells.js";
import { decodeImage } from "../data/image.js";
import { isUnder } from "../ui/layout.js";
import { el } from "../ui/dom.js";

// Points: radius > 0 is in scene units, < 0 in UI points. Pick ids are uIdBase + vertex index × stride.
const POINT_VS = `#version 300 es
in vec3 aPos; in vec4 aColor; in float aRadius;
uniform mat4 uViewProj; uniform mat4 uModel; uniform float uPxPerUnit; uniform float uSwizzle; uniform float uDpr;
uniform uint uIdBase; uniform int uIdStride;
out vec4 vColor; flat out uint vId;
void main() {
  vec4 clip = uViewProj * uModel * vec4(aPos, 1.0);
  gl_Position = clip;
  float px = aRadius >= 0.0 ? aRadius * 2.0 * uPxPerUnit / max(clip.w, 1e-6) : -aRadius * 2.0 * uDpr;
  gl_PointSize = clamp(px, 1.5, 64.0);
  vColor = uSwizzle > 0.5 ? aColor.abgr : aColor;
  vId = uIdBase + uint(gl_VertexID * uIdStride);
}`;
const POINT_FS = `#version 300 es
precision mediump float;
precision highp int;  // pick ids use all 32 bits
in vec4 vColor; flat in uint vId; out vec4 outColor;
uniform bool uPick;
${PICK_GLSL}
${HIGHLIGHT_GLSL}
void main() {
  vec2 d = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(d, d);
  if (r2 > 1.0) discard;
  outColor = uPick ? pickColor(vId) : vec4(highlight(vColor.rgb, vId) * (1.0 - 0.25 * r2), vColor.a);
}`;
// The grid: plain 1-pixel GL lines (not pickable).
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
in vec3 aPos; in vec3 aNormal; in vec4 aColor; in float aPickId;
uniform mat4 uViewProj; uniform mat4 uModel;
out vec4 vColor; out vec3 vNormal; flat out uint vId;
void main() {
  gl_Position = uViewProj * uModel * vec4(aPos, 1.0);
  vNormal = mat3(uModel) * aNormal; vColor = aColor; vId = uint(aPickId + 0.5);
}`;
const MESH_FS = `#version 300 es
precision mediump float;
precision highp int;  // pick ids use all 32 bits
in vec4 vColor; in vec3 vNormal; flat in uint vId; out vec4 outColor;
uniform vec3 uLight; uniform bool uPick;
${PICK_GLSL}
${HIGHLIGHT_GLSL}
void main() {
  if (uPick) { outColor = pickColor(vId); return; }
  vec3 n = normalize(vNormal);
  float l = 0.35 + 0.65 * abs(dot(n, normalize(uLight)));
  outColor = vec4(highlight(vColor.rgb, vId) * l, vColor.a);
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
// Clouds up to this size are drawn in the GPU pick pass; bigger ones are picked on the CPU (nearest
// projected point, testing at most CPU_PICK_SAMPLES evenly strided points), which costs less than
// pushing a million vertices through a pick pass on every hover.
const GPU_PICK_POINTS = 100000;
const CPU_PICK_SAMPLES = 200000;
const SETTLE_MS = 150;
// Archetypes whose colors may come from class ids through an annotation context.
const CLASS_ID_COMPONENTS = ["Points3D", "Boxes3D", "LineStrips3D", "Ellipsoids3D", "Arrows3D"].map((a) => `${a}:class_ids`);

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
    this.gridBuf = gl.createBuffer();
    this.gridColorBuf = gl.createBuffer();
    this.gridCount = 0;
    this.lineRenderer = new LineRenderer(gl);
    this.pickTable = new PickTable();
    this.pickTarget = null;
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
        this.hover(e.offsetX, e.offsetY);
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
    c.addEventListener("pointerup", (e) => {
      if (drag && !drag.moved) {
        // pick where the click is (a click may come without a preceding hover move)
        const hit = this.hover(e.offsetX, e.offsetY);
        if (hit) this.app.select(hit.path, hit.index);
      }
      drag = null;
    });
    c.addEventListener("pointerleave", () => {
      if (this.hovered) { this.hovered = null; this.app.requestRender(this); }
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
    const prims = new Primitives3D(data);
    const picks = prims.picks;
    const small = { pos: [], col: [], rad: [], paths: [] };
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
    for (const path of this.entities()) {
      if (hidden.has(path) || [...ancestors(path)].some((a) => hidden.has(a))) continue;
      const cells = data.cells(path);
      if (!cells.size) continue;
      const model = worldTransform(data, path, origin, memo);
      const ann = CLASS_ID_COMPONENTS.some((c) => data.get(path, c)) ? annotationsFor(data, path) : null;
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
          small.rad.push(worldRadius(r, model));
        }
        small.paths.push([path, pos.count]);
        prims.extend(p, model);
        prims.collectLabels(path, "Points3D", p, 3, model);
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
        prims.extend(p, model);
        prims.collectLabels(path, "Points3D", p, 3, model);
      }
      prims.lineStrips(path, model, ann);
      prims.boxes(path, model, ann);
      prims.ellipsoids(path, model, ann);
      prims.arrows(path, model, ann);
      // Meshes
      const mv = data.get(path, "Mesh3D:vertex_positions");
      if (mv && mv.count > 0) {
        const item = this.buildMesh(data, path, mv, model);
        if (item) { item.pickId = picks.add(path, 1, false); items.push(item); }
        prims.extend(floats(mv), model);
      }
      // Pinhole frustum
      const pin = data.get(path, "Pinhole:image_from_camera");
      if (pin) {
        const k = floats(pin);
        const res = floats(data.get(path, "Pinhole:resolution"));
        const w = res[0] || k[6] * 2 || 1, hgt = res[1] || k[7] * 2 || 1;
        const d = data.scalar(path, "Pinhole:image_plane_distance", null) ?? prims.frustumDepth();
        const fx = k[0] || 1, fy = k[4] || 1, cx = k[6], cy = k[7];
        const corners = [[0, 0], [w, 0], [w, hgt], [0, hgt]].map(([u, vv]) => transformPoint(model, [((u - cx) / fx) * d, ((vv - cy) / fy) * d, d]));
        prims.frustum(path, transformPoint(model, [0, 0, 0]), corners);
        const tex = this.pinholeImage(data, path, w, hgt);
        if (tex) items.push({ kind: "quad", tex, corners, opacity: 1 });
      }
      // Transform axes
      if (data.has(path, "Transform3D") && path !== origin) prims.axes(path, model);
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
    // Point ids come last so the float-encoded ids of lines and meshes stay small (exact).
    for (const it of items) {
      if (it.kind !== "points") continue;
      if (!it.batch) it.pickBase = picks.add(it.path, it.count);
      else it.batch.forEach(([path, n], k) => { const b = picks.add(path, n); if (k === 0) it.pickBase = b; });
    }
    if (!prims.solid.empty) items.push(this.uploadSolid("solidBufs", prims.solid, false));
    if (!prims.transparent.empty) items.push(this.uploadSolid("transparentBufs", prims.transparent, true));
    this.lineRenderer.upload(prims.lines);
    this.pickTable = picks;
    const bounds = prims.bounds;
    this.cache.sweep();
    for (const [k, t] of this.textures) if (t.used !== this.cache.generation) { this.gl.deleteTexture(t.tex); this.textures.delete(k); }
    // Grid on the plane perpendicular to up, sized from the bounds.
    const grid = this.gridLines(bounds);
    this.items = items;
    this.uploadGrid(grid);
    this.labels = prims.labels;
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

  /** Uploads a SolidBatch into the buffers named `slot` (reused across rebuilds): a mesh draw item. */
  uploadSolid(slot, batch, transparent) {
    const gl = this.gl;
    const bufs = this[slot] ?? (this[slot] = [gl.createBuffer(), gl.createBuffer(), gl.createBuffer(), gl.createBuffer(), gl.createBuffer()]);
    const upload = (buf, arr, target = gl.ARRAY_BUFFER) => { gl.bindBuffer(target, buf); gl.bufferData(target, arr, gl.DYNAMIC_DRAW); };
    upload(bufs[0], new Float32Array(batch.pos));
    upload(bufs[1], new Float32Array(batch.nrm));
    upload(bufs[2], new Uint8Array(batch.col));
    upload(bufs[3], new Uint32Array(batch.idx), gl.ELEMENT_ARRAY_BUFFER);
    upload(bufs[4], new Float32Array(batch.id));
    return { kind: "mesh", model: identity(), posBuf: bufs[0], normalBuf: bufs[1], colorBuf: bufs[2], indexBuf: bufs[3], pickBuf: bufs[4], count: batch.idx.length, transparent };
  }

  /** Uploads the grid's line list (drawn every frame without re-uploading). */
  uploadGrid(grid) {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.gridBuf);
    gl.bufferData(gl.ARRAY_BUFFER, grid.positions, gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.gridColorBuf);
    gl.bufferData(gl.ARRAY_BUFFER, grid.colors, gl.DYNAMIC_DRAW);
    this.gridCount = grid.positions.length / 3;
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
    const proj = this.camera.projection(w / h);
    const viewProj = multiply(proj, this.camera.view());
    this.drawGrid(viewProj);
    this.drawScene(viewProj, proj, [w, h], dpr, false);
    gl.bindVertexArray(this.vao);
    for (const it of this.items ?? []) if (it.kind === "quad") this.drawQuad(viewProj, it);
    this.drawHover(w, h);
    this.drawLabels(w, h);
  }

  /**
   * Draws the pickable geometry: opaque meshes and filled shapes, points, lines, then transparent
   * fills (without depth writes). `pick` draws pick ids (see render/picking.js) instead of colors;
   * `viewport` is the target's size in device pixels and `proj` the camera projection (point sizes).
   */
  drawScene(viewProj, proj, viewport, dpr, pick) {
    const gl = this.gl;
    const h = this.canvas.height;
    const hl = pick ? [0, 0, 0, 0] : this.highlightRanges();
    this.highlight = hl;
    gl.bindVertexArray(this.vao);
    for (const it of this.items ?? []) {
      if (it.kind === "mesh" && !it.transparent) this.drawMesh(viewProj, it, pick);
      else if (it.kind === "points" && !(pick && it.count > GPU_PICK_POINTS)) this.drawPoints(viewProj, proj, h, it, dpr, pick);
    }
    this.lineRenderer.draw(viewProj, viewport, (proj[5] * h) / 2, dpr, pick, hl);
    gl.bindVertexArray(this.vao);
    if (!pick) gl.depthMask(false);
    for (const it of this.items ?? []) if (it.kind === "mesh" && it.transparent) this.drawMesh(viewProj, it, pick);
    gl.depthMask(true);
  }

  /** Pick-id ranges to highlight: [hover lo, hi, selection lo, hi] (see HIGHLIGHT_GLSL). */
  highlightRanges() {
    const hv = this.hovered;
    const [a, b] = hv ? this.pickTable.span(hv.path, hv.index) : [0, 0];
    const sel = this.app.selection;
    const [c, d] = sel ? this.pickTable.span(sel, this.app.selectionInstance ?? null) : [0, 0];
    return [a, b, c, d];
  }

  drawGrid(viewProj) {
    if (!this.gridCount) return;
    const gl = this.gl;
    const { program: p, uniforms: u } = this.lines;
    gl.bindVertexArray(this.vao);
    gl.useProgram(p);
    gl.uniformMatrix4fv(u.uViewProj, false, viewProj);
    for (const [name, buf] of [["aPos", this.gridBuf], ["aColor", this.gridColorBuf]]) {
      const loc = gl.getAttribLocation(p, name);
      gl.bindBuffer(gl.ARRAY_BUFFER, buf);
      gl.enableVertexAttribArray(loc);
      gl.vertexAttribPointer(loc, name === "aPos" ? 3 : 4, gl.FLOAT, false, 0, 0);
    }
    gl.drawArrays(gl.LINES, 0, this.gridCount);
  }

  drawPoints(viewProj, proj, h, it, dpr, pick) {
    const gl = this.gl;
    const { program: p, uniforms: u } = this.points;
    gl.useProgram(p);
    gl.uniformMatrix4fv(u.uViewProj, false, viewProj);
    gl.uniformMatrix4fv(u.uModel, false, it.model);
    gl.uniform1f(u.uPxPerUnit, (proj[5] * h) / 2);
    gl.uniform1f(u.uSwizzle, it.swizzle ? 1 : 0);
    gl.uniform1f(u.uDpr, dpr);
    // While the camera moves, big clouds draw every k-th point (a strided view of the same
    // buffers) so a frame's work stays bounded; the full cloud is drawn once motion stops.
    const k = this.moving && !pick && it.count > MOVING_POINT_BUDGET ? Math.min(21, Math.ceil(it.count / MOVING_POINT_BUDGET)) : 1; // WebGL strides are ≤ 255 bytes
    gl.uniform1i(u.uPick, pick ? 1 : 0);
    gl.uniform4ui(u.uHighlight, ...this.highlight);
    gl.uniform1ui(u.uIdBase, it.pickBase ?? 0);
    gl.uniform1i(u.uIdStride, k);
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

  drawMesh(viewProj, it, pick) {
    const gl = this.gl;
    const { program: p, uniforms: u } = this.meshes;
    gl.useProgram(p);
    gl.uniformMatrix4fv(u.uViewProj, false, viewProj);
    gl.uniformMatrix4fv(u.uModel, false, it.model);
    gl.uniform1i(u.uPick, pick ? 1 : 0);
    gl.uniform4ui(u.uHighlight, ...this.highlight);
    const aPickId = gl.getAttribLocation(p, "aPickId");
    if (it.pickBuf) {
      gl.bindBuffer(gl.ARRAY_BUFFER, it.pickBuf);
      gl.enableVertexAttribArray(aPickId);
      gl.vertexAttribPointer(aPickId, 1, gl.FLOAT, false, 0, 0);
    } else {
      gl.disableVertexAttribArray(aPickId);
      gl.vertexAttrib1f(aPickId, it.pickId ?? 0);
    }
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

  /**
   * What is drawn at canvas CSS position (x, y), within PICK_SIZE / 2 device pixels: `{path,
   * index, screen: [x, y]}` (index null for whole-entity hits such as meshes), plus `world` for
   * points. A GPU pass draws pick ids of everything pickable into a small target around the cursor.
   */
  pick(x, y) {
    const gl = this.gl;
    if (!gl || !this.items || this.sceneVersion !== this.app.data.version) return null;
    const dpr = window.devicePixelRatio || 1;
    const w = this.canvas.width, h = this.canvas.height;
    const px = Math.round(x * dpr), py = Math.round(y * dpr);
    if (px < 0 || py < 0 || px >= w || py >= h) return null;
    this.pickTarget ??= new PickTarget(gl);
    const proj = this.camera.projection(w / h);
    const viewProj = multiply(pickMatrix(px, py, w, h), multiply(proj, this.camera.view()));
    this.pickTarget.begin();
    this.drawScene(viewProj, proj, [PICK_SIZE, PICK_SIZE], dpr, true);
    const hit = this.pickTarget.finish();
    gl.viewport(0, 0, w, h);
    const entry = hit ? this.pickTable.resolve(hit.id) : null;
    // big clouds: the nearest projected point, if nearer to the cursor than the GPU hit
    const cloud = this.pickBigClouds(px, py, w, h, entry ? hit.dx * hit.dx + hit.dy * hit.dy : (PICK_SIZE / 2) ** 2 + 1e-9);
    if (cloud) return { path: cloud.path, index: cloud.index, world: cloud.world, screen: [x, y] };
    if (!entry) return null;
    const out = { ...entry, screen: [x + hit.dx / dpr, y + hit.dy / dpr] };
    const it = this.items.find((i) => i.kind === "points" && i.pickBase <= hit.id && hit.id < i.pickBase + i.count);
    if (it) out.world = this.pointWorld(it, hit.id - it.pickBase);
    return out;
  }

  /** World position of point `k` of a points draw item. */
  pointWorld(it, k) {
    const pos = it.positions ?? floats(this.app.data.get(it.path, "Points3D:positions"));
    return pos.length >= k * 3 + 3 ? transformPoint(it.model, [pos[k * 3], pos[k * 3 + 1], pos[k * 3 + 2]]) : undefined;
  }

  /**
   * The point of a cloud too big for the GPU pick pass whose projection is nearest to device pixel
   * (px, py), if its squared distance is below `limit2`: `{path, index, world}` or null.
   */
  pickBigClouds(px, py, w, h, limit2) {
    const vp = this.camera.viewProjection(w / h);
    let best = null, bestD = limit2;
    for (const it of this.items) {
      if (it.kind !== "points" || it.count <= GPU_PICK_POINTS) continue;
      const pos = floats(this.app.data.get(it.path, "Points3D:positions"));
      const m = multiply(vp, it.model);
      const step = Math.max(1, Math.floor(it.count / CPU_PICK_SAMPLES));
      for (let i = 0; i < it.count; i += step) {
        const x = pos[i * 3], y = pos[i * 3 + 1], z = pos[i * 3 + 2];
        const cw = m[3] * x + m[7] * y + m[11] * z + m[15];
        if (cw <= 0) continue;
        const sx = ((m[0] * x + m[4] * y + m[8] * z + m[12]) / cw + 1) * 0.5 * w - 0.5;
        const sy = (1 - (m[1] * x + m[5] * y + m[9] * z + m[13]) / cw) * 0.5 * h - 0.5;
        const d = (sx - px) ** 2 + (sy - py) ** 2;
        if (d < bestD) { bestD = d; best = { it, i }; }
      }
    }
    return best ? { path: best.it.path, index: best.i, world: this.pointWorld(best.it, best.i) } : null;
  }

  /** Picks at a canvas CSS position and shows the result as the hover; returns the hit. */
  hover(x, y) {
    const hit = this.pick(x, y);
    if ((hit?.path ?? null) !== (this.hovered?.path ?? null) || hit?.index !== this.hovered?.index || (hit && !hit.world)) {
      this.hovered = hit;
      this.app.requestRender(this);
    }
    return hit;
  }

  /** The hover text: entity path, and the instance for instanced hits. */
  hoverText() {
    const hv = this.hovered;
    if (!hv) return null;
    return hv.index === null ? hv.path : `${hv.path} #${hv.index}`;
  }

  drawHover(w, h) {
    const ctx = this.overlay.getContext("2d", { willReadFrequently: true });
    ctx.clearRect(0, 0, w, h);
    if (!this.hovered) return;
    const dpr = window.devicePixelRatio || 1;
    const p = this.hovered.world ? this.camera.project(this.hovered.world, w, h) : [this.hovered.screen[0] * dpr, this.hovered.screen[1] * dpr];
    if (!p) return;
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 2 * dpr;
    ctx.beginPath();
    ctx.arc(p[0], p[1], (this.hovered.world ? 7 : 4) * dpr, 0, Math.PI * 2);
    ctx.stroke();
    ctx.font = `${12 * dpr}px sans-serif`;
    ctx.fillStyle = "#ffffff";
    ctx.fillText(this.hoverText(), p[0] + 10 * dpr, p[1] + 16 * dpr);
  }

  drawLabels(w, h) {
    const ctx = this.overlay.getContext("2d", { willReadFrequently: true });
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
