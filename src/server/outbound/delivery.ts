// One delivery attempt of one queued message: to the relay when one is configured, else into the local
// outbox. The worker's job (deliver.job.ts) and `paydesk outbox deliver` (deliver-now.ts) both call it.
//
// At-least-once: the row is marked "sending" before the relay is called and "sent" after it answers.
// A crash between the relay's 250 and our update leaves the row "sending"; the job's lock then expires,
// and the message is sent again — a duplicate with the SAME Message-ID (mail clients show it once).
// Mail is never silently lost; a duplicate is possible only in that window.
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { inTransaction, nowIso, type Ctx } from "../context.ts";
import { recordEvent } from "../modules/events/event.commands.ts";
import { raiseAlert, resolveAlert } from "../modules/alerts/alert.commands.ts";
import { signWithDkim } from "./dkim.ts";
import { findOutboundMail } from "./outbound-mail.repo.ts";
import type { RelayError } from "./relay.ts";
import { classifyRelayError, describeRelayError } from "./relay-refusal.ts";

/** Open while the relay refuses our sender or relaying itself (its settings need a human). */
export const RELAY_ALERT = "relay.refused";

/** Minutes to wait after each failed attempt; after the last, keep trying daily until GIVE_UP_AFTER. */
const RETRY_MINUTES = [1, 5, 15, 30, 60, 120, 240, 480, 720];
const GIVE_UP_AFTER_MS = 5 * 24 * 3600_000;

export function nextRetryDelayMs(attempts: number): number {
  return (RETRY_MINUTES[attempts - 1] ?? 1440) * 60_000;
}

export type DeliveryOutcome =
  | { result: "sent"; response: string }
  /** No relay in this process: written to the local outbox. */
  | { result: "kept"; file: string }
  /** Refused for now or no answer: queued again for `at` (the caller schedules that attempt). */
  | { result: "retry"; at: Date; error: string }
  /** The relay refused this very message, or it has been retried for 5 days. */
  | { result: "failed"; error: string; gaveUp: boolean }
  /** Nothing to do: already sent, failed or bounced, or no such message. */
  | { result: "skipped"; status: string };

const outboxFile = (ctx: Ctx, id: string) => join(ctx.services.config.dataDir, "outbox", `${id}.eml`);

/**
 * A copy kept while no relay was configured, once a relay has had the message (sent, refused or to be
 * retried): the outbox holds exactly the mail whose state is "kept", and a process without a relay writes
 * it there again if it comes back to it.
 */
async function forgetKeptCopy(ctx: Ctx, id: string): Promise<void> {
  await rm(outboxFile(ctx, id), { force: true });
}

async function writeToOutbox(ctx: Ctx, id: string, raw: Buffer): Promise<string> {
  const file = outboxFile(ctx, id);
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const handle = await open(tmp, "w");
  try {
    await handle.writeFile(raw);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  return file;
}

async function finalBytes(ctx: Ctx, rawKey: string): Promise<Buffer> {
  const raw = await ctx.services.blobs.get(rawKey);
  const dkim = ctx.services.config.dkim;
  if (!dkim) return raw;
  const privateKey = await readFile(dkim.privateKeyFile, "utf8");
  return signWithDkim(raw, { domain: dkim.domain, selector: dkim.selector, privateKey }, ctx.clock.now());
}

/** The caller must own the message for this attempt: the worker through its job's lock, the CLI through deliver-now.ts. */
export async function deliverOutboundMail(ctx: Ctx, outboundId: string): Promise<DeliveryOutcome> {
  const mail = await findOutboundMail(ctx, outboundId);
  if (!mail || mail.status === "sent" || mail.status === "failed" || mail.status === "bounced" || !mail.raw_blob_key) {
    return { result: "skipped", status: mail?.status ?? "missing" };
  }
  const mailbox = mail.ticket_id
    ? await ctx.db.selectFrom("tickets").innerJoin("mailboxes", "mailboxes.id", "tickets.mailbox_id").select("mailboxes.address").where("tickets.id", "=", mail.ticket_id).executeTakeFirst()
    : undefined;
  const envelopeFrom = mailbox?.address ?? ctx.services.config.mailboxes[0]!.address;
  const bytes = await finalBytes(ctx, mail.raw_blob_key);

  if (!ctx.services.relay) {
    const file = await writeToOutbox(ctx, mail.id, bytes);
    await ctx.db.updateTable("outbound_mail").set({ status: "outboxed", smtp_response: `kept in outbox: ${file}` }).where("id", "=", mail.id).execute();
    // A process with a relay tried it and queued it again; this one has none, so it lands back in the outbox.
    if (mail.attempts > 0) {
      ctx.log.warn({ outboundId: mail.id, lastError: mail.last_error }, "no relay configured in this process (PAYDESK_RELAY_URL): mail queued for a retry was kept in the outbox again; send it with 'paydesk outbox deliver'");
    }
    return { result: "kept", file };
  }

  const attempts = mail.attempts + 1;
  const firstAttemptAt = mail.first_attempt_at ?? nowIso(ctx);
  await ctx.db.updateTable("outbound_mail").set({ status: "sending", attempts, next_attempt_at: nowIso(ctx), first_attempt_at: firstAttemptAt })
    .where("id", "=", mail.id).execute();
  try {
    const result = await ctx.services.relay.send(bytes, { from: envelopeFrom, to: [mail.to_address] });
    const response = result.response.slice(0, 500);
    await inTransaction(ctx, async (tx) => {
      await tx.db.updateTable("outbound_mail").set({ status: "sent", sent_at: nowIso(tx), smtp_response: response, last_error: null })
        .where("id", "=", mail.id).execute();
      if (mail.ticket_id) await recordEvent(tx, "mail.delivered", mail.ticket_id, { outboundId: mail.id, response: result.response.slice(0, 200) });
    });
    await forgetKeptCopy(ctx, mail.id);
    await resolveAlert(ctx, RELAY_ALERT);
    return { result: "sent", response };
  } catch (err) {
    const e = err as RelayError;
    const error = describeRelayError(e).slice(0, 500);
    // Five days of trying, counted from the first time a relay saw it (not from a stay in the outbox).
    const gaveUp = ctx.clock.now().getTime() - Date.parse(firstAttemptAt) > GIVE_UP_AFTER_MS;
    const refusal = classifyRelayError(e);
    if (refusal === "configuration") {
      await raiseAlert(ctx, { kind: RELAY_ALERT, key: RELAY_ALERT, message: `${mail.to_address} (${mail.id}): ${e.command ?? ""} ${error}`.trim() })
        .catch((alertErr) => ctx.log.error({ err: (alertErr as Error).message }, "could not raise the relay alert"));
    }
    if (refusal === "message" || gaveUp) {
      await inTransaction(ctx, async (tx) => {
        await tx.db.updateTable("outbound_mail").set({ status: "failed", last_error: error }).where("id", "=", mail.id).execute();
        if (mail.ticket_id) await recordEvent(tx, "mail.delivery_failed", mail.ticket_id, { outboundId: mail.id, error, gaveUp });
      });
      await forgetKeptCopy(ctx, mail.id);
      return { result: "failed", error, gaveUp };
    }
    const at = new Date(ctx.clock.now().getTime() + nextRetryDelayMs(attempts));
    await ctx.db.updateTable("outbound_mail").set({ status: "queued", last_error: error, next_attempt_at: at.toISOString() }).where("id", "=", mail.id).execute();
    await forgetKeptCopy(ctx, mail.id);
    return { result: "retry", at, error };
  }
}
