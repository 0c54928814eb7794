// The viewer shell: connection, state (recordings, tree, timelines, time cursor, entity data),
// the automatic or user layout, panels, the render loop, and test hooks on `window.__rerun`.

import { Connection, socketURL } from "./net/client.js";
import { CellCache } from "./data/cells.js";
import { EntityData } from "./data/entities.js";
import { heuristicViews, heuristicLayout, layoutViewIds, removeView, splitView, addView, validateLayoutDocument } from "./ui/layout.js";
import { el, clear } from "./ui/dom.js";
import { Viewport } from "./ui/viewport.js";
import { TimePanel } from "./ui/timepanel.js";
import { EntityTree } from "./ui/entitytree.js";
import { SelectionPanel } from "./ui/selection.js";
import { Spatial3DView } from "./views/spatial3d.js";
import { Spatial2DView } from "./views/spatial2d.js";
import { TimeSeriesView } from "./views/timeseries.js";
import { TextLogView } from "./views/textlog.js";
import { TextDocumentView } from "./views/textdoc.js";
import { BarChartView, TensorView } from "./views/tensor.js";
import { DataframeView } from "./views/dataframe.js";
import { GraphView } from "./views/graph.js";

const VIEW_CLASSES = {
  spatial3d: Spatial3DView, spatial2d: Spatial2DView, timeseries: TimeSeriesView, textlog: TextLogView,
  textdoc: TextDocumentView, barchart: BarChartView, tensor: TensorView, dataframe: DataframeView, graph: GraphView,
};

/** The application. */
export class App {
  constructor(root) {
    this.root = root;
    this.cache = new CellCache();
    this.data = new EntityData();
    this.recordings = [];
    this.recordingId = null;
    this.tree = [];
    this.treeByPath = new Map();
    this.timelines = [];
    this.timeline = null;
    this.time = null;
    this.density = null;
    this.hidden = new Set();
    this.selection = null;
    this.panes = new Map();
    this.layout = null;
    this.autoLayout = true;
    this.dirty = new Set();
    this.frameScheduled = false;
    this.frameTimes = [];
    this.scrubLatencies = [];
    this.pendingScrub = null;
    this.ready = false;
    this.buildShell();
    const url = socketURL(location.href);
    this.conn = new Connection(url, { openParams: () => ({ recording: this.pinned ? this.recordingId : null, timeline: this.timeline, buckets: this.densityBuckets() }) });
    this.conn.on("status", (s) => {
      this.statusEl.textContent = s;
      this.statusEl.className = `status ${s}`;
      if (s === "disconnected" && this.conn.attempt >= 2) this.explainDisconnect();
    });
    this.conn.on("recordings", (m) => this.onRecordings(m.list ?? []));
    this.conn.on("opened", (m) => { if (m.recording && m.recording !== this.recordingId) this.switchRecording(m.recording, false); });
    this.conn.on("tree", (m) => this.onTree(m));
    this.conn.on("timelines", (m) => this.onTimelines(m));
    this.conn.on("density", (m) => { if (!m.recording || m.recording === this.recordingId) { this.density = m; this.requestRender(this.timePanel); } });
    this.conn.on("reconnected", () => { this.data.clear(); this.queryLatest(); for (const p of this.panes.values()) p.view.onTimelines?.(); });
    this.conn.connect();
    this.installHooks();
  }

