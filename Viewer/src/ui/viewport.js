// The viewport: renders the layout tree (splits with draggable dividers, tabs, view panes) and
// keeps one view instance per view id across re-layouts.

import { el, clear } from "./dom.js";
import { resizeSplit } from "./layout.js";

/** Renders `layout` into `root`; `views` maps id → {spec, element}; callbacks edit the layout. */
export class Viewport {
  constructor(root, { onResize, onClose, onSplit, onActivateTab }) {
    this.root = root;
    this.cb = { onResize, onClose, onSplit, onActivateTab };
  }

  render(layout, panes) {
    for (const p of panes.values()) p.pane.remove();
    clear(this.root);
    if (!layout) {
      this.root.append(el("div", { class: "empty" }, "No data yet. Log something to this server, or open a recording."));
      return;
    }
    this.root.append(this.node(layout, panes, []));
  }

  node(n, panes, path) {
    if (n.type === "view") return this.leaf([n.view], 0, panes, path);
    if (n.type === "tabs") return this.leaf(n.children, n.active ?? 0, panes, path);
    const box = el("div", { class: `split ${n.dir}` });
    n.children.forEach((c, i) => {
      const child = el("div", { class: "cell", style: { flex: `${n.sizes[i]} 1 0px` } }, this.node(c, panes, [...path, i]));
      box.append(child);
      if (i < n.children.length - 1) {
        const handle = el("div", { class: `divider ${n.dir}` });
        handle.addEventListener("pointerdown", (e) => {
          handle.setPointerCapture(e.pointerId);
          const rect = box.getBoundingClientRect();
          const total = n.dir === "row" ? rect.width : rect.height;
          let last = n.dir === "row" ? e.clientX : e.clientY;
          const move = (ev) => {
            const pos = n.dir === "row" ? ev.clientX : ev.clientY;
            n.sizes = resizeSplit(n.sizes, i, (pos - last) / total);
            last = pos;
            [...box.children].filter((x) => x.classList.contains("cell")).forEach((cell, k) => { cell.style.flex = `${n.sizes[k]} 1 0px`; });
          };
          const up = () => {
            handle.removeEventListener("pointermove", move);
            handle.removeEventListener("pointerup", up);
            this.cb.onResize();
          };
          handle.addEventListener("pointermove", move);
          handle.addEventListener("pointerup", up);
        });
        box.append(handle);
      }
    });
    return box;
  }

  leaf(ids, active, panes, path) {
    const wrap = el("div", { class: "leaf" });
    const tabs = el("div", { class: "tabs" });
    ids.forEach((id, i) => {
      const p = panes.get(id);
      const title = p?.spec.title ?? id;
      tabs.append(el("span", { class: "tab" + (i === active ? " active" : ""), title: `${p?.spec.kind} ${id}`, onclick: () => this.cb.onActivateTab(path, i) },
        el("span", { class: "kind" }, kindIcon(p?.spec.kind)), title));
    });
    const activeId = ids[active] ?? ids[0];
    tabs.append(el("span", { class: "spacer" }),
      el("button", { class: "small", title: "split right", onclick: () => this.cb.onSplit(activeId, "row") }, "⇹"),
      el("button", { class: "small", title: "split down", onclick: () => this.cb.onSplit(activeId, "column") }, "⇳"),
      el("button", { class: "small", title: "close", onclick: () => this.cb.onClose(activeId) }, "×"));
    wrap.append(tabs);
    const p = panes.get(activeId);
    if (p) wrap.append(p.pane);
    return wrap;
  }
}

function kindIcon(kind) {
  return { spatial3d: "3D", spatial2d: "2D", timeseries: "📈", textlog: "≡", textdoc: "¶", barchart: "▮", tensor: "▦", dataframe: "⊞", graph: "⎔" }[kind] ?? "?";
}
