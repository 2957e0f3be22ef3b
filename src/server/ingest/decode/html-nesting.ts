// Caps how deep a sender's HTML nests before the sanitiser parses it. htmlparser2 (under
// sanitize-html) keeps its open-element stack innermost-first with unshift, so every tag costs O(depth):
// 100,000 unclosed <div>s, half a megabyte, held a work thread for seconds. Browsers stop nesting at 512
// (Chromium's kMaximumHTMLParserDOMTreeDepth); here an open tag deeper than that is removed, with its
// attributes, and the text inside it is kept.
//
// The scan replays htmlparser2's Parser stack rules (implied closes, void elements, self-closing tags in
// SVG/MathML, close tags popping to their match) with O(1) steps, so its depth is the parser's depth.
import { Tokenizer } from "htmlparser2";

export const MAX_HTML_DEPTH = 512;

// htmlparser2's openImpliesClose: opening the key closes these while they are innermost.
const P = new Set(["p"]);
const FORM = new Set(["input", "option", "optgroup", "select", "button", "datalist", "textarea"]);
const impliedCloses = new Map<string, ReadonlySet<string>>([
  ["tr", new Set(["tr", "th", "td"])], ["th", new Set(["th"])], ["td", new Set(["thead", "th", "td"])],
  ["body", new Set(["head", "link", "script"])], ["li", new Set(["li"])],
  ["option", new Set(["option"])], ["optgroup", new Set(["optgroup", "option"])],
  ["dd", new Set(["dd", "dt"])], ["dt", new Set(["dd", "dt"])], ["rt", new Set(["rt", "rp"])], ["rp", new Set(["rt", "rp"])],
  ["tbody", new Set(["thead", "tbody"])], ["tfoot", new Set(["thead", "tbody"])],
  ...["select", "input", "output", "button", "datalist", "textarea"].map((tag) => [tag, FORM] as const),
  ...["p", "h1", "h2", "h3", "h4", "h5", "h6", "address", "article", "aside", "blockquote", "details", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "main", "nav", "ol", "pre", "section",
    "table", "ul"].map((tag) => [tag, P] as const),
]);

const VOID = new Set([
  "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input", "isindex", "keygen",
  "link", "meta", "param", "source", "track", "wbr",
]);
const FOREIGN = new Set(["math", "svg"]);
const INTEGRATION = new Set(["mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc", "title"]);

// The tokenizer reads these elements' content as text. Removing such an opening tag would turn its
// content into markup, so its content goes too: dropped where the sanitiser drops it anyway, escaped
// (still text) for <xmp>.
const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp"]);
const RAW_TEXT_KEPT = new Set(["xmp"]);

export type CappedHtml = { html: string; removedTags: number };

/** Nesting can only pass the cap with more opening tags than the cap: most mail skips the scan. */
function mayNestDeeperThan(html: string, maxDepth: number): boolean {
  let opens = 0;
  for (let i = html.indexOf("<"); i !== -1; i = html.indexOf("<", i + 1)) {
    if (html.charCodeAt(i + 1) !== 47 /* / */ && ++opens > maxDepth) return true;
  }
  return false;
}

const escapeText = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;");

export function capHtmlNesting(html: string, maxDepth = MAX_HTML_DEPTH): CappedHtml {
  if (!mayNestDeeperThan(html, maxDepth)) return { html, removedTags: 0 };
  const open: string[] = []; // innermost last
  const openCount = new Map<string, number>();
  const foreign: boolean[] = [false]; // innermost last, as the parser's foreignContext
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

  // Edits in document order: [start, end, replacement].
  const edits: Array<[number, number, string]> = [];
  let removedTags = 0;
  let tag = "";
  let tagStart = 0;
  let removing = false; // the tag being read is over the cap
  let rawText: string | null = null; // a removed raw-text element whose content is being read

  const noop = () => undefined;
  const tokenizer = new Tokenizer({ decodeEntities: false }, {
    onopentagname(start, endIndex) {
      tagStart = start - 1;
      tag = html.slice(start, endIndex).toLowerCase();
      const closes = impliedCloses.get(tag);
      if (closes) while (open.length && closes.has(open[open.length - 1]!)) pop();
      removing = !VOID.has(tag) && open.length >= maxDepth;
      if (removing || VOID.has(tag)) return;
      push(tag);
      if (FOREIGN.has(tag)) foreign.push(true);
      else if (INTEGRATION.has(tag)) foreign.push(false);
    },
    onopentagend(endIndex) {
      if (!removing) return;
      edits.push([tagStart, endIndex + 1, ""]);
      removedTags++;
      if (RAW_TEXT.has(tag)) rawText = tag;
    },
    onselfclosingtag(endIndex) {
      if (removing) {
        edits.push([tagStart, endIndex + 1, ""]);
        removedTags++;
        return;
      }
      // In SVG/MathML `<x/>` closes itself; in HTML it stays open.
      if (foreign[foreign.length - 1] && open[open.length - 1] === tag) pop();
    },
    ontext(start, endIndex) {
      if (rawText) edits.push([start, endIndex, RAW_TEXT_KEPT.has(rawText) ? escapeText(html.slice(start, endIndex)) : ""]);
    },
    onclosetag(start, endIndex) {
      const name = html.slice(start, endIndex).toLowerCase();
      if (rawText) {
        // The tokenizer only ends raw text at this element's own end tag.
        const end = html.indexOf(">", endIndex);
        edits.push([start - 2, end === -1 ? html.length : end + 1, ""]);
        rawText = null;
        return;
      }
      if (FOREIGN.has(name) || INTEGRATION.has(name)) {
        if (foreign.length > 1) foreign.pop();
        else foreign[0] = false;
      }
      if (!VOID.has(name) && openCount.has(name)) while (pop() !== name);
    },
    onattribdata: noop, onattribentity: noop, onattribend: noop, onattribname: noop, oncdata: noop, oncomment: noop,
    ondeclaration: noop, onend: noop, onprocessinginstruction: noop, ontextentity: noop,
  });
  tokenizer.write(html);
  tokenizer.end();
  if (!edits.length) return { html, removedTags: 0 };
  const out: string[] = [];
  let from = 0;
  for (const [start, end, replacement] of edits) {
    out.push(html.slice(from, start), replacement);
    from = end;
  }
  out.push(html.slice(from));
  return { html: out.join(""), removedTags };
}
