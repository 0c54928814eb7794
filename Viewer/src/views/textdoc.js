// Text document view: TextDocument text as plain text or safe markdown.

import { el, clear } from "../ui/dom.js";
import { renderMarkdown } from "../ui/markdown.js";

/** The text document view. */
export class TextDocumentView {
  constructor(app, spec, element) {
    this.app = app;
    this.spec = spec;
    this.body = el("div", { class: "doc" });
    element.append(this.body);
    this.shown = null;
  }

  entities() {
    return this.spec.entities;
  }

  onData() {}

  render() {
    const path = this.spec.entities[0];
    const cell = this.app.data.get(path, "TextDocument:text");
    const text = cell?.strings?.[0] ?? "";
    const media = this.app.data.scalar(path, "TextDocument:media_type", "text/plain");
    const key = `${cell?.key}:${media}`;
    if (key === this.shown) return;
    this.shown = key;
    clear(this.body);
    if (media === "text/markdown") this.body.append(renderMarkdown(text));
    else this.body.append(el("pre", {}, text));
  }

  destroy() {}
}
