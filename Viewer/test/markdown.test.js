import { test } from "node:test";
import assert from "node:assert/strict";
import { parseInline, parseMarkdown, renderMarkdown, safeHref } from "../src/ui/markdown.js";

// A minimal fake document that records what the renderer does and has no innerHTML at all.
class FakeNode {
  constructor(tag, text = null) {
    this.tag = tag;
    this.children = [];
    this.attrs = {};
    this._text = text;
  }
  appendChild(c) { this.children.push(c); return c; }
  setAttribute(k, v) { this.attrs[k] = v; }
  set textContent(t) { this.children = [new FakeNode("#text", String(t))]; }
  get textContent() { return this._text ?? this.children.map((c) => c.textContent).join(""); }
  set innerHTML(_) { throw new Error("innerHTML must never be used"); }
}
const fakeDoc = {
  createElement: (t) => new FakeNode(t),
  createTextNode: (t) => new FakeNode("#text", t),
  createDocumentFragment: () => new FakeNode("#fragment"),
};
const tags = (n) => (n.tag === "#text" ? [] : [n.tag, ...n.children.flatMap(tags)]);

test("blocks: headings, lists, code, quotes, rules, paragraphs", () => {
  const b = parseMarkdown("# Title\n\nsome *em* and **strong** `x<y`\n\n- a\n- b\n\n1. one\n\n```js\nlet a = '<b>';\n```\n> quote\n\n---");
  assert.deepEqual(b.map((x) => x.type), ["h", "p", "ul", "ol", "code", "quote", "hr"]);
  assert.equal(b[4].text, "let a = '<b>';");
  assert.deepEqual(parseInline("a **b** *c*").map((n) => n.type), ["text", "strong", "text", "em"]);
});

test("links allow http(s)/mailto only", () => {
  assert.equal(safeHref("https://rerun.io"), "https://rerun.io");
  assert.equal(safeHref("javascript:alert(1)"), null);
  assert.equal(safeHref(" JaVaScRiPt:alert(1)"), null);
  assert.equal(safeHref("data:text/html,x"), null);
  const frag = renderMarkdown("[x](javascript:alert(1)) [y](https://ok.example)", fakeDoc);
  const p = frag.children[0];
  assert.equal(p.children[0].tag, "span");
  assert.equal(p.children[2].tag, "a");
  assert.equal(p.children[2].attrs.href, "https://ok.example");
});

test("logged markup stays text: no element is ever created from logged tags", () => {
  const evil = "<script>alert(1)</script><img src=x onerror=alert(1)> **<b>bold</b>** `<i>`";
  const frag = renderMarkdown(evil, fakeDoc);
  const all = tags(frag);
  assert.ok(!all.includes("script") && !all.includes("img") && !all.includes("b") && !all.includes("i"), all.join(","));
  assert.ok(frag.textContent.includes("<script>alert(1)</script>"));
  assert.ok(frag.textContent.includes("<img src=x onerror=alert(1)>"));
});