  buildShell() {
    this.recordingSelect = el("select", { title: "recording", onchange: (e) => { this.pinned = true; this.switchRecording(e.target.value, true); } });
    this.statusEl = el("span", { class: "status" }, "connecting");
    this.addMenu = el("select", { title: "add a view", onchange: (e) => { if (e.target.value) this.addEmptyView(e.target.value); e.target.value = ""; } },
      el("option", { value: "" }, "+ view"), ...["spatial3d", "spatial2d", "timeseries", "textlog", "dataframe", "graph"].map((k) => el("option", { value: k }, k)));
    this.importInput = el("input", { type: "file", accept: ".json,application/json", style: { display: "none" }, onchange: (e) => this.importLayout(e.target.files[0]) });
    const top = el("header", { class: "top" }, el("strong", {}, "rerun-swift"), this.recordingSelect, this.addMenu,
      el("button", { class: "small", title: "back to the automatic layout", onclick: () => this.resetLayout() }, "reset layout"),
      el("button", { class: "small", onclick: () => this.exportLayout() }, "export"),
      el("button", { class: "small", onclick: () => this.importInput.click() }, "import"), this.importInput,
      el("span", { class: "spacer" }), this.statusEl);
    this.treeEl = el("aside", { class: "left" });
    this.viewportEl = el("main", { class: "viewport" });
    this.selectionEl = el("aside", { class: "right" });
    this.timeEl = el("footer", { class: "timepanel" });
    this.root.append(top, el("div", { class: "middle" }, this.treeEl, this.viewportEl, this.selectionEl), this.timeEl);
    this.entityTree = new EntityTree(this, this.treeEl);
    this.selectionPanel = new SelectionPanel(this, this.selectionEl);
    this.timePanel = new TimePanel(this, this.timeEl);
    this.viewport = new Viewport(this.viewportEl, {
      onResize: () => { this.userEdited(); this.requestRenderAll(); },
      onClose: (id) => { this.layout = removeView(this.layout, id); this.dropPane(id); this.userEdited(); this.relayout(); },
      onSplit: (id, dir) => {
        const spec = this.panes.get(id)?.spec;
        if (!spec) return;
        const copy = { ...spec, id: `${spec.id}#${Date.now() % 100000}` };
        this.ensurePane(copy);
        this.layout = splitView(this.layout, id, copy.id, dir);
        this.userEdited();
        this.relayout();
      },
      onActivateTab: (path, i) => {
        let n = this.layout;
        for (const k of path) n = n.children[k];
        if (n.type === "tabs") { n.active = i; this.userEdited(); this.relayout(); }
      },
    });
    this.viewport.render(null, this.panes);
    new ResizeObserver(() => this.requestRenderAll()).observe(this.viewportEl);
    // Drop .rrd files on the page to load them into the server (POST /api/upload).
    document.addEventListener("dragover", (e) => e.preventDefault());
    document.addEventListener("drop", (e) => {
      e.preventDefault();
      for (const f of e.dataTransfer?.files ?? []) this.upload(f);
    });
    window.addEventListener("resize", () => this.requestRenderAll());
  }

  /** Tells a refused token apart from a server that is down (a WebSocket cannot say 401). */
  async explainDisconnect() {
    const url = new URL("/api/info", location.href);
    const token = new URL(location.href).searchParams.get("token");
    if (token) url.searchParams.set("token", token);
    try {
      const r = await fetch(url);
      if (r.status === 401 || r.status === 403) this.statusEl.textContent = `not authorized (${r.status}): open the URL with ?token=…`;
    } catch {
      this.statusEl.textContent = "server unreachable; retrying";
    }
  }

  /** Uploads an .rrd file to the server; the new recording appears in the selector. */
  async upload(file) {
    const url = new URL("/api/upload", location.href);
    const token = new URL(location.href).searchParams.get("token");
    if (token) url.searchParams.set("token", token);
    this.statusEl.textContent = `uploading ${file.name}…`;
    try {
      const r = await fetch(url, { method: "POST", body: file });
      const j = await r.json();
      this.statusEl.textContent = j.ok ? `loaded ${file.name}` : `upload failed: ${j.error}`;
    } catch (e) {
      this.statusEl.textContent = `upload failed: ${e.message}`;
    }
  }

  // ---- server state ----

  onRecordings(list) {
    this.recordings = list;
    clear(this.recordingSelect);
    for (const r of list) {
      this.recordingSelect.append(el("option", { value: r.id, selected: r.id === this.recordingId },
        `${r.name ?? r.application_id}${r.kind === "blueprint" ? " (blueprint)" : ""} · ${r.id.slice(0, 8)}`));
    }
  }

  switchRecording(id, fromUser) {
    if (id === this.recordingId) return;
    this.recordingId = id;
    this.data.clear();
    this.cache.clear();
    this.tree = [];
    this.treeByPath = new Map();
    this.timelines = [];
    this.density = null;
    this.timeline = null;
    this.time = null;
    for (const id2 of [...this.panes.keys()]) this.dropPane(id2);
    this.layout = null;
    this.loadPersistedLayout();
    if (fromUser) this.conn.reopen();
    this.onRecordings(this.recordings);
    this.relayout();
  }

  /** Whether a push is for the shown recording; follows the server to a newer one unless pinned. */
  acceptsPush(m) {
    if (!m.recording || m.recording === this.recordingId) return true;
    if (this.pinned && this.recordingId) return false;
    this.switchRecording(m.recording, false);
    return true;
  }

