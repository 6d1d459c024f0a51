#!/usr/bin/env node
// Parse Mermaid diagrams with Mermaid's real parser, headlessly, in Node.
//
// Why: fluxio_cst.diagram.to_mermaid() must emit text that Mermaid itself
// accepts; a regex check would miss lexer corner cases (reserved words such
// as `end`, entity escapes, quoting).  Rendering needs a browser for layout,
// but `mermaid.parse()` only needs a DOM for DOMPurify (Mermaid sanitises
// labels while parsing), so a jsdom window is installed as the global
// window/document *before* Mermaid (and DOMPurify) are imported.
//
// Input (stdin): a JSON array whose items are either a diagram string or
// {"name": "...", "text": "..."}.
// Output: one line per diagram on stdout; every failure is also printed,
// with Mermaid's error message, on stderr.
// Exit status: 0 all parsed, 1 at least one failed, 2 bad input.

import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let items;
try {
  items = JSON.parse(readFileSync(0, "utf8"));
  if (!Array.isArray(items)) throw new Error("expected a JSON array");
} catch (err) {
  console.error(`check_mermaid: bad input: ${err.message}`);
  process.exit(2);
}

let failures = 0;
for (const [index, item] of items.entries()) {
  const name = typeof item === "string" ? `diagram #${index + 1}` : String(item.name ?? `diagram #${index + 1}`);
  const text = typeof item === "string" ? item : item.text;
  try {
    if (typeof text !== "string") throw new Error("diagram text is not a string");
    const result = await mermaid.parse(text);
    console.log(`ok ${name} (${result.diagramType})`);
  } catch (err) {
    failures += 1;
    const message = err && err.message ? err.message : String(err);
    console.log(`FAIL ${name}`);
    console.error(`FAIL ${name}:\n${message}\n`);
  }
}
console.log(`${items.length - failures} parsed, ${failures} failed`);
process.exit(failures ? 1 : 0);
