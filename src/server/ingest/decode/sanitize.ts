// The only HTML we ever keep from a sender: an allowlist, no scripts, no styles that load anything,
// no forms, no frames, no base or meta tags. Remote images stay as links the console can choose to load.
import sanitizeHtml from "sanitize-html";

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

/** Deep nesting is flattened by the parser; very long input is cut rather than risking the process. */
export function sanitizeEmailHtml(html: string, maxChars = 2_000_000): string {
  return sanitizeHtml(html.length > maxChars ? html.slice(0, maxChars) : html, options);
}

/** The same allowlist, read-only, for renderers that sanitise stored HTML again before showing it. */
export const emailHtmlAllowlist: Readonly<sanitizeHtml.IOptions> = options;
