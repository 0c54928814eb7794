// Text log view: `text_log` pages at the time cursor (rows at or before it, newest last), level
// colors, level filter and search; follows the cursor. Text is set with textContent only.

import { el, clear, cssColor } from "../ui/dom.js";
import { formatTime } from "../time/axis.js";

const LEVELS = ["CRITICAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"];

/** The text log view. */
export class TextLogView {
  constructor(app, spec, element) {
    this.app = app;
    this.spec = spec;
    this.levels = new Set(LEVELS);
    this.search = "";
    this.limit = 200;
    const levelBoxes = LEVELS.map((lv) => el("label", { class: `lvl lvl-${lv}` },
      el("input", { type: "checkbox", checked: true, onchange: (e) => { if (e.target.checked) this.levels.add(lv); else this.levels.delete(lv); this.fetch(); } }), lv));
    this.searchBox = el("input", { type: "search", placeholder: "search", oninput: (e) => { this.search = e.target.value; this.fetch(); } });
    this.status = el("span", { class: "muted" });
    this.more = el("button", { class: "small", onclick: () => { this.limit = Math.min(10000, this.limit * 2); this.fetch(); } }, "older");
    this.table = el("div", { class: "logrows" });
    element.append(el("div", { class: "toolbar" }, ...levelBoxes, this.searchBox, this.more, this.status), this.table);
    this.rows = [];
  }

  entities() {
    return [];
  }

  onData() {}
  onTime() { this.fetch(); }
  onTimelines() { this.fetch(); }

  fetch() {
    if (!this.app.recordingId) return;
    const all = this.levels.size === LEVELS.length;
    const levels = all ? undefined : [...this.levels];
    if (levels && this.levels.has("WARN")) levels.push("WARNING");
    const at = this.app.time ?? Number.MAX_SAFE_INTEGER;
    this.app.conn.latest(`textlog:${this.spec.id}`, () => ({
      type: "text_log", recording: this.app.recordingId, timeline: this.app.timeline, at, offset: 0, limit: this.limit,
      ...(levels ? { levels } : {}), ...(this.search ? { search: this.search } : {}),
      entities: this.spec.origin === "/" ? null : [this.spec.origin],
    })).then((answer) => {
      if (!answer) return;
      this.rows = answer.message.rows ?? [];
      this.total = answer.message.total ?? this.rows.length;
      this.dirty = true;
      this.app.requestRender(this);
    }, (e) => { this.status.textContent = e.message; });
  }

  render() {
    if (!this.dirty) {
      if (!this.requested) { this.requested = true; this.fetch(); }
      return;
    }
    this.dirty = false;
    const kind = this.app.timelineInfo()?.kind ?? "sequence";
    clear(this.table);
    for (const r of this.rows) {
      const level = (r.level ?? "").toUpperCase();
      const row = el("div", { class: `logrow lvl-${level === "WARNING" ? "WARN" : level}`, "data-level": level },
        el("span", { class: "t" }, r.time === null ? "static" : formatTime(r.time, kind, kind === "sequence" ? 1 : 1e6)),
        el("span", { class: "lv" }, level || "-"),
        el("span", { class: "e" }, r.entity),
        el("span", { class: "x" }, r.text ?? ""));
      if (Number.isFinite(r.color)) row.lastChild.style.color = cssColor(r.color);
      this.table.append(row);
    }
    this.status.textContent = `${this.rows.length} of ${this.total ?? 0}`;
    this.table.scrollTop = this.table.scrollHeight;
  }

  destroy() {}
}
