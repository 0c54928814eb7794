// The entity tree panel: hierarchy from entity paths, component lists, visibility toggles,
// selection and "add to view".

import { el, clear } from "./dom.js";
import { pathParts } from "./layout.js";

/** Builds a hierarchy `{name, path, entity, children: Map}` from tree entities (implicit parents included). */
export function buildHierarchy(entities) {
  const root = { name: "/", path: "/", entity: null, children: new Map() };
  for (const e of entities) {
    if (e.path === "/") { root.entity = e; continue; }
    let node = root;
    const parts = pathParts(e.path);
    parts.forEach((part, i) => {
      if (!node.children.has(part)) node.children.set(part, { name: part, path: "/" + parts.slice(0, i + 1).join("/"), entity: null, children: new Map() });
      node = node.children.get(part);
    });
    node.entity = e;
  }
  return root;
}

/** The entity tree panel. */
export class EntityTree {
  constructor(app, element) {
    this.app = app;
    this.element = element;
    this.expanded = new Set(["/"]);
    this.filter = "";
    this.search = el("input", { type: "search", placeholder: "filter entities", oninput: (e) => { this.filter = e.target.value.toLowerCase(); this.render(); } });
    this.list = el("div", { class: "tree" });
    element.append(this.search, this.list);
  }

  render() {
    clear(this.list);
    const root = buildHierarchy(this.app.tree);
    const count = this.app.tree.length;
    const rows = [];
    const walk = (node, depth) => {
      if (rows.length > 2000) return;
      if (!this.filter && node.path.startsWith("/__")) return; // internal entities (recording properties)
      const matches = !this.filter || node.path.toLowerCase().includes(this.filter);
      if (node.path !== "/" && matches) rows.push(this.row(node, depth));
      const open = this.filter || this.expanded.has(node.path) || count <= 60;
      if (open) for (const c of node.children.values()) walk(c, node.path === "/" ? depth : depth + 1);
    };
    if (root.entity) rows.push(this.row(root, 0));
    walk(root, 0);
    if (rows.length > 2000) rows.push(el("div", { class: "muted" }, "… (filter to see more)"));
    this.list.append(...rows);
  }

  row(node, depth) {
    const app = this.app;
    const hidden = app.hidden.has(node.path);
    const hasKids = node.children.size > 0;
    const open = this.expanded.has(node.path);
    const r = el("div", { class: "node" + (app.selection === node.path ? " selected" : ""), style: { paddingLeft: `${depth * 12 + 4}px` }, "data-path": node.path },
      el("span", { class: "caret", onclick: () => { if (open) this.expanded.delete(node.path); else this.expanded.add(node.path); this.render(); } }, hasKids || node.entity ? (open ? "▾" : "▸") : " "),
      el("input", { type: "checkbox", checked: !hidden, title: "visible", onchange: (e) => app.setHidden(node.path, !e.target.checked) }),
      el("span", { class: "name", onclick: () => app.select(node.path) }, node.name),
      node.entity ? el("button", { class: "small add", title: "add a view of this entity", onclick: () => app.addViewFor(node.path) }, "+") : null);
    if (!open || !node.entity) return r;
    const comps = el("div", { class: "comps" });
    for (const c of node.entity.components ?? []) {
      comps.append(el("div", { class: "comp", style: { paddingLeft: `${depth * 12 + 34}px` }, title: `${c.type ?? ""} · ${c.rows ?? "?"} rows` }, c.component));
    }
    return el("div", {}, r, comps);
  }
}
