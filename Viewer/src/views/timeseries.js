// Time series view: Scalars as lines (SeriesLines) or points (SeriesPoints), decimated by the
// server (`plot`, M4) for the visible range and pixel width. Wheel zooms time (shift: values),
// drag pans, double-click resets, click sets the time cursor; the legend toggles series.
// "XY" mode plots the first visible series against the second (joined on time).

import { TimeAxis, formatTime } from "../time/axis.js";
import { ValueAxis, polylines, relativeTimes, valueRange } from "./plotgeom.js";
import { typedView } from "../net/frame.js";
import { el, clear, autoColor, cssColor, fitCanvas } from "../ui/dom.js";
import { numbers } from "../data/cells.js";

const LEFT = 56, BOTTOM = 20, TOP = 6, RIGHT = 8;

/** The time series view. */
export class TimeSeriesView {
  constructor(app, spec, element) {
    this.app = app;
    this.spec = spec;
    this.canvas = el("canvas", { class: "c2d" });
    this.legend = el("div", { class: "legend" });
    this.xyButton = el("button", { class: "small", title: "plot the first series against the second", onclick: () => { this.xy = !this.xy; this.xyButton.classList.toggle("on", this.xy); this.fetch(); } }, "XY");
    this.legend.append(this.xyButton);
    element.append(this.canvas, this.legend);
    this.series = [];
    this.hiddenSeries = new Set(spec.hiddenSeries ?? []);
    this.axis = null;
    this.yAxis = null;
    this.userX = false;
    this.userY = false;
    this.xy = false;
    this.lastFetch = null;
    this.installControls();
  }

  entities() {
    return this.spec.entities;
  }

  timelineRange() {
    const tl = this.app.timelineInfo();
    if (!tl || tl.min === null || tl.min === undefined) return null;
    return tl;
  }

  plotWidth() {
    return Math.max(10, this.canvas.clientWidth - LEFT - RIGHT);
  }

  currentAxis() {
    const tl = this.timelineRange();
    if (!tl) return null;
    const w = this.plotWidth();
    if (!this.axis || !this.userX) this.axis = TimeAxis.fit(tl.min, tl.max, w, tl.kind, 0.01);
    else if (this.axis.width !== w) this.axis = this.axis.resized(w);
    return this.axis;
  }

