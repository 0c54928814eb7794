// A tiny, safe markdown renderer for TextDocument. Parsing produces a plain AST; rendering builds
// DOM nodes with createElement/textContent only — logged text never reaches innerHTML, so it can
// never inject markup. Supported: headings, paragraphs, lists (- * 1.), fenced and inline code,
// **bold**, *italic*, [links](http...) (http/https/mailto only), > quotes, --- rules.

/** Parses markdown into blocks: {type: "h", level, inline} | "p" | "ul"/"ol" {items} | "code" {text} | "quote" {blocks} | "hr". */
export function parseMarkdown(text) {
  const lines = String(text ?? "").replace(/\r\n?/g, "\n").split("\n");
  return parseBlocks(lines);
}

function parseBlocks(lines) {
  const blocks = [];
  let i = 0;
  let para = [];
  const flush = () => {
    if (para.length) blocks.push({ type: "p", inline: parseInline(para.join(" ")) });
    para = [];
  };
  while (i < lines.length) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)(.*)$/.exec(line);
    if (fence) {
      flush();
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      blocks.push({ type: "code", lang: fence[2].trim(), text: body.join("\n") });
      continue;
    }
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      flush();
      blocks.push({ type: "h", level: h[1].length, inline: parseInline(h[2]) });
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      blocks.push({ type: "hr" });
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const inner = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) inner.push(lines[i++].replace(/^\s*>\s?/, ""));
      blocks.push({ type: "quote", blocks: parseBlocks(inner) });
      continue;
    }
    const li = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (li) {
      flush();
      const ordered = /\d/.test(li[1]);
      const items = [];
      while (i < lines.length) {
        const m = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(lines[i]);
        if (!m || /\d/.test(m[1]) !== ordered) break;
        items.push(parseInline(m[2]));
        i++;
      }
      blocks.push({ type: ordered ? "ol" : "ul", items });
      continue;
    }
    if (line.trim() === "") {
      flush();
      i++;
      continue;
    }
    para.push(line.trim());
    i++;
  }
  flush();
  return blocks;
}

/** Parses inline markdown into nodes: {type: "text"|"code"|"strong"|"em"|"link", text?, children?, href?}. */
export function parseInline(s) {
  const out = [];
  let i = 0;
  let text = "";
  const push = () => {
    if (text) out.push({ type: "text", text });
    text = "";
  };
  while (i < s.length) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === "`") {
      const end = s.indexOf("`", i + 1);
      if (end > i) {
        push();
        out.push({ type: "code", text: s.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if ((c === "*" || c === "_") && s[i + 1] === c) {
      const end = s.indexOf(c + c, i + 2);
      if (end > i + 2) {
        push();
        out.push({ type: "strong", children: parseInline(s.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if (c === "*" || c === "_") {
      const end = s.indexOf(c, i + 1);
      if (end > i + 1) {
        push();
        out.push({ type: "em", children: parseInline(s.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === "[") {
      const m = /^\[([^\]]*)\]\(([^)\s]*)\)/.exec(s.slice(i));
      if (m) {
        push();
        out.push({ type: "link", href: safeHref(m[2]), children: parseInline(m[1]) });
        i += m[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  push();
  return out;
}

/** The URL if it is http(s) or mailto, else null (javascript:, data:, relative URLs are dropped). */
export function safeHref(url) {
  const u = String(url).trim();
  return /^(https?:\/\/|mailto:)/i.test(u) ? u : null;
}

/** Renders markdown text into a DocumentFragment of `doc` (createElement/textContent only). */
export function renderMarkdown(text, doc = globalThis.document) {
  const frag = doc.createDocumentFragment();
  for (const b of parseMarkdown(text)) frag.appendChild(renderBlock(b, doc));
  return frag;
}

function renderBlock(b, doc) {
  let el;
  switch (b.type) {
    case "h":
      el = doc.createElement(`h${b.level}`);
      appendInline(el, b.inline, doc);
      return el;
    case "p":
      el = doc.createElement("p");
      appendInline(el, b.inline, doc);
      return el;
    case "ul":
    case "ol":
      el = doc.createElement(b.type);
      for (const item of b.items) {
        const li = doc.createElement("li");
        appendInline(li, item, doc);
        el.appendChild(li);
      }
      return el;
    case "code": {
      el = doc.createElement("pre");
      const code = doc.createElement("code");
      code.textContent = b.text;
      el.appendChild(code);
      return el;
    }
    case "quote":
      el = doc.createElement("blockquote");
      for (const inner of b.blocks) el.appendChild(renderBlock(inner, doc));
      return el;
    default:
      return doc.createElement("hr");
  }
}

function appendInline(parent, nodes, doc) {
  for (const n of nodes) {
    if (n.type === "text") {
      parent.appendChild(doc.createTextNode(n.text));
    } else if (n.type === "code") {
      const el = doc.createElement("code");
      el.textContent = n.text;
      parent.appendChild(el);
    } else if (n.type === "link") {
      const el = doc.createElement(n.href ? "a" : "span");
      if (n.href) {
        el.setAttribute("href", n.href);
        el.setAttribute("rel", "noopener noreferrer");
        el.setAttribute("target", "_blank");
      }
      appendInline(el, n.children, doc);
      parent.appendChild(el);
    } else {
      const el = doc.createElement(n.type === "strong" ? "strong" : "em");
      appendInline(el, n.children, doc);
      parent.appendChild(el);
    }
  }
}
