// Messages on a ticket's timeline: inbound mail, our replies, internal notes.
import { nowIso, type Ctx } from "../../context.ts";
import { newId } from "../../ids.ts";
import { indexMessage } from "../search/search.commands.ts";

export type NewMessage = {
  ticketId: string;
  direction: "inbound" | "outbound" | "note";
  channel: string;
  inboundId?: string | null;
  messageIdHeader?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  from?: { address: string; name: string | null } | null;
  to?: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string | null;
  quoted?: string;
  signature?: string;
  authVerdict?: string;
  auth?: Record<string, unknown>;
  redactions?: unknown[];
  rawBlobKey?: string | null;
  authorAgentId?: string | null;
};

export async function insertMessage(ctx: Ctx, m: NewMessage): Promise<string> {
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.insertInto("messages").values({
    id,
    ticket_id: m.ticketId,
    direction: m.direction,
    channel: m.channel,
    inbound_id: m.inboundId ?? null,
    message_id_header: m.messageIdHeader ?? null,
    in_reply_to: m.inReplyTo ?? null,
    references_json: JSON.stringify(m.references ?? []),
    from_address: m.from?.address.toLowerCase() ?? null,
    from_name: m.from?.name ?? null,
    to_json: JSON.stringify(m.to ?? []),
    cc_json: JSON.stringify(m.cc ?? []),
    subject: m.subject,
    text_body: m.text,
    html_body: m.html ?? null,
    quoted_text: m.quoted ?? "",
    signature_text: m.signature ?? "",
    auth_verdict: m.authVerdict ?? (m.direction === "inbound" ? "unverified" : "verified"),
    auth_json: JSON.stringify(m.auth ?? {}),
    redactions_json: JSON.stringify(m.redactions ?? []),
    raw_blob_key: m.rawBlobKey ?? null,
    author_agent_id: m.authorAgentId ?? null,
    created_at: nowIso(ctx),
  }).execute();
  // Same transaction as the row: a message is findable exactly when it exists.
  await indexMessage(ctx, id);
  return id;
}
