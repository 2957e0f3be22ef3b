// A small, linear HTML scanner: reports text, attribute values and the places where a tag breaks the
// flow of text. Inline formatting tags (<b>, <span>, <a>…) do not break it, so "<b>密码：</b>123456" reads
// as one phrase; block tags, <br>, <script> and <style> do.

export type HtmlVisitor = {
  text(start: number, end: number): void;
  /** a tag (lower-case name) that separates the text before it from the text after it */
  boundary(tag: string): void;
  /** an attribute value src[start, end); quote is the quote character or "" when unquoted */
  attribute(tag: string, name: string, start: number, end: number, quote: string): void;
};

const INLINE_TAGS = new Set([
  "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q", "s",
  "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "del", "big", "label",
  "o:p",
]);

/** Elements whose content is not text to read (nor to change). */
const RAW_TEXT_TAGS = new Set(["script", "style"]);

function isAsciiLetter(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z"));
}

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f";
}

function readTagName(html: string, p: number): number {
  while (p < html.length && !isSpace(html[p]) && html[p] !== ">" && html[p] !== "/") p++;
  return p;
}

/** Parses the start tag at `lt` (html[lt] === "<", followed by a letter); returns the index after it. */
function scanStartTag(html: string, lt: number, visit: HtmlVisitor): { end: number; name: string } {
  const n = html.length;
  const nameEnd = readTagName(html, lt + 1);
  const name = html.slice(lt + 1, nameEnd).toLowerCase();
  let p = nameEnd;
  while (p < n) {
    while (p < n && isSpace(html[p])) p++;
    if (p >= n) break;
    if (html[p] === ">") return { end: p + 1, name };
    if (html[p] === "/") {
      p++;
      continue;
    }
    const attrStart = p;
    p++; // the first character always belongs to the name, even "=" or a quote
    while (p < n && !isSpace(html[p]) && html[p] !== ">" && html[p] !== "/" && html[p] !== "=") p++;
    const attr = html.slice(attrStart, p).toLowerCase();
    while (p < n && isSpace(html[p])) p++;
    if (html[p] !== "=") continue;
    p++;
    while (p < n && isSpace(html[p])) p++;
    const q = html[p];
    if (q === '"' || q === "'") {
      const close = html.indexOf(q, p + 1);
      const valueEnd = close === -1 ? n : close;
      visit.attribute(name, attr, p + 1, valueEnd, q);
      p = close === -1 ? n : close + 1;
    } else {
      const valueStart = p;
      while (p < n && !isSpace(html[p]) && html[p] !== ">") p++;
      visit.attribute(name, attr, valueStart, p, "");
    }
  }
  return { end: n, name };
}

export function scanHtml(html: string, visit: HtmlVisitor): void {
  const n = html.length;
  let pos = 0;
  while (pos < n) {
    const lt = html.indexOf("<", pos);
    if (lt === -1) {
      visit.text(pos, n);
      return;
    }
    if (lt > pos) visit.text(pos, lt);
    const next = html[lt + 1];
    if (html.startsWith("<!--", lt)) {
      const close = html.indexOf("-->", lt + 4);
      pos = close === -1 ? n : close + 3;
    } else if (next === "!" || next === "?") {
      const close = html.indexOf(">", lt + 2);
      pos = close === -1 ? n : close + 1;
      visit.boundary("!");
    } else if (next === "/" && isAsciiLetter(html[lt + 2])) {
      const nameEnd = readTagName(html, lt + 2);
      const name = html.slice(lt + 2, nameEnd).toLowerCase();
      const close = html.indexOf(">", nameEnd);
      pos = close === -1 ? n : close + 1;
      if (!INLINE_TAGS.has(name)) visit.boundary(name);
    } else if (isAsciiLetter(next)) {
      const tag = scanStartTag(html, lt, visit);
      pos = tag.end;
      if (RAW_TEXT_TAGS.has(tag.name)) {
        const closer = new RegExp(`</${tag.name}`, "gi");
        closer.lastIndex = pos;
        const m = closer.exec(html);
        pos = m === null ? n : m.index;
      }
      if (!INLINE_TAGS.has(tag.name)) visit.boundary(tag.name);
    } else {
      visit.text(lt, lt + 1);
      pos = lt + 1;
    }
  }
}
