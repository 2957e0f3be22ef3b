// A message's stored HTML as the complete document the console shows in a sandboxed frame.
// The HTML was sanitised at ingest; it is sanitised again here with the same allowlist, because what is
// safe to show may tighten after a message was stored. The route's CSP is the second wall, not the only one.
import sanitizeHtml from "sanitize-html";
import { emailHtmlAllowlist } from "../../ingest/decode/sanitize.ts";

export type InlineImage = { id: string; contentId: string | null; contentType: string };

export type MessageHtmlInput = {
  /** Sanitised HTML as stored; null for text-only messages (the text is shown instead). */
  html: string | null;
  text: string;
  /** The message's attachments that `cid:` images may refer to. */
  inlineImages: InlineImage[];
  allowRemoteImages: boolean;
  /** URL under which the console may load an inline attachment (signed by the caller). */
  inlineImageUrl(attachmentId: string): string;
  /** URL of the image proxy for one remote image (signed by the caller). */
  proxiedImageUrl(remoteUrl: string): string;
};

export type MessageHtmlDocument = { html: string; remoteImages: number; blockedImages: number };

const previewableTypes = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

// Markup deeper than this is dropped: browsers cap nesting anyway and deep trees cost layout time.
const NESTING_LIMIT = 200;

// A style declaration that could load, run or bind something is dropped (escapes and comments too, which could hide one).
const dangerousCss = /url\s*\(|image-set\s*\(|image\s*\(|cross-fade\s*\(|element\s*\(|@import|expression\s*\(|behaviou?r\s*:|-moz-binding|javascript:|[\\<>]|\/\*/i;

/** Keeps the harmless declarations of a style attribute; null when nothing is left. */
export function cleanInlineStyle(style: string): string | null {
  const kept = style.split(";").map((d) => d.trim()).filter((d) => d && /^[a-z-]+\s*:/i.test(d) && !dangerousCss.test(d));
  return kept.length ? kept.join("; ") : null;
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function placeholder(alt: string | undefined, why: string) {
  const label = alt?.trim() ? `[image: ${alt.trim().slice(0, 200)}]` : "[image]";
  return { tagName: "span", attribs: { class: "pd-blocked-image", title: why }, text: label };
}

function buildOptions(input: MessageHtmlInput, counts: { remote: number; blocked: number }): sanitizeHtml.IOptions {
  const base = emailHtmlAllowlist;
  const attributes: Record<string, string[]> = {};
  for (const [tag, names] of Object.entries(base.allowedAttributes as Record<string, string[]>)) attributes[tag] = [...names];
  attributes["*"] = [...(attributes["*"] ?? []), "style"];
  attributes.a = [...new Set([...(attributes.a ?? []), "rel", "target"])];
  attributes.span = [...(attributes.span ?? []), "class", "title"];
  const byContentId = new Map<string, InlineImage>();
  for (const image of input.inlineImages) if (image.contentId) byContentId.set(image.contentId.replace(/^<|>$/g, "").toLowerCase(), image);

  return {
    allowedTags: [...(base.allowedTags as string[])],
    allowedAttributes: attributes,
    allowedClasses: { span: ["pd-blocked-image"] },
    // Only our own rewritten URLs (relative) and absolute http(s)/mailto/tel links survive.
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: {},
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    nonTextTags: [...(base.nonTextTags as string[])],
    nestingLimit: NESTING_LIMIT,
    transformTags: {
      a: (tagName, attribs) => {
        const { href, target: _target, rel: _rel, ...rest } = attribs;
        const keep = href !== undefined && /^(https?:|mailto:|tel:|#)/i.test(href.trim());
        return { tagName, attribs: { ...(keep ? { href: href!.trim() } : {}), ...rest, target: "_blank", rel: "noopener noreferrer" } };
      },
      img: (tagName, attribs) => {
        const src = (attribs.src ?? "").trim();
        const { src: _src, ...rest } = attribs;
        if (/^cid:/i.test(src)) {
          let cid = src.slice(4);
          try { cid = decodeURIComponent(cid); } catch { /* keep as written */ }
          const image = byContentId.get(cid.replace(/^<|>$/g, "").toLowerCase());
          if (image && previewableTypes.has(image.contentType)) return { tagName, attribs: { ...rest, src: input.inlineImageUrl(image.id) } };
          counts.blocked += 1;
          return placeholder(attribs.alt, "Image not available");
        }
        if (/^https?:\/\//i.test(src)) {
          counts.remote += 1;
          if (input.allowRemoteImages) return { tagName, attribs: { ...rest, src: input.proxiedImageUrl(src) } };
          counts.blocked += 1;
          return placeholder(attribs.alt, "Remote image blocked");
        }
        counts.blocked += 1;
        return placeholder(attribs.alt, "Image not available");
      },
      "*": (tagName, attribs) => {
        if (attribs.style === undefined) return { tagName, attribs };
        const { style, ...rest } = attribs;
        const clean = cleanInlineStyle(style);
        return { tagName, attribs: clean ? { ...rest, style: clean } : rest };
      },
    },
  };
}

const frameStyle = [
  "html{color-scheme:light}",
  "body{margin:0;padding:12px;font:14px/1.5 system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;color:#1f2328;overflow-wrap:anywhere}",
  "img{max-width:100%;height:auto}",
  "table{max-width:100%}",
  "pre.pd-text{white-space:pre-wrap;font:inherit;margin:0}",
  ".pd-blocked-image{display:inline-block;padding:2px 6px;border:1px dashed #8c959f;border-radius:4px;color:#57606a;font-size:12px}",
].join("");

/** Builds the frame document; counts tell the caller how many remote images there were and how many are hidden. */
export function presentMessageHtml(input: MessageHtmlInput): MessageHtmlDocument {
  const counts = { remote: 0, blocked: 0 };
  const body = input.html === null
    ? `<pre class="pd-text">${escapeHtml(input.text)}</pre>`
    : sanitizeHtml(input.html, buildOptions(input, counts));
  const html = "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">"
    + `<style>${frameStyle}</style></head><body>${body}</body></html>`;
  return { html, remoteImages: counts.remote, blockedImages: counts.blocked };
}
