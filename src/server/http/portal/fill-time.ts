// A signed "form shown at" time in a hidden field: scripts that post within a second or two of fetching the
// form are not people typing a request. Signed so a bot cannot simply send an old time.
import type { Ctx } from "../../context.ts";

const PURPOSE = "contact-form-shown";

export function issueFillToken(ctx: Ctx): string {
  const at = String(ctx.clock.now().getTime());
  return `${at}.${ctx.services.signer.sign(PURPOSE, at)}`;
}

/** Seconds since the form carrying `token` was shown, or null when the token is missing, forged or from the future. */
export function secondsSinceShown(ctx: Ctx, token: string | undefined): number | null {
  const m = /^(\d{10,16})\.([a-z2-7]{16})$/.exec(token ?? "");
  if (!m || !ctx.services.signer.verify(PURPOSE, m[1]!, m[2]!)) return null;
  const elapsed = (ctx.clock.now().getTime() - Number(m[1])) / 1000;
  return elapsed < 0 ? null : elapsed;
}
