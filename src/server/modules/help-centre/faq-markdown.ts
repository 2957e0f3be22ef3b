// FAQ articles are written in Markdown by admins and shown on public pages: Markdown → HTML with marked,
// then sanitize-html keeps only plain document markup. Raw HTML in the Markdown, scripts, event handlers,
// styles, images and javascript: links do not survive, whoever wrote the article.
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: false });

const policy: sanitizeHtml.IOptions = {
  allowedTags: [
    "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "del", "code", "pre", "blockquote", "a",
    "table", "thead", "tbody", "tr", "th", "td",
  ],
  allowedAttributes: { a: ["href", "title", "rel"], th: ["align"], td: ["align"] },
  allowedSchemes: ["https", "http", "mailto", "tel"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // Article headings sit under the page's own h1.
  transformTags: {
    h1: "h2",
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "nofollow noopener noreferrer" } }),
  },
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "template", "title"],
};

export function renderFaqMarkdown(markdown: string): string {
  const rendered = marked.parse(markdown, { async: false });
  return sanitizeHtml(rendered, policy);
}

/** The article as plain text (for search excerpts): rendered, stripped of every tag, entities decoded. */
export function faqPlainText(markdown: string): string {
  const stripped = sanitizeHtml(marked.parse(markdown, { async: false }), { allowedTags: [], allowedAttributes: {}, nonTextTags: policy.nonTextTags });
  return decodeEntities(stripped).replace(/\s+/g, " ").trim();
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (whole, e: string) => {
    const k = e.toLowerCase();
    if (k === "amp") return "&";
    if (k === "lt") return "<";
    if (k === "gt") return ">";
    if (k === "quot") return '"';
    if (k === "apos") return "'";
    if (k === "nbsp") return " ";
    const code = k.startsWith("#x") ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
  });
}