  onTree(m) {
    if (!this.acceptsPush(m)) return;
    this.tree = m.entities ?? [];
    this.treeByPath = new Map(this.tree.map((e) => [e.path, e]));
    this.entityTree.render();
    if (this.autoLayout) {
      const views = heuristicViews(this.tree);
      const ids = views.map((v) => v.id).join("|");
      if (ids !== this.autoIds) {
        this.autoIds = ids;
        for (const id of [...this.panes.keys()]) if (!views.some((v) => v.id === id)) this.dropPane(id);
        for (const v of views) this.ensurePane(v, true);
        this.layout = heuristicLayout(views);
        this.relayout();
      } else {
        for (const v of views) { const p = this.panes.get(v.id); if (p) p.spec.entities = v.entities; }
      }
    } else {
      this.relayout();
    }
    this.queryLatest();
  }

  onTimelines(m) {
    if (!this.acceptsPush(m)) return;
    this.timelines = m.list ?? [];
    const names = this.timelines.map((t) => t.name);
    if (!names.includes(this.timeline)) {
      const seq = this.timelines.find((t) => t.kind === "sequence" && t.name !== "log_tick");
      this.timeline = (seq ?? this.timelines.find((t) => t.name !== "log_tick") ?? this.timelines[0])?.name ?? null;
      if (this.timeline) this.conn.reopen();
    }
    const tl = this.timelineInfo();
    if (tl && tl.min !== null) {
      if (this.timePanel.follow || this.time === null) this.time = tl.max;
    }
    if (this.timeline && this.densityBuckets() !== this.requestedBuckets) {
      this.requestedBuckets = this.densityBuckets();
      this.conn.reopen();
    }
    this.timePanel.updateTimelines();
    for (const p of this.panes.values()) p.view.onTimelines?.();
    this.queryLatest();
    this.requestRenderAll();
  }

  /** Density buckets to ask for: 512, or one per step of a short sequence timeline (no gaps). */
  densityBuckets() {
    const tl = this.timelineInfo();
    if (tl?.kind === "sequence" && tl.min !== null && tl.max - tl.min + 1 < 512) return Math.max(1, tl.max - tl.min + 1);
    return 512;
  }

  /** The current timeline's `{name, kind, min, max}`, or null. */
  timelineInfo() {
    return this.timelines.find((t) => t.name === this.timeline) ?? null;
  }

  setTimeline(name) {
    this.timeline = name;
    const tl = this.timelineInfo();
    this.time = tl?.max ?? null;
    this.density = null;
    this.conn.reopen();
    this.timePanel.updateTimelines();
    for (const p of this.panes.values()) p.view.onTimelines?.();
    this.queryLatest();
    this.requestRenderAll();
  }

  /** Moves the time cursor; queries the visible entities at the new time. */
  setTime(t, { fromPlayback = false } = {}) {
    if (t === this.time) return;
    this.time = t;
    this.pendingScrub = { time: t, started: performance.now() };
    if (!fromPlayback) this.requestRender(this.timePanel);
    this.queryLatest();
    for (const p of this.panes.values()) p.view.onTime?.();
    this.requestRender(this.timePanel);
    this.selectionPanel.render();
  }

  /** Entities needed by the views (and the selection). */
  neededEntities() {
    const set = new Set();
    // Only views on screen (not in a background tab) ask for data.
    for (const p of this.panes.values()) if (p.pane.isConnected) for (const e of p.view.entities()) set.add(e);
    if (this.selection && this.treeByPath.has(this.selection)) set.add(this.selection);
    return [...set].slice(0, 10000);
  }

  /** latest_at for every needed entity at the cursor (one in flight, newest wins; unchanged cells come back as `same`). */
  queryLatest(entitiesOverride = null, { key = "latest_at", useHave = true } = {}) {
    if (!this.recordingId) return;
    const entities = entitiesOverride ?? this.neededEntities();
    if (!entities.length) { this.checkReady(); return; }
    const time = this.time;
    const timeline = this.timeline;
    this.conn.latest(key, () => ({
      type: "latest_at", recording: this.recordingId, timeline, time: time ?? 0, entities,
      have: useHave ? this.data.keysFor(entities) : [],
    })).then((answer) => {
      if (!answer) return;
      const { message, buffers } = answer;
      const missing = [];
      for (const ent of message.entities ?? []) {
        const cells = [];
        let miss = false;
        for (const w of ent.components ?? []) {
          const c = this.cache.resolve(w, buffers);
          if (c === null) miss = true;
          else cells.push(c);
        }
        if (miss) missing.push(ent.path);
        else this.data.set(ent.path, cells);
      }
      if (missing.length) this.queryLatest(missing, { key: "latest_at_retry", useHave: false });
      this.lastLatest = { time, entities: entities.length };
      for (const p of this.panes.values()) p.view.onData?.();
      this.requestRenderAll();
      if (this.pendingScrub && this.pendingScrub.time === time) this.pendingScrub.answered = performance.now();
      this.selectionPanel.render();
      this.checkReady();
    }, (e) => {
      // An answer over the server's response limit: ask for the entities in two halves.
      if (e.code === "too_large" && entities.length > 1) {
        const mid = Math.ceil(entities.length / 2);
        this.queryLatest(entities.slice(0, mid), { key: `${key}/a` });
        this.queryLatest(entities.slice(mid), { key: `${key}/b` });
      } else console.warn("latest_at failed", e);
    });
  }

