// Safe DOM construction: text always goes through textContent, never innerHTML.

/**
 * Creates an element: `el("div", {class: "x", onclick: fn, title: "t"}, child, "text", ...)`.
 * String children become text nodes; attributes are set with setAttribute (on* keys add listeners).
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") e.addEventListener(k.slice(2), v);
    else if (k === "style" && typeof v === "object") Object.assign(e.style, v);
    else if (k === "text") e.textContent = String(v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}

/** Removes all children of `e`. */
export function clear(e) {
  while (e.firstChild) e.removeChild(e.firstChild);
  return e;
}

/** Packed RGBA u32 (0xRRGGBBAA, Rerun's Color) → [r, g, b, a] bytes. */
export function unpackColor(c) {
  return [(c >>> 24) & 255, (c >>> 16) & 255, (c >>> 8) & 255, c & 255];
}

/** Packed RGBA u32 → CSS color string. */
export function cssColor(c) {
  const [r, g, b, a] = unpackColor(c);
  return `rgba(${r},${g},${b},${(a / 255).toFixed(3)})`;
}

/** A stable distinct color for an index or string (Rerun-like golden-ratio hues), as [r, g, b]. */
export function autoColor(key) {
  let h = 0;
  if (typeof key === "number") h = key;
  else for (let i = 0; i < String(key).length; i++) h = (h * 31 + String(key).charCodeAt(i)) >>> 0;
  const hue = ((h % 9973) * 137.508) % 360;
  return hslToRgb(hue, 0.75, 0.6);
}

function hslToRgb(h, s, l) {
  const k = (n) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

/**
 * Sizes a canvas's backing store to its CSS size (`cssWidth` × `cssHeight`, default: its client
 * size) times the device pixel ratio. Returns `{dpr, cw, ch, resized}` (cw/ch in CSS pixels).
 */
export function fitCanvas(canvas, cssWidth = canvas.clientWidth, cssHeight = canvas.clientHeight) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(cssWidth * dpr), h = Math.round(cssHeight * dpr);
  const resized = canvas.width !== w || canvas.height !== h;
  if (resized) {
    canvas.width = w;
    canvas.height = h;
  }
  return { dpr, cw: cssWidth, ch: cssHeight, resized };
}

/**
 * Wheel zoom about the pointer and double-click re-fit for views whose `view.view` is
 * `{x, y, scale}` (canvas CSS px = scene × scale + offset) and whose `userMoved` marks user edits.
 */
export function installWheelZoom(canvas, view, app) {
  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    if (!view.view) return;
    const f = Math.exp(-e.deltaY * 0.0015);
    view.view.x = e.offsetX - (e.offsetX - view.view.x) * f;
    view.view.y = e.offsetY - (e.offsetY - view.view.y) * f;
    view.view.scale *= f;
    view.userMoved = true;
    app.requestRender(view);
  }, { passive: false });
  canvas.addEventListener("dblclick", () => { view.userMoved = false; view.view = null; app.requestRender(view); });
}
