// Caps how deep a sender's HTML nests before the sanitiser parses it. htmlparser2 (under
// sanitize-html) keeps its open-element stack innermost-first with unshift, so every tag costs O(depth):
// 100,000 unclosed <div>s, half a megabyte, held a work thread for seconds. Browsers stop nesting at 512
// (Chromium's kMaximumHTMLParserDOMTreeDepth); here an open tag deeper than that is removed, with its
// attributes, and the text inside it is kept.
import { Tokenizer } from "htmlparser2";

export const MAX_HTML_DEPTH = 512;

// The parser's own implied closes (opening the key closes these while they are innermost), so rows,
// cells, list items and paragraphs left open — common in generated mail — do not count as nesting.
// Only rules the parser applies too: our depth must never be lower than the parser's.
const P = new Set(["p"]);
const impliedCloses = new Map<string, ReadonlySet<string>>([
  ["tr", new Set(["tr", "th", "td"])], ["th", new Set(["th"])], ["td", new Set(["th", "td"])],
  ["tbody", new Set(["thead", "tbody"])], ["tfoot", new Set(["thead", "tbody"])],
  ["li", new Set(["li"])], ["dd", new Set(["dd", "dt"])], ["dt", new Set(["dd", "dt"])],
  ["option", new Set(["option"])], ["optgroup", new Set(["optgroup", "option"])],
  ["rt", new Set(["rt", "rp"])], ["rp", new Set(["rt", "rp"])],
  ...["p", "h1", "h2", "h3", "h4", "h5", "h6", "address", "article", "aside", "blockquote", "details", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "main", "nav", "ol", "pre", "section",
    "table", "ul"].map((tag) => [tag, P] as const),
]);

const VOID = new Set([
  "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input", "isindex", "keygen",
  "link", "meta", "param", "source", "track", "wbr",
]);

export type CappedHtml = { html: string; removedTags: number };

/** Nesting can only pass the cap with more opening tags than the cap: most mail skips the scan. */
function mayNestDeeperThan(html: string, maxDepth: number): boolean {
  let opens = 0;
  for (let i = html.indexOf("<"); i !== -1; i = html.indexOf("<", i + 1)) {
    if (html.charCodeAt(i + 1) !== 47 /* / */ && ++opens > maxDepth) return true;
  }
  return false;
}

export function capHtmlNesting(html: string, maxDepth = MAX_HTML_DEPTH): CappedHtml {
  if (!mayNestDeeperThan(html, maxDepth)) return { html, removedTags: 0 };
  const open: string[] = [];
  const openCount = new Map<string, number>();
  const push = (tag: string) => {
    open.push(tag);
    openCount.set(tag, (openCount.get(tag) ?? 0) + 1);
  };
  const pop = () => {
    const tag = open.pop()!;
    const left = openCount.get(tag)! - 1;
    if (left) openCount.set(tag, left);
    else openCount.delete(tag);
    return tag;
  };
  const removed: Array<[number, number]> = [];
  let tag = "";
  let tagStart = 0;
  const opened = (endIndex: number) => {
    const closes = impliedCloses.get(tag);
    if (closes) while (open.length && closes.has(open[open.length - 1]!)) pop();
    if (VOID.has(tag)) return;
    // Self-closing syntax does not close an HTML element, so `<div/>` counts as opening one.
    if (open.length >= maxDepth) removed.push([tagStart, endIndex + 1]);
    else push(tag);
  };
  const noop = () => undefined;
  const tokenizer = new Tokenizer({ decodeEntities: false }, {
    onopentagname(start, endIndex) {
      tagStart = start - 1;
      tag = html.slice(start, endIndex).toLowerCase();
    },
    onopentagend: opened,
    onselfclosingtag: opened,
    onclosetag(start, endIndex) {
      const name = html.slice(start, endIndex).toLowerCase();
      if (openCount.has(name)) while (pop() !== name);
    },
    onattribdata: noop, onattribentity: noop, onattribend: noop, onattribname: noop, oncdata: noop, oncomment: noop,
    ondeclaration: noop, onend: noop, onprocessinginstruction: noop, ontext: noop, ontextentity: noop,
  });
  tokenizer.write(html);
  tokenizer.end();
  if (!removed.length) return { html, removedTags: 0 };
  const kept: string[] = [];
  let from = 0;
  for (const [start, end] of removed) {
    kept.push(html.slice(from, start));
    from = end;
  }
  kept.push(html.slice(from));
  return { html: kept.join(""), removedTags: removed.length };
}
