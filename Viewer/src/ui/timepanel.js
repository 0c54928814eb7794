// The time panel: timeline selector, play/pause/follow/loop/speed, and a zoomable, pannable time
// axis (canvas) with per-entity density strips. Click or drag to scrub; wheel zooms; shift-drag or
// middle-drag pans. Keyboard: space play/pause, ←/→ step, Home/End.

import { TimeAxis, advance, densityBars, formatTime } from "../time/axis.js";
import { el, clear, fitCanvas } from "./dom.js";

const STRIP = 5, MAX_STRIPS = 8, AXIS_H = 22;

/** The time panel. */
export class TimePanel {
  constructor(app, element) {
    this.app = app;
    this.element = element;
    this.select = el("select", { title: "timeline", onchange: (e) => app.setTimeline(e.target.value) });
    this.play = el("button", { title: "play/pause (space)", onclick: () => this.togglePlay() }, "▶");
    this.followBtn = el("button", { title: "follow the newest data", onclick: () => this.setFollow(!this.follow) }, "follow");
    this.loopBtn = el("button", { title: "loop", onclick: () => { this.loop = !this.loop; this.loopBtn.classList.toggle("on", this.loop); } }, "loop");
    this.speed = el("select", { title: "speed" }, ...[0.25, 0.5, 1, 2, 4, 8].map((s) => el("option", { value: s, selected: s === 1 }, `${s}×`)));
    this.label = el("span", { class: "timelabel" });
    this.canvas = el("canvas", { class: "timeline" });
    element.append(el("div", { class: "toolbar" }, this.select, this.play, this.followBtn, this.loopBtn, this.speed, this.label), this.canvas);
    this.axis = null;
    this.userZoomed = false;
    this.playing = false;
    this.follow = true;
    this.loop = false;
    this.followBtn.classList.add("on");
    this.lastTick = null;
    this.installControls();
  }

  setFollow(on) {
    this.follow = on;
    this.followBtn.classList.toggle("on", on);
    if (on) {
      const tl = this.app.timelineInfo();
      if (tl?.max !== null && tl?.max !== undefined) this.app.setTime(tl.max);
    }
  }

  togglePlay() {
    this.playing = !this.playing;
    this.play.textContent = this.playing ? "❚❚" : "▶";
    if (this.playing) {
      this.setFollow(false);
      const tl = this.app.timelineInfo();
      if (tl && this.app.time >= tl.max) this.app.setTime(tl.min);
      this.lastTick = performance.now();
      this.app.requestRender(this);
    }
  }

  /** Called each animation frame while playing. */
  tick(now) {
    if (!this.playing) return;
    const tl = this.app.timelineInfo();
    if (!tl || tl.min === null) return;
    const dt = now - (this.lastTick ?? now);
    this.lastTick = now;
    const t = advance(this.app.time ?? tl.min, dt, { kind: tl.kind, speed: Number(this.speed.value), min: tl.min, max: tl.max, loop: this.loop });
    if (t >= tl.max && !this.loop) this.togglePlay();
    this.app.setTime(tl.kind === "sequence" ? Math.floor(t) : t, { fromPlayback: true, exact: t });
    this.app.requestRender(this);
  }

  updateTimelines() {
    const list = this.app.timelines;
    clear(this.select);
    for (const t of list) this.select.append(el("option", { value: t.name, selected: t.name === this.app.timeline }, t.name));
    if (!list.length) this.select.append(el("option", {}, "(static only)"));
    if (!this.userZoomed) this.axis = null;
  }

  currentAxis() {
    const tl = this.app.timelineInfo();
    const w = Math.max(10, this.canvas.clientWidth - 16);
    if (!tl || tl.min === null || tl.min === undefined) return null;
    if (!this.axis || !this.userZoomed) this.axis = TimeAxis.fit(tl.min, tl.max, w, tl.kind);
    else if (this.axis.width !== w) this.axis = this.axis.resized(w);
    return this.axis;
  }

