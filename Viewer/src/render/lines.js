// Line segments with a width (WebGL2 only draws 1-pixel lines): each segment is an instance of a
// screen-aligned quad, expanded in the vertex shader. Radii follow Rerun's convention: positive =
// scene units (perspective-scaled), negative = UI points (screen-constant), zero/unset = a
// 1-pixel hairline. The same program draws pick ids for GPU picking.

import { program } from "./gl.js";
import { HIGHLIGHT_GLSL, PICK_GLSL } from "./picking.js";

/** Largest half width in device pixels (bounds the quads of scene-unit lines reaching the near plane). */
export const MAX_HALF_PX = 2048;
/** Floats per segment in the instance buffer: start xyz, radius, end xyz, pick id. */
const SEGMENT_FLOATS = 8;

const LINE_VS = `#version 300 es
in vec2 aCorner;  // x: 0 = start end, 1 = far end; y: side (-1 / +1)
in vec4 aA;       // start xyz, radius
in vec4 aB;       // end xyz, pick id
in vec4 aColor;
uniform mat4 uViewProj; uniform vec2 uViewport; uniform float uPxPerUnit; uniform float uDpr;
out vec4 vColor; flat out uint vId;
const float MAX_HALF_PX = ${MAX_HALF_PX.toFixed(1)};
void main() {
  vec4 ca = uViewProj * vec4(aA.xyz, 1.0);
  vec4 cb = uViewProj * vec4(aB.xyz, 1.0);
  // clip the segment against the near plane (z = -w) so both ends project
  float da = ca.z + ca.w, db = cb.z + cb.w;
  vColor = aColor; vId = uint(aB.w + 0.5);
  if (da < 0.0 && db < 0.0) { gl_Position = vec4(0.0, 0.0, 2.0, 1.0); return; }
  if (da < 0.0) ca = mix(ca, cb, da / (da - db));
  if (db < 0.0) cb = mix(cb, ca, db / (db - da));
  vec2 halfVp = 0.5 * uViewport;
  vec2 d = cb.xy / cb.w * halfVp - ca.xy / ca.w * halfVp;
  float len = length(d);
  vec2 dir = len > 1e-4 ? d / len : vec2(1.0, 0.0);
  bool far = aCorner.x > 0.5;
  vec4 c = far ? cb : ca;
  float r = aA.w;
  float halfPx = clamp(r > 0.0 ? r * uPxPerUnit / c.w : (r < 0.0 ? -r * uDpr : 0.5), 0.5, MAX_HALF_PX);
  vec2 off = (vec2(-dir.y, dir.x) * aCorner.y + dir * (far ? 1.0 : -1.0)) * halfPx;
  gl_Position = vec4(c.xy + off / halfVp * c.w, c.z, c.w);
}`;

const LINE_FS = `#version 300 es
precision mediump float;
precision highp int;  // pick ids use all 32 bits
in vec4 vColor; flat in uint vId; out vec4 outColor;
uniform bool uPick;
${PICK_GLSL}
${HIGHLIGHT_GLSL}
void main() { outColor = uPick ? pickColor(vId) : vec4(highlight(vColor.rgb, vId), vColor.a); }`;

const NO_HIGHLIGHT = [0, 0, 0, 0];

/** The six quad corners (end, side) of a segment's two triangles. */
const CORNERS = new Float32Array([0, -1, 1, -1, 1, 1, 0, -1, 1, 1, 0, 1]);

/**
 * Half the on-screen width in device pixels of a line with radius `radius` at clip depth `w`:
 * the rule the vertex shader applies (for tests and CPU-side checks).
 */
export function lineHalfWidthPx(radius, pxPerUnit, w, dpr = 1) {
  const px = radius > 0 ? (radius * pxPerUnit) / w : radius < 0 ? -radius * dpr : 0.5;
  return Math.min(MAX_HALF_PX, Math.max(0.5, px));
}

/**
 * Where quad corner (`end`, `side`) of the segment from screen point `a` to `b` (device pixels)
 * lands, for a half width `halfPx`: the expansion the vertex shader does, in screen space.
 */
export function expandSegment(a, b, end, side, halfPx) {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  const dir = len > 1e-4 ? [dx / len, dy / len] : [1, 0];
  const base = end ? b : a;
  const along = end ? 1 : -1;
  return [base[0] + (-dir[1] * side + dir[0] * along) * halfPx, base[1] + (dir[0] * side + dir[1] * along) * halfPx];
}

