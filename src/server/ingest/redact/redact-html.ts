// HTML redaction. The input is already sanitised; we change only text and the values of the attributes
// below, never tag names, other attributes or the markup itself.
import { decodeEntities, decodePercent, type MappedText } from "./html-decode.ts";
import { scanHtml } from "./html-scan.ts";
import { HtmlText } from "./html-text.ts";
import { findSecrets } from "../../../common/secrets/find-secrets.ts";
import type { RedactResult, Redaction } from "../../../common/secrets/types.ts";
import { MAX_PASSES, asText } from "./redact-text.ts";

/**
 * Attributes whose values people read, or that send them somewhere (links; image addresses, which the
 * console fetches through its proxy), and so may carry a secret. These are all the sanitiser keeps besides
 * sizes, alignment, colours and anchor names.
 */
const REDACTED_ATTRIBUTES = new Set(["href", "src", "title", "alt"]);
const URL_ATTRIBUTES = new Set(["href", "src"]);

/** "cid:" images name an attachment of the message by its Content-ID; changing one would unlink the image. */
function isContentIdUrl(value: string): boolean {
  return /^\s*cid:/i.test(value);
}

type Edit = { start: number; end: number; insert: string; redaction: Redaction | null };

/**
 * Turns secrets found in `mapped` into source edits. A secret that spans several text nodes
 * ("<b>4111</b> 1111 …") is cut into one edit per node: the first receives the replacement, the
 * others are emptied, and the tags between them stay.
 */
function editsFor(mapped: MappedText, encode: (s: string) => string, edits: Edit[]): void {
  for (const s of findSecrets(mapped.text)) {
    let first = true;
    let chunkStart = -1;
    let chunkEnd = -1;
    const flush = (): void => {
      if (chunkStart < 0) return;
      edits.push({
        start: chunkStart,
        end: chunkEnd,
        insert: first ? encode(s.replacement) : "",
        redaction: first ? { kind: s.kind, replacement: s.replacement } : null,
      });
      first = false;
      chunkStart = -1;
    };
    for (let k = s.start; k < s.end; k++) {
      const from = mapped.from[k]!;
      const to = mapped.to[k]!;
      if (from < 0) {
        flush();
        continue;
      }
      if (chunkStart >= 0 && from === chunkEnd) {
        chunkEnd = to;
        continue;
      }
      if (chunkStart >= 0 && from >= chunkStart && to <= chunkEnd) continue; // second unit of one reference
      flush();
      chunkStart = from;
      chunkEnd = to;
    }
    flush();
  }
}

function escapeForUnquotedAttribute(s: string): string {
  return s.replace(/[\s"'=<>`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function applyEdits(html: string, edits: Edit[]): RedactResult {
  edits.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  const redactions: Redaction[] = [];
  let at = 0;
  for (const e of edits) {
    if (e.start < at) continue; // cannot happen with disjoint sources; keeps the markup safe if it did
    parts.push(html.slice(at, e.start), e.insert);
    at = e.end;
    if (e.redaction) redactions.push(e.redaction);
  }
  parts.push(html.slice(at));
  return { text: parts.join(""), redactions };
}

function redactHtmlUnsafe(html: string): RedactResult {
  const doc = new HtmlText();
  const edits: Edit[] = [];
  scanHtml(html, {
    text(start, end) {
      doc.addText(decodeEntities(html, start, end));
    },
    boundary(tag) {
      doc.addBoundary(tag);
    },
    attribute(_tag, name, start, end, quote) {
      if (!REDACTED_ATTRIBUTES.has(name) || end <= start) return;
      const entities = decodeEntities(html, start, end);
      if (name === "src" && isContentIdUrl(entities.text)) return;
      if (URL_ATTRIBUTES.has(name)) editsFor(decodePercent(entities), encodeURIComponent, edits);
      else editsFor(entities, quote === "" ? escapeForUnquotedAttribute : (s) => s, edits);
    },
  });
  editsFor(doc.finish(), (s) => s, edits);
  return applyEdits(html, edits);
}

/**
 * Redacts the text of an (already sanitised) HTML string, and the values of href, src, title and alt
 * attributes, without touching anything else. Never throws.
 */
export function redactHtml(html: string): RedactResult {
  const source = asText(html);
  try {
    // As in redactText, run again over the output until nothing new is found (see MAX_PASSES there).
    // Redactions are listed pass by pass, each pass in document order.
    let current = source;
    const redactions: Redaction[] = [];
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const r = redactHtmlUnsafe(current);
      if (r.redactions.length === 0) break;
      current = r.text;
      redactions.push(...r.redactions);
    }
    return { text: current, redactions };
  } catch {
    // Fail closed: an empty document is better than storing secrets.
    return { text: "", redactions: [] };
  }
}
