// Small WebGL2 helpers: shader programs and a buffer cache keyed by cell key.

/** Compiles and links a program; throws with the info log on failure. */
export function program(gl, vsSource, fsSource) {
  const compile = (type, src) => {
    const s = gl.createShader(type);
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(s)}`);
    return s;
  };
  const p = gl.createProgram();
  gl.attachShader(p, compile(gl.VERTEX_SHADER, vsSource));
  gl.attachShader(p, compile(gl.FRAGMENT_SHADER, fsSource));
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`program: ${gl.getProgramInfoLog(p)}`);
  const uniforms = {};
  const n = gl.getProgramParameter(p, gl.ACTIVE_UNIFORMS);
  for (let i = 0; i < n; i++) {
    const info = gl.getActiveUniform(p, i);
    uniforms[info.name] = gl.getUniformLocation(p, info.name);
  }
  return { program: p, uniforms };
}

/**
 * GPU buffers by key (cell key + purpose). Buffers unused for a whole scene rebuild are freed by
 * `sweep()`, so GPU memory follows what is visible.
 */
export class BufferCache {
  constructor(gl) {
    this.gl = gl;
    this.buffers = new Map();
    this.generation = 0;
  }

  /** A buffer holding `data()` (called only on a miss). */
  get(key, data, target = this.gl.ARRAY_BUFFER) {
    let e = this.buffers.get(key);
    if (!e) {
      const gl = this.gl;
      const buf = gl.createBuffer();
      gl.bindBuffer(target, buf);
      gl.bufferData(target, data(), gl.STATIC_DRAW);
      e = { buf, used: this.generation };
      this.buffers.set(key, e);
    }
    e.used = this.generation;
    return e.buf;
  }

  /** Starts a new scene build. */
  begin() {
    this.generation++;
  }

  /** Frees buffers not used since `begin()`. */
  sweep() {
    for (const [k, e] of this.buffers) {
      if (e.used !== this.generation) {
        this.gl.deleteBuffer(e.buf);
        this.buffers.delete(k);
      }
    }
  }

  dispose() {
    for (const e of this.buffers.values()) this.gl.deleteBuffer(e.buf);
    this.buffers.clear();
  }
}
