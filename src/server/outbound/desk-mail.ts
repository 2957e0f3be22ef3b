// Mail PayDesk itself sends to a person about no ticket (account mail, alerts for admins): from
// "<company> PayDesk" at the first support address, marked automatic, through the durable queue.
import type { Ctx } from "../context.ts";
import { newId } from "../ids.ts";
import { domainOf } from "../modules/mailboxes/mailbox.ts";
import { queueOutboundMail } from "./queue.ts";

/** `tag` names the sort of mail in its Message-ID (`<id>.<tag>@domain`). */
export async function queueDeskMail(ctx: Ctx, mail: { to: string; subject: string; text: string; tag: string }): Promise<void> {
  const { config } = ctx.services;
  const from = config.mailboxes[0]!;
  await queueOutboundMail(ctx, {
    kind: "notification",
    ticketId: null,
    messageRowId: null,
    mail: {
      from: { name: deskSenderName(config.companyName), address: from.address },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${newId(ctx.clock.now().getTime())}.${mail.tag}@${domainOf(from.address)}>`,
      autoSubmitted: "auto-generated",
    },
  });
}

/** "OKPay PayDesk"; a company name that already says PayDesk (the default) is not repeated. */
export function deskSenderName(companyName: string): string {
  return /\bpaydesk\b/i.test(companyName) ? companyName : `${companyName} PayDesk`;
}