/** Collects segments for one upload. */
export class LineBuilder {
  constructor() {
    this.seg = [];
    this.col = [];
  }

  get count() {
    return this.seg.length / SEGMENT_FLOATS;
  }

  /** Adds the segment a → b with RGBA bytes `rgba`, radius (Rerun convention) and pick id (0: not pickable). */
  push(a, b, rgba, radius = 0, pickId = 0) {
    this.seg.push(a[0], a[1], a[2], radius, b[0], b[1], b[2], pickId);
    this.col.push(rgba[0], rgba[1], rgba[2], rgba[3]);
  }
}

/** GPU side of a set of segments: one instanced draw. Leaves no vertex array bound after drawing. */
export class LineRenderer {
  constructor(gl) {
    this.gl = gl;
    this.prog = program(gl, LINE_VS, LINE_FS);
    this.cornerBuf = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, this.cornerBuf);
    gl.bufferData(gl.ARRAY_BUFFER, CORNERS, gl.STATIC_DRAW);
    this.segBuf = gl.createBuffer();
    this.colBuf = gl.createBuffer();
    this.count = 0;
    const p = this.prog.program;
    this.loc = { corner: gl.getAttribLocation(p, "aCorner"), a: gl.getAttribLocation(p, "aA"), b: gl.getAttribLocation(p, "aB"), color: gl.getAttribLocation(p, "aColor") };
    this.setupVao();
  }

  /** Uploads the builder's segments (replacing the previous ones). */
  upload(builder) {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.segBuf);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(builder.seg), gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.colBuf);
    gl.bufferData(gl.ARRAY_BUFFER, new Uint8Array(builder.col), gl.DYNAMIC_DRAW);
    this.count = builder.count;
  }

  /** The vertex array (own, so the instancing divisors never leak into other programs). */
  setupVao() {
    const gl = this.gl;
    const { corner, a, b, color } = this.loc;
    this.vao = gl.createVertexArray();
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.cornerBuf);
    gl.enableVertexAttribArray(corner);
    gl.vertexAttribPointer(corner, 2, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.segBuf);
    gl.enableVertexAttribArray(a);
    gl.vertexAttribPointer(a, 4, gl.FLOAT, false, SEGMENT_FLOATS * 4, 0);
    gl.vertexAttribDivisor(a, 1);
    gl.enableVertexAttribArray(b);
    gl.vertexAttribPointer(b, 4, gl.FLOAT, false, SEGMENT_FLOATS * 4, 16);
    gl.vertexAttribDivisor(b, 1);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.colBuf);
    gl.enableVertexAttribArray(color);
    gl.vertexAttribPointer(color, 4, gl.UNSIGNED_BYTE, true, 0, 0);
    gl.vertexAttribDivisor(color, 1);
    gl.bindVertexArray(null);
  }

  /**
   * Draws the segments with `viewProj` on a viewport of `viewport` = [w, h] device pixels;
   * `pxPerUnit` is device pixels per scene unit at clip depth 1. `pick` draws pick ids instead;
   * `highlight` = [hover lo, hi, selection lo, hi] id ranges (see HIGHLIGHT_GLSL).
   */
  draw(viewProj, viewport, pxPerUnit, dpr, pick = false, highlight = NO_HIGHLIGHT) {
    if (!this.count) return;
    const gl = this.gl;
    const { program: p, uniforms: u } = this.prog;
    gl.useProgram(p);
    gl.uniformMatrix4fv(u.uViewProj, false, viewProj);
    gl.uniform2f(u.uViewport, viewport[0], viewport[1]);
    gl.uniform1f(u.uPxPerUnit, pxPerUnit);
    gl.uniform1f(u.uDpr, dpr);
    gl.uniform1i(u.uPick, pick ? 1 : 0);
    gl.uniform4ui(u.uHighlight, ...highlight);
    gl.bindVertexArray(this.vao);
    gl.drawArraysInstanced(gl.TRIANGLES, 0, 6, this.count);
    gl.bindVertexArray(null);
  }

  dispose() {
    const gl = this.gl;
    for (const buf of [this.cornerBuf, this.segBuf, this.colBuf]) gl.deleteBuffer(buf);
    gl.deleteVertexArray(this.vao);
  }
}