  checkReady() {
    if (!this.ready && this.recordingId && this.tree.length) {
      this.ready = true;
      document.title = "rerun-swift viewer";
    }
  }

  // ---- views and layout ----

  ensurePane(spec, auto = false) {
    if (this.panes.has(spec.id)) return this.panes.get(spec.id);
    const Cls = VIEW_CLASSES[spec.kind];
    if (!Cls) return null;
    const pane = el("div", { class: `pane ${spec.kind}`, "data-view": spec.id });
    const view = new Cls(this, spec, pane);
    const entry = { spec, view, pane, auto };
    this.panes.set(spec.id, entry);
    return entry;
  }

  dropPane(id) {
    const p = this.panes.get(id);
    if (!p) return;
    p.view.destroy?.();
    p.pane.remove();
    this.panes.delete(id);
  }

  relayout() {
    const ids = new Set(layoutViewIds(this.layout));
    for (const id of [...this.panes.keys()]) if (!ids.has(id)) this.dropPane(id);
    this.viewport.render(this.layout, this.panes);
    this.persistLayout();
    this.queryLatest();
    this.requestRenderAll();
  }

  userEdited() {
    this.autoLayout = false;
    this.persistLayout();
  }

  addViewFor(path) {
    const e = this.treeByPath.get(path);
    const views = heuristicViews(e ? [e] : []);
    const spec = views[0] ? { ...views[0], id: `${views[0].id}#${Date.now() % 100000}` } : { id: `dataframe:${path}#${Date.now() % 100000}`, kind: "dataframe", title: path, origin: path, entities: [path] };
    this.ensurePane(spec);
    this.layout = addView(this.layout, spec.id);
    this.userEdited();
    this.relayout();
  }

  addEmptyView(kind) {
    const entities = kind === "timeseries" ? this.tree.filter((e) => e.components?.some((c) => c.component === "Scalars:scalars")).map((e) => e.path) : this.tree.map((e) => e.path);
    const spec = { id: `${kind}:/#${Date.now() % 100000}`, kind, title: kind === "dataframe" ? "Dataframe" : "/", origin: "/", entities };
    this.ensurePane(spec);
    this.layout = addView(this.layout, spec.id);
    this.userEdited();
    this.relayout();
  }

  layoutDocument() {
    return { version: 1, auto: this.autoLayout, views: [...this.panes.values()].map((p) => p.spec), layout: this.layout, hidden: [...this.hidden] };
  }

  storageKey() {
    const r = this.recordings.find((x) => x.id === this.recordingId);
    return `rerun-swift-layout:${r?.application_id ?? "default"}`;
  }

  persistLayout() {
    if (this.autoLayout) { try { localStorage.removeItem(this.storageKey()); } catch { /* storage may be unavailable */ } return; }
    try { localStorage.setItem(this.storageKey(), JSON.stringify(this.layoutDocument())); } catch { /* ignore */ }
  }

  loadPersistedLayout() {
    let doc = null;
    try { doc = JSON.parse(localStorage.getItem(this.storageKey()) ?? "null"); } catch { doc = null; }
    if (!doc) { this.autoLayout = true; this.autoIds = null; return; }
    try { this.applyLayoutDocument(validateLayoutDocument(doc)); } catch { this.autoLayout = true; }
  }

  applyLayoutDocument(doc) {
    for (const id of [...this.panes.keys()]) this.dropPane(id);
    for (const v of doc.views) this.ensurePane(v);
    this.layout = doc.layout;
    this.hidden = new Set(doc.hidden ?? []);
    this.autoLayout = !!doc.auto;
    this.autoIds = null;
  }

