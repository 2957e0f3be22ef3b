// A reply written on the tracking page becomes an e-mail from the customer to the ticket's signed reply
// address, answering our last message, and enters the same pipeline as mail (channel "portal"): it threads,
// is redacted and triaged exactly like a reply from the customer's mail client.
import { randomBytes } from "node:crypto";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { composeMail } from "../../outbound/compose.ts";
import { sniffContentType } from "../attachments/sniff.ts";
import { findCustomerByAddress } from "../customers/customer.commands.ts";
import { findMailboxById } from "../mailboxes/mailbox.repo.ts";
import { domainOf, plusAddress } from "../mailboxes/mailbox.ts";
import { replyTag } from "../tickets/ticket-tokens.ts";
import { subjectWithNumber } from "../tickets/ticket.ts";
import type { TrackingLink } from "./tracking-link.commands.ts";
import { findLastOutboundMessageId, findTrackedTicketById } from "./tracking.queries.ts";

export const PORTAL_REPLY_MAX_CHARS = 20_000;
export const PORTAL_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const PORTAL_MAX_FILES = 5;
/** Screenshots and documents; anything else (HTML, SVG, archives, programs) is refused by what the bytes are. */
export const PORTAL_FILE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"]);

export type PortalFile = { filename: string; content: Buffer };

export type PortalFileProblem = { filename: string; reason: "type" | "size" | "count" };

/** Checks uploads by their bytes; returns the problems (empty when every file is acceptable). */
export function checkPortalFiles(files: PortalFile[]): PortalFileProblem[] {
  const problems: PortalFileProblem[] = [];
  files.forEach((f, i) => {
    if (i >= PORTAL_MAX_FILES) problems.push({ filename: f.filename, reason: "count" });
    else if (f.content.length > PORTAL_FILE_MAX_BYTES) problems.push({ filename: f.filename, reason: "size" });
    else if (!PORTAL_FILE_TYPES.has(sniffContentType(f.content) ?? "")) problems.push({ filename: f.filename, reason: "type" });
  });
  return problems;
}

/** The last path segment, without control characters, at most 200 characters. */
const cleanFilename = (name: string) =>
  [...(name.split(/[\\/]/).pop() ?? "")].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join("").trim().slice(0, 200) || "file";

export async function submitPortalReply(
  ctx: Ctx, link: TrackingLink, input: { text: string; files: PortalFile[] },
): Promise<{ inboundId: string }> {
  const text = input.text.replace(/\r\n/g, "\n").trim();
  if (!text && input.files.length === 0) throw new AppError("invalid_input", "write a message or attach a file");
  if (text.length > PORTAL_REPLY_MAX_CHARS) throw new AppError("invalid_input", `a reply can have at most ${PORTAL_REPLY_MAX_CHARS} characters`);
  if (checkPortalFiles(input.files).length) throw new AppError("invalid_input", "one of the files is not allowed");
  const ticket = await findTrackedTicketById(ctx, link.ticketId);
  if (!ticket) throw new AppError("not_found", "ticket not found");
  if (ticket.status === "closed") throw new AppError("conflict", "this request is closed");
  const { signer, config } = ctx.services;
  const mailbox = (await findMailboxById(ctx, ticket.mailbox_id))!;
  const replyAddress = plusAddress(mailbox.address, replyTag(signer, config.ticketPrefix, ticket.number));
  const lastOurs = await findLastOutboundMessageId(ctx, ticket.id);
  const customer = await findCustomerByAddress(ctx, link.address);
  const raw = await composeMail({
    from: { name: customer?.name ?? "", address: link.address },
    to: replyAddress,
    subject: subjectWithNumber(`Re: ${ticket.subject}`, config.ticketPrefix, ticket.number),
    text: text || "(files attached)",
    messageId: `<portal.${randomBytes(12).toString("hex")}@${domainOf(mailbox.address)}>`,
    inReplyTo: lastOurs,
    references: lastOurs ? [lastOurs] : [],
    date: ctx.clock.now(),
    attachments: input.files.map((f) => ({
      filename: cleanFilename(f.filename), contentType: sniffContentType(f.content) ?? "application/octet-stream", content: f.content,
    })),
  });
  const accepted = await acceptInbound(ctx, {
    channel: "portal",
    raw,
    envelope: { mailFrom: link.address, rcptTo: [replyAddress], portalSession: { trackingLinkId: link.id, address: link.address } },
  });
  return { inboundId: accepted.inboundId };
}
