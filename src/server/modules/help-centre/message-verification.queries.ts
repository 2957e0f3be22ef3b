// "Did support really send this?": a verification code from an e-mail's footer, or its Message-ID, looked
// up among the mail we sent. The answer shows only what the holder of the e-mail already has: when, to
// which address (masked) and the subject.
import type { Ctx } from "../../context.ts";
import { readVerificationCode, formatVerificationCode } from "../../outbound/verification-code.ts";

export type VerificationAnswer =
  | { kind: "ours"; code: string | null; sentAt: string; to: string; subject: string; delivered: boolean }
  | { kind: "not_ours"; input: "code" | "message_id" }
  | { kind: "unreadable" };

export async function verifyMessage(ctx: Ctx, input: string): Promise<VerificationAnswer> {
  const text = input.trim().slice(0, 1000);
  const messageId = readMessageId(text);
  const code = messageId ? null : readVerificationCode(text);
  if (!messageId && !code) return { kind: "unreadable" };

  let q = ctx.db.selectFrom("outbound_mail").select(["to_address", "subject", "status", "sent_at", "created_at", "verification_code"]);
  q = code ? q.where("verification_code", "=", code) : q.where("message_id_header", "=", messageId!);
  const row = await q.executeTakeFirst();
  if (!row) return { kind: "not_ours", input: code ? "code" : "message_id" };
  return {
    kind: "ours",
    code: row.verification_code ? formatVerificationCode(row.verification_code) : null,
    sentAt: row.sent_at ?? row.created_at,
    to: maskAddress(row.to_address),
    subject: row.subject,
    delivered: row.status === "sent",
  };
}

/** `<abc@x>` or `abc@x` (as copied from "show original") → `<abc@x>`; null when it is not one. */
function readMessageId(text: string): string | null {
  const m = /^(?:message-id:\s*)?<?([^\s<>@]+@[^\s<>@]+)>?$/i.exec(text);
  return m ? `<${m[1]}>` : null;
}

/** wang.wei@example.net → w***@example.net: enough to recognise one's own address, not to learn someone's. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${Array.from(address.slice(0, at))[0]}***${address.slice(at)}`;
}
