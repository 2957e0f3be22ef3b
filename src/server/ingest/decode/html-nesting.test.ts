// Capping the nesting of sender HTML: hostile depth is bounded for the sanitiser's parser, ordinary
// and sloppy mail passes through byte for byte, and no text is lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Parser } from "htmlparser2";
import { simpleParser } from "mailparser";
import { corpusPath } from "../../test/corpora.ts";
import { capHtmlNesting, MAX_HTML_DEPTH } from "./html-nesting.ts";
import { parseMessage } from "./parse-message.ts";

const VOID = new Set(["area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input", "isindex", "keygen", "link", "meta", "param", "source", "track", "wbr"]);

/**
 * The deepest the sanitiser's parser gets while reading this HTML: open elements when a tag of the
 * source opens (a void element, or a stray </p> or </br>, opens and closes on the spot: not counted).
 * Only run on capped input.
 */
function parserDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentag(name, _attributes, implied) {
      depth++;
      if (!implied && !VOID.has(name)) deepest = Math.max(deepest, depth);
    },
    onclosetag() {
      depth--;
    },
  });
  parser.end(html);
  return deepest;
}

/** Text as the parser sees it, tags removed. */
function textOf(html: string): string {
  let text = "";
  const parser = new Parser({ ontext: (t) => void (text += t) });
  parser.end(html);
  return text;
}

test("hostile nesting is cut to the cap, in every shape, and the text stays", () => {
  const hostile: Record<string, string> = {
    "unclosed div": "<div>".repeat(100_000) + "hello",
    "uppercase, attributes with '>' in quotes": '<DIV class="a>b" title=\'c>d\'>'.repeat(20_000) + "hello",
    "self-closing syntax": "<div/>".repeat(20_000) + "hello",
    "list item then paragraph": "<li><p>".repeat(20_000) + "hello",
    "formatting": "<b><i><u>".repeat(20_000) + "hello",
    "tables in cells": "<table><tr><td>".repeat(20_000) + "hello",
    "text between levels": Array.from({ length: 20_000 }, (_, i) => `<span>${i} `).join("") + "hello",
    "closers that match nothing": "<div></p></span>".repeat(20_000) + "hello",
    // Implied closes the parser makes, and a scan must make too.
    "head closed by body, then its end tag": "<head><body></head>".repeat(20_000) + "hello",
    "form controls": "<b><button><select></button>".repeat(20_000) + "hello",
    "cells closing a table head": "<thead><td></thead><b>".repeat(20_000) + "hello",
    // In SVG <a/> closes itself, so </a> matches nothing.
    "svg self-closing": "<svg>" + "<a/><g></a>".repeat(20_000) + "hello",
  };
  for (const [shape, html] of Object.entries(hostile)) {
    const capped = capHtmlNesting(html);
    assert.ok(capped.removedTags > 0, shape);
    assert.ok(parserDepth(capped.html) <= MAX_HTML_DEPTH, `${shape}: depth ${parserDepth(capped.html)}`);
    assert.equal(textOf(capped.html), textOutsideTags(html), shape);
  }
});