  installControls() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, moved: false }; c.setPointerCapture(e.pointerId); });
    c.addEventListener("pointermove", (e) => {
      if (!drag || !this.axis) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
      if (!drag.moved) return;
      drag.x = e.clientX; drag.y = e.clientY;
      this.axis = this.axis.pan(dx);
      this.userX = true;
      this.app.linkPlotAxes(this);
      if (this.yAxis && this.userY) this.yAxis = this.yAxis.pan(dy);
      this.fetch();
      this.app.requestRender(this);
    });
    c.addEventListener("pointerup", (e) => {
      if (drag && !drag.moved && this.axis && !this.xy) {
        const t = this.axis.snappedTime(e.offsetX - LEFT);
        this.app.setTime(t);
      }
      drag = null;
    });
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      const f = Math.exp(-e.deltaY * 0.0015);
      if (e.shiftKey && this.yAxis) {
        this.yAxis = this.yAxis.zoom(f, e.offsetY - TOP);
        this.userY = true;
      } else if (this.axis) {
        this.axis = this.axis.zoom(f, e.offsetX - LEFT, this.axis.kind === "sequence" ? 2 : 1);
        this.userX = true;
        this.app.linkPlotAxes(this);
        this.fetch();
      }
      this.app.requestRender(this);
    }, { passive: false });
    c.addEventListener("dblclick", () => { this.userX = this.userY = false; this.app.linkPlotAxes(this); this.fetch(); this.app.requestRender(this); });
  }

  /** Takes another plot's visible time range (linked x axes). */
  linkFrom(other) {
    this.userX = other.userX;
    this.axis = other.axis ? new TimeAxis(other.axis.from, other.axis.to, this.plotWidth(), other.axis.kind) : null;
    this.fetch();
    this.app.requestRender(this);
  }

  onData() {}
  onTimelines() { this.fetch(); }
  onTime() { this.app.requestRender(this); }

  /** Asks the server for the decimated series of the visible range (newest request wins). */
  fetch() {
    const axis = this.currentAxis();
    if (!axis || !this.app.timeline) return;
    const full = this.xy ? this.timelineRange() : null;
    const from = Math.floor(full ? full.min : axis.from), to = Math.ceil(full ? full.max : axis.to);
    const width = this.xy ? 4096 : Math.min(16384, Math.round(axis.width));
    const started = performance.now();
    this.app.conn.latest(`plot:${this.spec.id}`, () => ({
      type: "plot", recording: this.app.recordingId, timeline: this.app.timeline, from, to, width,
      series: this.spec.entities.map((entity) => ({ entity, component: "Scalars:scalars" })),
    })).then((answer) => {
      if (!answer) return;
      this.receive(answer, started);
    }, (e) => { this.error = e.message; });
  }

  receive({ message, buffers }, started) {
    const data = this.app.data;
    this.series = (message.series ?? []).map((s) => {
      const times = s.count ? typedView(buffers[s.times], "i64") : new BigInt64Array(0);
      const values = s.count ? typedView(buffers[s.values], "f64") : new Float64Array(0);
      const inst = s.instance ?? 0;
      const colors = numbers(data.get(s.entity, "SeriesLines:colors") ?? data.get(s.entity, "SeriesPoints:colors"));
      const names = data.get(s.entity, "SeriesLines:names") ?? data.get(s.entity, "SeriesPoints:names");
      const widths = numbers(data.get(s.entity, "SeriesLines:widths"));
      const isPoints = !!data.get(s.entity, "SeriesPoints:markers") || (!!data.get(s.entity, "SeriesPoints:colors") && !data.get(s.entity, "SeriesLines:colors"));
      const color = colors.length ? cssColor(colors[Math.min(inst, colors.length - 1)]) : `rgb(${autoColor(`${s.entity}#${inst}`).join(",")})`;
      const name = names?.strings?.[Math.min(inst, names.strings.length - 1)] ?? (s.instance !== undefined && inst > 0 ? `${s.entity}[${inst}]` : s.entity);
      const sizes = numbers(data.get(s.entity, "SeriesPoints:marker_sizes"));
      const markerSize = sizes.length ? sizes[Math.min(inst, sizes.length - 1)] : 2;
      return { id: `${s.entity}#${inst}`, entity: s.entity, instance: inst, times, values, color, name, width: widths[0] ?? 1.5, points: isPoints, markerSize, samples: s.samples };
    });
    this.fetchMs = performance.now() - started;
    this.buildLegend();
    this.app.requestRender(this);
  }

  buildLegend() {
    for (const n of [...this.legend.childNodes]) if (n !== this.xyButton) n.remove();
    for (const s of this.series) {
      const item = el("span", { class: "legend-item" + (this.hiddenSeries.has(s.id) ? " off" : ""), title: `${s.samples ?? 0} samples`, onclick: () => {
        if (this.hiddenSeries.has(s.id)) this.hiddenSeries.delete(s.id); else this.hiddenSeries.add(s.id);
        item.classList.toggle("off");
        this.app.requestRender(this);
      } }, el("span", { class: "swatch", style: { background: s.color } }), s.name);
      this.legend.append(item);
    }
  }

  render() {
    const { dpr, cw, ch, resized } = fitCanvas(this.canvas);
    if (resized && this.axis && Math.round(this.axis.width) !== Math.round(this.plotWidth())) this.fetch();
    if (!this.lastFetch && this.timelineRange()) {
      this.lastFetch = true;
      this.fetch();
    }
    // CPU-rasterised canvas (see Docs/viewer.md "Performance"): thousands of antialiased segments
    // per frame rasterise faster in the renderer than through the GPU process's software path.
    const ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#121416";
    ctx.fillRect(0, 0, cw, ch);
    const axis = this.currentAxis();
    if (!axis) return;
    const visible = this.series.filter((s) => !this.hiddenSeries.has(s.id));
    const h = Math.max(10, ch - TOP - BOTTOM);
    if (this.xy) return this.renderXY(ctx, visible, cw, ch, h);
    if (!this.userY || !this.yAxis) {
      const r = valueRange(...visible.map((s) => s.values));
      this.yAxis = r ? ValueAxis.fit(r.min, r.max, h) : new ValueAxis(-1, 1, h);
    } else if (this.yAxis.height !== h) this.yAxis = new ValueAxis(this.yAxis.min, this.yAxis.max, h);
    this.drawGrid(ctx, axis, this.yAxis, cw, ch, h);
    ctx.save();
    ctx.beginPath();
    ctx.rect(LEFT, TOP, axis.width, h);
    ctx.clip();
    ctx.translate(LEFT, TOP);
    for (const s of visible) {
      ctx.strokeStyle = s.color;
      ctx.fillStyle = s.color;
      ctx.lineWidth = s.width;
      if (s.points) {
        const rel = relativeTimes(s.times, axis.from);
        const k = axis.width / axis.span;
        const r = Math.max(1, s.markerSize);
        for (let i = 0; i < s.values.length; i++) {
          ctx.beginPath();
          ctx.arc(rel[i] * k, this.yAxis.y(s.values[i]), r, 0, Math.PI * 2);
          ctx.fill();
        }
        continue;
      }
      for (const seg of polylines(s.times, s.values, axis, this.yAxis)) {
        ctx.beginPath();
        ctx.moveTo(seg[0], seg[1]);
        for (let i = 2; i < seg.length; i += 2) ctx.lineTo(seg[i], seg[i + 1]);
        ctx.stroke();
      }
      if (s.values.length === 1) ctx.fillRect(axis.x(Number(s.times[0])) - 2, this.yAxis.y(s.values[0]) - 2, 4, 4);
    }
    // time cursor
    const t = this.app.time;
    if (t !== null && t !== undefined) {
      ctx.fillStyle = "#e8c547";
      ctx.fillRect(Math.round(axis.x(t)) - 1, 0, 2, h);
    }
    ctx.restore();
  }

  drawGrid(ctx, axis, yAxis, cw, ch, h) {
    ctx.font = "11px sans-serif";
    ctx.fillStyle = "#9aa0a6";
    ctx.strokeStyle = "#2a2e33";
    ctx.lineWidth = 1;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const tk of yAxis.ticks(40)) {
      const y = TOP + tk.y;
      ctx.beginPath(); ctx.moveTo(LEFT, y); ctx.lineTo(LEFT + axis.width, y); ctx.stroke();
      ctx.fillText(tk.label, LEFT - 4, y);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const tk of axis.ticks(110).major) {
      const x = LEFT + tk.x;
      ctx.beginPath(); ctx.moveTo(x, TOP); ctx.lineTo(x, TOP + h); ctx.stroke();
      ctx.fillText(tk.label, x, TOP + h + 3);
    }
  }

  renderXY(ctx, visible, cw, ch, h) {
    if (visible.length < 2) {
      ctx.fillStyle = "#9aa0a6";
      ctx.fillText("XY mode needs two visible series", LEFT + 10, TOP + 20);
      return;
    }
    const [sx, sy] = visible;
    const byTime = new Map();
    for (let i = 0; i < sx.times.length; i++) byTime.set(sx.times[i], sx.values[i]);
    const xs = [], ys = [];
    for (let i = 0; i < sy.times.length; i++) {
      const x = byTime.get(sy.times[i]);
      if (x !== undefined) { xs.push(x); ys.push(sy.values[i]); }
    }
    const rx = valueRange(xs) ?? { min: -1, max: 1 };
    const ry = valueRange(ys) ?? { min: -1, max: 1 };
    const w = this.plotWidth();
    const xa = ValueAxis.fit(rx.min, rx.max, w);
    const ya = ValueAxis.fit(ry.min, ry.max, h);
    ctx.strokeStyle = "#2a2e33";
    ctx.fillStyle = "#9aa0a6";
    ctx.font = "11px sans-serif";
    for (const tk of ya.ticks(40)) { ctx.fillText(tk.label, 4, TOP + tk.y); }
    for (const tk of xa.ticks(60)) { ctx.fillText(tk.label, LEFT + (w - tk.y), TOP + h + 12); }
    ctx.strokeStyle = sy.color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let i = 0; i < xs.length; i++) {
      const X = LEFT + (w - xa.y(xs[i])), Y = TOP + ya.y(ys[i]);
      if (i === 0) ctx.moveTo(X, Y); else ctx.lineTo(X, Y);
    }
    ctx.stroke();
    ctx.fillText(`${sy.name} vs ${sx.name}`, LEFT + 6, TOP + 12);
  }

  /** Canvas CSS pixel (x, y) for a (time, value) pair, for tests. */
  toCanvas(t, v) {
    if (!this.axis || !this.yAxis) return null;
    return [LEFT + this.axis.x(t), TOP + this.yAxis.y(v)];
  }

  destroy() {}
}

