// Dataframe view: a virtualized table of `dataframe` pages (only the rows on screen are fetched
// and in the DOM), with CSV download of the whole query.

import { el, clear } from "../ui/dom.js";

const ROW = 22, PAGE = 100;

/** CSV text for columns and JSON rows (RFC 4180 quoting; nested values as JSON). */
export function toCSV(columns, rows) {
  const q = (v) => {
    const s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map((c) => q(c.name)).join(","), ...rows.map((r) => r.map(q).join(","))].join("\n") + "\n";
}

/** The dataframe view. */
export class DataframeView {
  constructor(app, spec, element) {
    this.app = app;
    this.spec = spec;
    this.contents = spec.contents ?? (spec.origin && spec.origin !== "/" ? [`${spec.origin}/**`] : ["/**"]);
    this.pages = new Map();
    this.total = 0;
    this.columns = [];
    this.status = el("span", { class: "muted" });
    this.filter = el("input", { type: "text", value: this.contents.join(" "), title: "entity path filter", onchange: (e) => { this.contents = e.target.value.split(/\s+(?=[+-]?\s*\/)/).filter(Boolean); this.reset(); } });
    element.append(el("div", { class: "toolbar" }, this.filter, el("button", { class: "small", onclick: () => this.download() }, "CSV"), this.status));
    this.scroller = el("div", { class: "dfscroll", onscroll: () => this.app.requestRender(this) });
    this.spacer = el("div", { class: "dfspacer" });
    this.header = el("div", { class: "dfheader" });
    this.body = el("div", { class: "dfbody" });
    this.scroller.append(this.spacer);
    element.append(this.header, this.scroller);
    this.spacer.append(this.body);
    this.drawnKey = null;
  }

  entities() { return []; }
  onData() {}
  onTimelines() { this.reset(); }

  reset() {
    this.pages.clear();
    this.drawnKey = null;
    this.app.requestRender(this);
  }

  request(offset, limit) {
    return this.app.conn.request({ type: "dataframe", recording: this.app.recordingId, timeline: this.app.timeline, contents: this.contents, from: null, to: null, offset, limit });
  }

  loadPage(p) {
    if (this.pages.has(p)) return;
    this.pages.set(p, null);
    this.request(p * PAGE, PAGE).then(({ message }) => {
      this.total = message.total ?? 0;
      this.columns = message.columns ?? [];
      this.pages.set(p, message.rows ?? []);
      this.drawnKey = null;
      this.app.requestRender(this);
    }, (e) => { this.status.textContent = e.message; this.pages.delete(p); });
  }

  render() {
    if (!this.app.recordingId) return;
    const first = Math.floor(this.scroller.scrollTop / ROW);
    const visible = Math.ceil((this.scroller.clientHeight || 300) / ROW) + 1;
    for (let p = Math.floor(first / PAGE); p <= Math.floor((first + visible) / PAGE); p++) this.loadPage(p);
    const key = `${first}:${visible}:${this.total}:${this.columns.length}`;
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    this.spacer.style.height = `${this.total * ROW}px`;
    clear(this.header);
    const template = this.columns.map((c) => (c.name.includes(":") ? "minmax(160px, 2fr)" : "minmax(90px, 1fr)")).join(" ");
    this.header.style.gridTemplateColumns = template;
    for (const c of this.columns) this.header.append(el("div", { title: c.type }, c.name));
    clear(this.body);
    this.body.style.transform = `translateY(${first * ROW}px)`;
    for (let r = first; r < Math.min(this.total, first + visible); r++) {
      const row = this.pages.get(Math.floor(r / PAGE))?.[r % PAGE];
      const line = el("div", { class: "dfrow", style: { gridTemplateColumns: template } });
      for (let c = 0; c < this.columns.length; c++) {
        const v = row?.[c];
        line.append(el("div", {}, v === undefined ? "…" : v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v)));
      }
      this.body.append(line);
    }
    this.status.textContent = `${this.total} rows`;
  }

  async download() {
    const rows = [];
    let columns = this.columns;
    for (let offset = 0; offset < 100000; offset += 10000) {
      const { message } = await this.request(offset, 10000);
      columns = message.columns ?? columns;
      rows.push(...(message.rows ?? []));
      if (rows.length >= (message.total ?? 0)) break;
    }
    const url = URL.createObjectURL(new Blob([toCSV(columns, rows)], { type: "text/csv" }));
    const a = el("a", { href: url, download: "dataframe.csv" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  destroy() {}
}
