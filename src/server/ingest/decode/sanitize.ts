// The only HTML we ever keep from a sender: an allowlist, no scripts, no styles that load anything,
// no forms, no frames, no base or meta tags. Remote images stay as links the console can choose to load.
import sanitizeHtml from "sanitize-html";
import { capHtmlNesting, MAX_HTML_DEPTH } from "./html-nesting.ts";

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    "a", "abbr", "b", "blockquote", "br", "caption", "center", "code", "col", "colgroup", "dd", "div", "dl", "dt",
    "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small",
    "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
  ],
  allowedAttributes: {
    a: ["href", "title", "name"],
    img: ["src", "alt", "title", "width", "height"],
    td: ["colspan", "rowspan", "align", "valign", "width"],
    th: ["colspan", "rowspan", "align", "valign", "width"],
    table: ["width", "border", "cellpadding", "cellspacing", "align"],
    font: ["color", "size"],
    "*": ["dir", "lang"],
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https", "cid"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Content of these is dropped entirely, not unwrapped into text.
  nonTextTags: ["script", "style", "textarea", "noscript", "title", "head", "template", "svg", "math", "iframe", "object"],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer nofollow", target: "_blank" } }),
  },
  allowedAttributesByTagExtra: undefined,
} as sanitizeHtml.IOptions;
(options.allowedAttributes as Record<string, string[]>).a!.push("rel", "target");

export type SanitizedHtml = { html: string; warnings: string[] };

/** Very long or very deep input is cut rather than risking the process; each cut is reported. */
export function sanitizeEmailHtml(html: string, maxChars = 2_000_000): SanitizedHtml {
  const warnings: string[] = [];
  if (html.length > maxChars) {
    warnings.push(`HTML cut at ${maxChars} characters (the original is kept)`);
    html = html.slice(0, maxChars);
  }
  const capped = capHtmlNesting(html);
  if (capped.removedTags) {
    warnings.push(`HTML nested deeper than ${MAX_HTML_DEPTH} levels: ${capped.removedTags} tags below that removed, their text kept (the original is kept)`);
  }
  return { html: sanitizeHtml(capped.html, options), warnings };
}

/** The same allowlist, read-only, for renderers that sanitise stored HTML again before showing it. */
export const emailHtmlAllowlist: Readonly<sanitizeHtml.IOptions> = options;
