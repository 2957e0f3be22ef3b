// The one path every inbound message takes, whatever channel brought it.
import { inTransaction, nowIso, type Ctx } from "../context.ts";
import { raiseAlert } from "../modules/alerts/alert.commands.ts";
import { recordEvent } from "../modules/events/event.commands.ts";
import { commitInbound, type Committed } from "./commit.ts";
import type { Filter } from "./filter.ts";
import type { Decision, Envelope, InboundMessage } from "./inbound-message.ts";
import { readRawHeaders } from "./raw-headers.ts";
import { dedupeFilter } from "./filters/010-dedupe.ts";
import { loopGuardFilter } from "./filters/020-loop-guard.ts";
import { senderAuthFilter } from "./filters/030-sender-auth.ts";
import { burstGuardFilter } from "./filters/035-burst-guard.ts";
import { decodeFilter } from "./filters/040-decode.ts";
import { redactFilter } from "./filters/050-redact.ts";
import { virusScanFilter } from "./filters/055-virus-scan.ts";
import { threadFilter } from "./filters/060-thread.ts";
import { triageFilter } from "./filters/070-triage.ts";

export const pipelineFilters: Filter[] = [
  dedupeFilter, loopGuardFilter, senderAuthFilter, burstGuardFilter, decodeFilter, redactFilter, virusScanFilter, threadFilter, triageFilter,
];

export type PipelineOutcome =
  | { kind: "committed"; result: Committed }
  | { kind: "drop" | "divert"; reason: string }
  | { kind: "skipped"; reason: string };

export async function runPipeline(ctx: Ctx, inboundId: string, filters = pipelineFilters): Promise<PipelineOutcome> {
  const row = await ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirst();
  if (!row) return { kind: "skipped", reason: "no such intake record" };
  // Idempotent: a job that runs twice (crash after commit) does nothing the second time.
  if (row.status !== "pending") return { kind: "skipped", reason: `already ${row.status}` };
  const mailbox = await ctx.db.selectFrom("mailboxes").select(["id", "address"]).where("id", "=", row.mailbox_id!).executeTakeFirstOrThrow();
  const raw = await ctx.services.blobs.get(row.raw_blob_key);
  let msg: InboundMessage = {
    inboundId: row.id,
    channel: row.channel as InboundMessage["channel"],
    mailboxId: mailbox.id,
    mailboxAddress: mailbox.address,
    envelope: JSON.parse(row.envelope_json) as Envelope,
    raw,
    rawBlobKey: row.raw_blob_key,
    headers: readRawHeaders(raw),
    messageId: row.message_id_header,
    contentSha256: row.content_sha256,
    automatic: null,
    auth: null,
    content: null,
    redactions: [],
    thread: null,
    triage: null,
  };
  for (const filter of filters) {
    const decision: Decision = await filter.run(ctx, msg);
    if (decision.kind === "continue") {
      msg = decision.msg;
      continue;
    }
    await recordOutcome(ctx, row.id, decision, filter.name);
    return { kind: decision.kind, reason: decision.reason };
  }
  return { kind: "committed", result: await commitInbound(ctx, msg) };
}

async function recordOutcome(ctx: Ctx, inboundId: string, decision: Exclude<Decision, { kind: "continue" }>, filterName: string) {
  await inTransaction(ctx, async (tx) => {
    const status = decision.kind === "drop" ? "dropped" : "diverted";
    const reason = decision.kind === "divert" ? `${decision.to}: ${decision.reason}` : decision.reason;
    const ticketId = decision.kind === "divert" ? decision.ticketId ?? null : null;
    await tx.db.updateTable("inbound").set({ status, reason: `${filterName}: ${reason}`, ticket_id: ticketId, processed_at: nowIso(tx) })
      .where("id", "=", inboundId).execute();
    // A delivery report about our mail: a failure marks that mail bounced; a delay is only said on the ticket.
    const report = decision.kind === "divert" && decision.to === "bounce" && ticketId ? { outcome: decision.deliveryOutcome ?? "failed", outboundId: decision.outboundId ?? null } : null;
    if (report?.outcome === "failed") {
      await recordEvent(tx, "mail.bounced", ticketId, { inboundId, outboundId: report.outboundId, reason: decision.reason });
      if (report.outboundId) {
        await tx.db.updateTable("outbound_mail").set({ status: "bounced", last_error: decision.reason }).where("id", "=", report.outboundId).execute();
      }
    } else if (report?.outcome === "delayed") {
      await recordEvent(tx, "mail.delayed", ticketId, { inboundId, outboundId: report.outboundId, reason: decision.reason });
    } else {
      await recordEvent(tx, decision.kind === "drop" ? "inbound.dropped" : "inbound.diverted", ticketId, { inboundId, reason });
    }
  });
}

/** Marks an intake record dead (processing failed for good); it stays replayable. */
export async function markInboundDead(ctx: Ctx, inboundId: string, reason: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable("inbound").set({ status: "dead", reason, processed_at: nowIso(tx) }).where("id", "=", inboundId).execute();
    await recordEvent(tx, "inbound.dead", null, { inboundId, reason });
  });
  await raiseAlert(ctx, { kind: "intake.dead_letter", key: DEAD_LETTER_ALERT, message: `inbound ${inboundId}: ${reason}` })
    .catch((err) => ctx.log.error({ err: (err as Error).message, inboundId }, "could not raise the dead-letter alert"));
}

export const DEAD_LETTER_ALERT = "intake.dead_letter";
