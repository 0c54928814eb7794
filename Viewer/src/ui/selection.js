// The selection panel: the selected entity's component values at the cursor time.

import { el, clear } from "./dom.js";
import { formatTime } from "../time/axis.js";
import { numbers } from "../data/cells.js";

/** A number with up to 5 significant digits, without trailing zeros. */
const fmt = (x) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(5))));

/** A short human-readable summary of a cell's value (of one instance when `instance` is given and the cell has it). */
export function summarizeCell(cell, max = 8, instance = null) {
  if (!cell) return "—";
  if (instance !== null && cell.kind !== "cleared" && (cell.count ?? 0) > instance && cell.count > 1) {
    if (cell.kind === "strings") return JSON.stringify(cell.strings[instance]);
    if (cell.kind === "bools") return String(cell.bools[instance]);
    if (cell.kind === "json") return JSON.stringify(cell.json[instance]).slice(0, 300);
    if (!cell.offsets) {
      const w = cell.width || 1;
      const xs = Array.from(numbers(cell).subarray(instance * w, instance * w + w), fmt);
      return w > 1 ? `[${xs.join(", ")}]` : xs[0];
    }
  }
  if (cell.kind === "cleared") return "(cleared)";
  if (cell.kind === "strings") return cell.strings.slice(0, max).map((s) => (s === null ? "null" : JSON.stringify(s))).join(", ") + (cell.strings.length > max ? ` … (${cell.strings.length})` : "");
  if (cell.kind === "bools") return cell.bools.slice(0, max).join(", ") + (cell.bools.length > max ? " …" : "");
  if (cell.kind === "json") {
    const s = JSON.stringify(cell.json);
    return s.length > 300 ? s.slice(0, 300) + "…" : s;
  }
  const v = numbers(cell);
  const w = cell.width || 1;
  if (cell.offsets) return `${cell.count} × list (${v.length / w} × ${cell.dtype}${w > 1 ? `×${w}` : ""}, ${cell.data.byteLength} bytes)`;
  const parts = [];
  for (let i = 0; i < Math.min(cell.count, max); i++) {
    const xs = Array.from(v.subarray(i * w, i * w + w), fmt);
    parts.push(w > 1 ? `[${xs.join(", ")}]` : xs[0]);
  }
  return `${parts.join(", ")}${cell.count > max ? ` … (${cell.count} instances)` : ""}`;
}

/** The selection panel. */
export class SelectionPanel {
  constructor(app, element) {
    this.app = app;
    this.element = element;
  }

  render() {
    const app = this.app;
    clear(this.element);
    const path = app.selection;
    if (!path) {
      this.element.append(el("div", { class: "muted" }, "Select an entity in the tree."));
      return;
    }
    const tl = app.timelineInfo();
    const inst = app.selectionInstance ?? null;
    this.element.append(el("h3", {}, inst === null ? path : `${path} #${inst}`), el("div", { class: "muted" }, `at ${tl ? `${tl.name} ${formatTime(app.time, tl.kind, tl.kind === "sequence" ? 1 : 1e6)}` : "static"}`));
    const cells = app.data.cells(path);
    const entity = app.treeByPath.get(path);
    const table = el("table", { class: "values" });
    for (const c of entity?.components ?? []) {
      const cell = cells.get(c.component);
      table.append(el("tr", {}, el("th", { title: c.type ?? "" }, c.component),
        el("td", {}, summarizeCell(cell, 8, inst)),
        el("td", { class: "muted" }, cell?.time === null || cell?.time === undefined ? (cell ? "static" : "") : formatTime(cell.time, tl?.kind, tl?.kind === "sequence" ? 1 : 1e6))));
    }
    this.element.append(table);
  }
}
