// The door every channel comes through: keep the bytes durably, record the job, then say yes.
import { createHash } from "node:crypto";
import { z } from "zod";
import { inTransaction, nowIso, type Ctx } from "../context.ts";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import type { JobSpec } from "../jobs/job.ts";
import { findMailboxForAddress } from "../modules/mailboxes/mailbox.repo.ts";
import { addressparser } from "./address.ts";
import type { Channel, Envelope } from "./inbound-message.ts";
import { contentHash, parseMessageIds, readRawHeaders } from "./raw-headers.ts";
import { addressKey } from "./address-key.ts";

export const processInboundSpec = {
  kind: "inbound.process",
  // `sender`: one sender's messages are processed in arrival order (a reply after what it answers).
  schema: z.object({ inboundId: z.string(), sender: z.string().nullish() }),
  maxAttempts: 3,
} satisfies JobSpec;

/** Every job that processes a message carries its intake id in its dedupe key: `inbound:<id>:<n>`. */
export const processJobKeyPrefix = (inboundId: string) => `inbound:${inboundId}:`;

export type AcceptInput = {
  channel: Channel;
  raw: Buffer;
  envelope: Envelope;
  /** Which support address this is for, when the envelope does not say (IMAP, CLI). */
  mailboxAddress?: string;
  /**
   * Keep the message but do not process it yet (a web-form request waiting for its sender's confirmation).
   * Its processing job is scheduled for `until`: released before then it runs at once (held-inbound.ts),
   * otherwise that run records it as unconfirmed.
   */
  hold?: { reason: string; until: Date };
  /** More writes that belong in the intake row's transaction (e.g. the confirmation mail of a held request). */
  alsoInTransaction?: (tx: Ctx, inboundId: string) => Promise<void>;
};

export type Accepted = { inboundId: string; mailboxId: string };

/**
 * The one mailbox a message is filed in. Mail to several support addresses makes one ticket, not one per
 * address (two teams answering the same customer apart); it goes to the address listed first in the
 * configuration, whatever order the sender's client put them in. `mailboxAddress` (a channel's own
 * mailbox: an IMAP account's, the CLI's --mailbox) comes before all.
 */
export async function resolveMailbox(ctx: Ctx, input: Pick<AcceptInput, "envelope" | "mailboxAddress">) {
  if (input.mailboxAddress) {
    const own = await findMailboxForAddress(ctx, input.mailboxAddress);
    if (own) return own;
  }
  const found = (await Promise.all(input.envelope.rcptTo.map((address) => findMailboxForAddress(ctx, address)))).filter((m) => m !== undefined);
  const rank = (address: string) => ctx.services.config.mailboxes.findIndex((m) => m.address.toLowerCase() === address);
  return found.sort((a, b) => rank(a.address) - rank(b.address))[0];
}

/**
 * Stores the raw message (sealed) and commits it with the intake row and its processing job.
 * Only when this resolves may a channel acknowledge the message (SMTP 250, IMAP cursor advance).
 */
export async function acceptInbound(ctx: Ctx, given: AcceptInput): Promise<Accepted> {
  // A byte-order mark some tools write before a saved message is not part of it: kept, it would hide the
  // first header (the From, so the customer could not be answered).
  const input = hasUtf8Bom(given.raw) ? { ...given, raw: given.raw.subarray(3) } : given;
  if (input.raw.length === 0) throw new AppError("invalid_input", "empty message");
  const mailbox = await resolveMailbox(ctx, input);
  if (!mailbox) throw new AppError("unknown_recipient", "no such support mailbox here");
  const id = newId(ctx.clock.now().getTime());
  const day = nowIso(ctx).slice(0, 10);
  const headers = readRawHeaders(input.raw);
  const messageId = parseMessageIds(headers.get("message-id"))[0] ?? null;
  // Lower-case already (address.ts): one sender's mail is found, and kept in order, whatever case it was written in.
  const fromAddress = addressparser(headers.get("from") ?? "")[0]?.address ?? null;
  const rawSha256 = createHash("sha256").update(input.raw).digest("hex");
  const contentSha256 = contentHash(input.raw);
  await inTransaction(ctx, async (tx) => {
    // The very same bytes again (an SMTP retry after a lost 250, an IMAP folder re-read after a new
    // UIDVALIDITY, a relay's webhook retry): share the copy we have; dedupe records the drop as usual.
    // So several intake rows may name one raw blob: anything that ever deletes raw mail must count them.
    const rawBlobKey = await storedCopyOf(tx, mailbox.id, messageId, contentSha256, rawSha256)
      ?? await storeRaw(ctx, `raw/${day}/${id}.eml`, input.raw);
    await tx.db.insertInto("inbound").values({
      id,
      channel: input.channel,
      mailbox_id: mailbox.id,
      envelope_json: JSON.stringify(input.envelope),
      raw_blob_key: rawBlobKey,
      raw_sha256: rawSha256,
      content_sha256: contentSha256,
      message_id_header: messageId,
      from_address: fromAddress,
      address_key: fromAddress === null ? null : addressKey(fromAddress),
      size: input.raw.length,
      status: input.hold ? "held" : "pending",
      reason: input.hold?.reason ?? null,
      ticket_id: null,
      message_id: null,
      attempts: 0,
      received_at: nowIso(tx),
      processed_at: null,
    }).execute();
    await enqueueJob(tx, processInboundSpec, { inboundId: id, sender: fromAddress }, { dedupeKey: `${processJobKeyPrefix(id)}0`, runAt: input.hold?.until });
    await input.alsoInTransaction?.(tx, id);
  });
  if (!input.hold) ctx.services.wakeWorker();
  return { inboundId: id, mailboxId: mailbox.id };
}

/** In the same commit as the intake row (or fsynced to disk first, when large): durable before the row is. */
async function storeRaw(ctx: Ctx, key: string, raw: Buffer): Promise<string> {
  await ctx.services.blobs.put(key, raw);
  return key;
}

async function storedCopyOf(tx: Ctx, mailboxId: string, messageId: string | null, contentSha256: string, rawSha256: string) {
  let q = tx.db.selectFrom("inbound").select("raw_blob_key")
    .where("mailbox_id", "=", mailboxId)
    .where("content_sha256", "=", contentSha256)
    .where("raw_sha256", "=", rawSha256);
  q = messageId ? q.where("message_id_header", "=", messageId) : q.where("message_id_header", "is", null);
  return (await q.orderBy("received_at").executeTakeFirst())?.raw_blob_key;
}

const hasUtf8Bom = (raw: Buffer) => raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