/** The text of these inputs without parsing them deeply: everything outside tags. */
function textOutsideTags(html: string): string {
  return html.replace(/<(?:[^>"']|"[^"]*"|'[^']*')*>/g, "");
}

test("a raw-text element over the cap takes its content along: text stays text, scripts go", () => {
  const deep = "<b>".repeat(MAX_HTML_DEPTH);
  const xmp = capHtmlNesting(`${deep}<xmp>${"<b>".repeat(5_000)} & more</xmp>after`);
  assert.ok(parserDepth(xmp.html) <= MAX_HTML_DEPTH);
  assert.equal(textOf(xmp.html), `${"<b>".repeat(5_000)} & more` + "after");
  const script = capHtmlNesting(`${deep}<script>${"<div>".repeat(5_000)}alert(1)</script>after`);
  assert.ok(parserDepth(script.html) <= MAX_HTML_DEPTH);
  assert.equal(textOf(script.html), "after");
});

test("differential: random tag soup never nests deeper than the cap in the parser", () => {
  const vocabulary = [
    "<div>", "</div>", "<b>", "</b>", "<p>", "</p>", "<td>", "<tr>", "</tr>", "<thead>", "</thead>", "<tbody>", "<tfoot>",
    "<th>", "<select>", "<button>", "</button>", "<input>", "<output>", "<option>", "<optgroup>", "<svg>", "</svg>",
    "<a/>", "</a>", "<g>", "<math>", "</math>", "<mi>", "</mi>", "<desc>", "</desc>", "<foreignObject>", "</foreignObject>",
    "<head>", "</head>", "<body>", "<title>", "</title>", "<xmp>", "</xmp>", "<script>", "</script>", "<style>", "</style>",
    "<textarea>", "</textarea>", "<li>", "<dd>", "<dt>", "<rt>", "<rp>", "<br>", "</br>", "<div/>", "<!--", "-->",
    "<![CDATA[", "]]>", "&amp;", "&", "x",
  ];
  let seed = 20261126;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const maxDepth = 6;
  for (let round = 0; round < 20_000; round++) {
    let html = "";
    for (let i = 0, n = 5 + rand(30); i < n; i++) html += vocabulary[rand(vocabulary.length)];
    const depth = parserDepth(capHtmlNesting(html, maxDepth).html);
    assert.ok(depth <= maxDepth, `depth ${depth} for ${JSON.stringify(html)}`);
  }
});

test("sloppy but ordinary mail is left alone: rows, cells, items and paragraphs left open", () => {
  const sloppy = [
    "<table>" + "<tr><td>1<td>2<td>3".repeat(3_000) + "</table>",
    "<ul>" + "<li>item".repeat(3_000) + "</ul>",
    "<p>para".repeat(3_000),
    "<dl>" + "<dt>term<dd>definition".repeat(2_000) + "</dl>",
    ("<div>".repeat(300) + "x" + "</div>".repeat(300)).repeat(20),
    "<br><img src=cid:a><hr>".repeat(3_000),
  ];
  for (const html of sloppy) {
    const capped = capHtmlNesting(html);
    assert.equal(capped.removedTags, 0, html.slice(0, 40));
    assert.equal(capped.html, html);
  }
});

test("exactly the cap is allowed; one more level is removed", () => {
  assert.equal(capHtmlNesting("<div>".repeat(MAX_HTML_DEPTH) + "x").removedTags, 0);
  const over = capHtmlNesting("<div>".repeat(MAX_HTML_DEPTH + 1) + "x");
  assert.equal(over.removedTags, 1);
  assert.equal(over.html, "<div>".repeat(MAX_HTML_DEPTH) + "x");
});

test("script and comment contents are not mistaken for tags", () => {
  const html = "<div>".repeat(MAX_HTML_DEPTH - 1) + "<script>" + "<div>".repeat(1_000) + "</script><!--" + "<div>".repeat(1_000) + "-->x";
  const capped = capHtmlNesting(html);
  assert.equal(capped.removedTags, 0);
  assert.equal(capped.html, html);
});

test("a mail with hostile HTML decodes with its text and a warning", async () => {
  const raw = Buffer.from(`From: a@example.org\r\nTo: support@example.com\r\nSubject: deep\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${"<div>".repeat(200_000)}请尽快处理 withdrawal`);
  const decoded = await parseMessage(raw);
  assert.match(decoded.html ?? "", /请尽快处理 withdrawal/);
  assert.ok(decoded.warnings.some((w) => w.includes(`deeper than ${MAX_HTML_DEPTH} levels`)), decoded.warnings.join("; "));
});

async function htmlParts(dir: string): Promise<Array<[string, string]>> {
  const found: Array<[string, string]> = [];
  const walk = async (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) await walk(p);
      else if (/\.(eml|msg|txt)$/i.test(name) || !name.includes(".")) {
        const parsed = await simpleParser(readFileSync(p)).catch(() => null);
        if (typeof parsed?.html === "string" && parsed.html) found.push([p, parsed.html]);
      }
    }
  };
  await walk(dir);
  return found;
}

test("real mail (project fixtures and the public corpus) passes through unchanged", async (t) => {
  const dirs = [fileURLToPath(new URL("../../../../test/fixtures/mail/", import.meta.url))];
  const corpus = corpusPath("mime");
  if (corpus) dirs.push(corpus);
  else t.diagnostic("public corpus absent: project fixtures only");
  let checked = 0;
  for (const dir of dirs) {
    for (const [path, html] of await htmlParts(dir)) {
      const capped = capHtmlNesting(html);
      assert.equal(capped.removedTags, 0, path);
      assert.equal(capped.html, html, path);
      checked++;
    }
  }
  assert.ok(checked >= 5, `only ${checked} HTML parts found`);
});
