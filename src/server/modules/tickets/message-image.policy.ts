// Signed links for the images inside a message frame.
// The frame is sandboxed without allow-same-origin, so its image requests have an opaque origin and the
// browser sends them without the SameSite session cookie. The links therefore carry their own permission:
// an expiring HMAC over exactly what the message contained, issued while rendering it for a signed-in agent.
import type { Ctx } from "../../context.ts";

const TTL_SECONDS = 12 * 3600;

const expiry = (ctx: Ctx) => Math.floor(ctx.clock.now().getTime() / 1000) + TTL_SECONDS;

function isFresh(ctx: Ctx, e: string | undefined): e is string {
  return !!e && /^\d{1,12}$/.test(e) && Number(e) >= Math.floor(ctx.clock.now().getTime() / 1000);
}

/** `/api/image-proxy` link for one remote image URL found in a message. */
export function signImageProxyUrl(ctx: Ctx, remoteUrl: string): string {
  const e = String(expiry(ctx));
  const s = ctx.services.signer.sign("image-proxy", `${e}:${remoteUrl}`);
  return `/api/image-proxy?u=${encodeURIComponent(remoteUrl)}&e=${e}&s=${s}`;
}

export function verifyImageProxyUrl(ctx: Ctx, q: { u?: string; e?: string; s?: string }): boolean {
  if (!q.u || !q.s || !isFresh(ctx, q.e)) return false;
  return ctx.services.signer.verify("image-proxy", `${q.e}:${q.u}`, q.s);
}

/** Inline-preview link for an attachment a message shows as a `cid:` image. */
export function signInlineImageUrl(ctx: Ctx, attachmentId: string): string {
  const e = String(expiry(ctx));
  const s = ctx.services.signer.sign("inline-image", `${e}:${attachmentId}`);
  return `/api/attachments/${encodeURIComponent(attachmentId)}?inline=1&e=${e}&s=${s}`;
}

/** For the attachment route: lets a signed inline preview through without a session. */
export function verifyInlineImageUrl(ctx: Ctx, attachmentId: string, q: { e?: string; s?: string }): boolean {
  if (!q.s || !isFresh(ctx, q.e)) return false;
  return ctx.services.signer.verify("inline-image", `${q.e}:${attachmentId}`, q.s);
}