  installControls() {
    const c = this.canvas;
    let drag = null;
    const scrub = (e) => {
      const a = this.currentAxis();
      if (!a) return;
      this.setFollow(false);
      const tl = this.app.timelineInfo();
      const t = Math.min(tl.max, Math.max(tl.min, a.snappedTime(e.offsetX - 8)));
      this.app.setTime(t);
    };
    c.addEventListener("pointerdown", (e) => {
      c.setPointerCapture(e.pointerId);
      drag = { x: e.clientX, pan: e.shiftKey || e.button === 1 };
      if (!drag.pan) scrub(e);
    });
    c.addEventListener("pointermove", (e) => {
      if (!drag) {
        // name the density strip under the pointer
        const i = Math.floor((e.offsetY - AXIS_H - 4) / (STRIP + 2));
        const strips = Object.keys(this.app.density?.entities ?? {}).slice(0, MAX_STRIPS);
        c.title = i >= 0 && i < strips.length ? strips[i] : "";
        return;
      }
      if (drag.pan && this.axis) {
        this.axis = this.axis.pan(e.clientX - drag.x);
        this.userZoomed = true;
        drag.x = e.clientX;
        this.app.requestRender(this);
      } else scrub(e);
    });
    c.addEventListener("pointerup", () => { drag = null; });
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      const a = this.currentAxis();
      if (!a) return;
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) this.axis = a.pan(-(e.deltaX || e.deltaY));
      else this.axis = a.zoom(Math.exp(-e.deltaY * 0.0015), e.offsetX - 8, a.kind === "sequence" ? 4 : 1000);
      this.userZoomed = true;
      this.app.requestRender(this);
    }, { passive: false });
    c.addEventListener("dblclick", () => { this.userZoomed = false; this.app.requestRender(this); });
    window.addEventListener("keydown", (e) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement) return;
      const tl = this.app.timelineInfo();
      if (!tl || tl.min === null) return;
      const step = tl.kind === "sequence" ? 1 : Math.max(1, (this.currentAxis()?.span ?? 1e9) / 100);
      if (e.key === " ") { e.preventDefault(); this.togglePlay(); }
      else if (e.key === "ArrowLeft") { this.setFollow(false); this.app.setTime(Math.max(tl.min, (this.app.time ?? tl.min) - step * (e.shiftKey ? 10 : 1))); }
      else if (e.key === "ArrowRight") { this.setFollow(false); this.app.setTime(Math.min(tl.max, (this.app.time ?? tl.min) + step * (e.shiftKey ? 10 : 1))); }
      else if (e.key === "Home") { this.setFollow(false); this.app.setTime(tl.min); }
      else if (e.key === "End") this.setFollow(true);
    });
  }

  /** While zoomed in, asks for density at the visible range's resolution (one request in flight). */
  fetchZoomedDensity() {
    const a = this.axis;
    if (!this.userZoomed || !a || !this.app.timeline) { this.zoomed = null; return; }
    const from = Math.floor(a.from), to = Math.ceil(a.to);
    const key = `${this.app.timeline}:${from}:${to}`;
    if (this.zoomedKey === key) return;
    this.zoomedKey = key;
    const buckets = Math.max(1, Math.min(512, a.kind === "sequence" ? to - from + 1 : 512));
    this.app.conn.latest("density", () => ({ type: "density", recording: this.app.recordingId, timeline: this.app.timeline, from, to, buckets }))
      .then((answer) => {
        if (!answer) return;
        this.zoomed = answer.message;
        this.app.requestRender(this);
      }, () => { this.zoomedKey = null; });
  }

  render() {
    const tl = this.app.timelineInfo();
    this.label.textContent = tl ? formatTime(this.app.time, tl.kind, tl.kind === "sequence" ? 1 : 1e6) : "static";
    const dpr = window.devicePixelRatio || 1;
    if (this.userZoomed) this.fetchZoomedDensity();
    const density = this.userZoomed && this.zoomed?.timeline === this.app.timeline ? this.zoomed : this.app.density;
    const strips = density ? Object.keys(density.entities ?? {}).slice(0, MAX_STRIPS) : [];
    const cssH = AXIS_H + 8 + Math.max(1, strips.length) * (STRIP + 2);
    if (this.canvas.style.height !== `${cssH}px`) this.canvas.style.height = `${cssH}px`;
    const { cw, ch } = fitCanvas(this.canvas, this.canvas.clientWidth, cssH);
    // CPU-rasterised canvas (see Docs/viewer.md "Performance"): thousands of antialiased segments
    // per frame rasterise faster in the renderer than through the GPU process's software path.
    const ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#17191c";
    ctx.fillRect(0, 0, cw, ch);
    const a = this.currentAxis();
    if (!a) return;
    ctx.save();
    ctx.translate(8, 0);
    const ticks = a.ticks(120);
    ctx.strokeStyle = "#3a3f45";
    ctx.fillStyle = "#9aa0a6";
    ctx.font = "11px sans-serif";
    ctx.textBaseline = "top";
    for (const m of ticks.minor) { ctx.beginPath(); ctx.moveTo(m.x, 0); ctx.lineTo(m.x, 5); ctx.stroke(); }
    for (const m of ticks.major) {
      ctx.beginPath(); ctx.moveTo(m.x, 0); ctx.lineTo(m.x, ch); ctx.stroke();
      ctx.fillText(m.label, m.x + 3, 6);
    }
    // density: a summary strip per entity (up to MAX_STRIPS)
    if (density) {
      const total = density.buckets ?? 0;
      strips.forEach((path, i) => {
        const y = AXIS_H + 4 + i * (STRIP + 2);
        for (const b of densityBars({ from: density.from, to: density.to + 1, counts: density.entities[path] }, a)) {
          ctx.fillStyle = `rgba(76,155,232,${b.alpha.toFixed(3)})`;
          ctx.fillRect(b.x, y, b.w, STRIP);
        }
      });
      if (!total && !strips.length) ctx.fillText("no data", 4, AXIS_H + 4);
    }
    // cursor
    if (this.app.time !== null && this.app.time !== undefined) {
      const x = a.x(this.app.time);
      ctx.fillStyle = "#e8c547";
      ctx.fillRect(x - 1, 0, 2, ch);
    }
    ctx.restore();
  }
}
