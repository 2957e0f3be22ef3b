// Agents' rich-text replies: a small formatting allowlist (what the composer can produce), nothing
// that loads, runs or submits. The stored and sent HTML is this, redacted like everything else.
import sanitizeHtml from "sanitize-html";

const allowlist: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "div", "b", "strong", "i", "em", "u", "s", "a", "ul", "ol", "li", "blockquote", "code", "pre"],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer", target: "_blank" }) },
  disallowedTagsMode: "discard",
};

export const MAX_REPLY_HTML_CHARS = 200_000;

export function sanitizeReplyHtml(html: string): string {
  return sanitizeHtml(html.slice(0, MAX_REPLY_HTML_CHARS), allowlist).trim();
}