  resetLayout() {
    this.autoLayout = true;
    this.autoIds = null;
    try { localStorage.removeItem(this.storageKey()); } catch { /* ignore */ }
    this.onTree({ recording: this.recordingId, entities: this.tree });
  }

  exportLayout() {
    const url = URL.createObjectURL(new Blob([JSON.stringify(this.layoutDocument(), null, 2)], { type: "application/json" }));
    const a = el("a", { href: url, download: "rerun-swift-layout.json" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async importLayout(file) {
    if (!file) return;
    try {
      this.applyLayoutDocument(validateLayoutDocument(JSON.parse(await file.text())));
      this.autoLayout = false;
      this.relayout();
    } catch (e) {
      alert(`Could not import the layout: ${e.message}`);
    }
  }

  /** Time series views share their visible time range (linked x axes; `spec.unlinked` opts out). */
  linkPlotAxes(source) {
    if (source.spec.unlinked) return;
    for (const p of this.panes.values()) {
      if (p.view !== source && p.spec.kind === "timeseries" && !p.spec.unlinked) p.view.linkFrom(source);
    }
  }

  // ---- selection and visibility ----

  /** Selects an entity (and optionally one instance of it, e.g. a picked point). */
  select(path, instance = null) {
    this.selection = path;
    this.selectionInstance = instance;
    this.entityTree.render();
    this.selectionPanel.render();
    if (!this.data.byPath.has(path)) this.queryLatest();
  }

  setHidden(path, hidden) {
    if (hidden) this.hidden.add(path); else this.hidden.delete(path);
    this.data.version++;
    for (const p of this.panes.values()) p.view.onData?.();
    this.persistLayout();
    this.requestRenderAll();
  }

  isHidden(path) {
    if (this.hidden.has(path)) return true;
    for (const h of this.hidden) if (path.startsWith(h + "/")) return true;
    return false;
  }

  // ---- rendering ----

  requestRender(view) {
    if (view) this.dirty.add(view);
    if (!this.frameScheduled) {
      this.frameScheduled = true;
      requestAnimationFrame((now) => this.frame(now));
    }
  }

  requestRenderAll() {
    for (const p of this.panes.values()) if (p.pane.isConnected) this.dirty.add(p.view);
    this.requestRender(this.timePanel);
  }

  frame(now) {
    this.frameScheduled = false;
    const start = performance.now();
    this.timePanel.tick(now);
    const dirty = [...this.dirty];
    this.dirty.clear();
    for (const v of dirty) {
      try {
        v.render();
      } catch (e) {
        console.error("render failed", e);
      }
    }
    const end = performance.now();
    if (dirty.length) {
      this.frameTimes.push(end - start);
      if (this.frameTimes.length > 2000) this.frameTimes.splice(0, 1000);
    }
    if (this.pendingScrub?.answered) {
      this.scrubLatencies.push(end - this.pendingScrub.started);
      this.pendingScrub = null;
    }
    this.lastFrameEnd = end;
    if (this.timePanel.playing) this.requestRender(this.timePanel);
  }

  // ---- test hooks ----

  installHooks() {
    const app = this;
    window.__rerun = {
      app,
      get ready() { return app.ready; },
      get frameTimes() { return app.frameTimes; },
      get scrubLatencies() { return app.scrubLatencies; },
      get status() { return app.conn.status; },
      views: () => [...app.panes.values()].map((p) => {
        const r = p.pane.getBoundingClientRect();
        return { id: p.spec.id, kind: p.spec.kind, origin: p.spec.origin, entities: p.spec.entities, rect: { x: r.x, y: r.y, width: r.width, height: r.height } };
      }),
      view: (id) => app.panes.get(id)?.view,
      setTime: (t) => { app.timePanel.setFollow(false); app.setTime(t); return window.__rerun.idle(); },
      setTimeline: (n) => { app.setTimeline(n); return window.__rerun.idle(); },
      drop: () => app.conn.drop(),
      /** Resolves once no request is outstanding and a frame has rendered after that. */
      idle: (timeoutMs = 10000) => new Promise((resolve, reject) => {
        const t0 = performance.now();
        let calm = 0;
        const check = () => {
          const quiet = app.conn.busy === 0 && !app.frameScheduled && app.dirty.size === 0 && app.conn.status === "connected";
          calm = quiet ? calm + 1 : 0;
          if (calm >= 3) resolve(true);
          else if (performance.now() - t0 > timeoutMs) reject(new Error(`not idle after ${timeoutMs} ms (busy ${app.conn.busy})`));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    };
  }
}

new App(document.getElementById("app"));
