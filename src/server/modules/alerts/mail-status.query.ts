// How mail intake and delivery stand, for the admin page and `paydesk status`: read from the database,
// so any web process answers for all of them (IMAP may run in another process). `problems` lists, in
// plain words, what needs a human now; empty means healthy.
import type { Ctx } from "../../context.ts";
import { listImapCursors } from "../inbound/imap-cursor.repo.ts";
import { listOrphanedPending } from "../inbound/inbound.repo.ts";
import { listAlerts, type Alert } from "./alert.commands.ts";

export type ImapAccountStatus = {
  name: string; host: string; user: string; folder: string; idle: boolean;
  state: "active" | "backoff" | "disabled" | "not yet polled"; lastError: string | null;
  /** When the account's row last changed: its state, or the cursor moving past a message. */
  updatedAt: string | null; lastUid: number | null;
};

export type MailStatus = {
  imap: ImapAccountStatus[];
  smtp: { enabledHere: boolean; port: number; starttls: boolean; maxMessageBytes: number };
  /** clamd, when configured; whether it answers shows as an open `virus_scan.unavailable` alert. */
  virusScan: { clamd: string | null };
  /** `orphaned`: pending over 10 minutes with no job left to process them (up to 100 counted). */
  intake: { pending: number; oldestPendingAt: string | null; orphaned: string[]; held: number; dead: number; last24h: Record<string, number> };
  /** `stalled`: a job (processing, delivery) due for over 10 minutes and not taken: no worker running, or a stuck one. */
  worker: { stalled: boolean; oldestDueAt: string | null };
  outbound: { mode: "relay" | "outbox"; queued: number; retrying: number; oldestQueuedAt: string | null; failed: number; bounced: number; outboxed: number };
  alerts: Alert[];
  problems: string[];
};

/** A job due this long and not taken means no worker is running (or one is stuck). */
const DUE_TOO_LONG_MS = 10 * 60_000;

export async function mailStatus(ctx: Ctx): Promise<MailStatus> {
  const { config } = ctx.services;
  const now = ctx.clock.now().getTime();
  const cursors = new Map((await listImapCursors(ctx)).map((c) => [c.account, c]));
  const imap: ImapAccountStatus[] = config.imap.map((a) => {
    const c = cursors.get(a.name);
    return {
      name: a.name, host: a.host, user: a.user, folder: a.folder, idle: a.idle,
      state: c ? c.state : "not yet polled", lastError: c?.lastError ?? null, updatedAt: c?.updatedAt ?? null, lastUid: c ? c.lastUid : null,
    };
  });

  const intakeCounts = await countBy(ctx, "inbound", "status");
  const dayAgo = new Date(now - 24 * 3600_000).toISOString();
  const last24h = Object.fromEntries((await ctx.db.selectFrom("inbound").select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("received_at", ">=", dayAgo).groupBy("status").execute()).map((r) => [r.status, Number(r.n)]));
  const oldestPending = await ctx.db.selectFrom("inbound").select("received_at").where("status", "=", "pending").orderBy("received_at").limit(1).executeTakeFirst();
  // Queued and due, or claimed by a worker whose lock has run out (it died): both wait for a worker.
  // Two index walks, each stopping at the first row, whatever the backlog.
  const cutoff = new Date(now - DUE_TOO_LONG_MS).toISOString();
  const dueQueued = await ctx.db.selectFrom("jobs").select("run_at")
    .where("status", "=", "queued").where("run_at", "<", cutoff).orderBy("run_at").limit(1).executeTakeFirst();
  const deadWorker = await ctx.db.selectFrom("jobs").select("run_at")
    .where("status", "=", "running").where("locked_until", "<", cutoff).limit(1).executeTakeFirst();
  const overdue = [dueQueued?.run_at, deadWorker?.run_at].filter((t): t is string => !!t).sort()[0];
  const orphaned = (await listOrphanedPending(ctx, { beforeIso: cutoff })).map((r) => r.id);

  const outboundCounts = await countBy(ctx, "outbound_mail", "status");
  const retrying = await ctx.db.selectFrom("outbound_mail").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "queued").where("attempts", ">", 0).executeTakeFirstOrThrow();
  const oldestQueued = await ctx.db.selectFrom("outbound_mail").select("created_at").where("status", "=", "queued").orderBy("created_at").limit(1).executeTakeFirst();

  const status: MailStatus = {
    imap,
    smtp: { enabledHere: config.services.includes("smtp"), port: config.smtp.port, starttls: !!(config.smtp.tlsKeyFile && config.smtp.tlsCertFile), maxMessageBytes: config.smtp.maxMessageBytes },
    virusScan: { clamd: config.virusScan?.clamd ?? null },
    intake: {
      pending: intakeCounts.pending ?? 0, oldestPendingAt: oldestPending?.received_at ?? null, orphaned,
      held: intakeCounts.held ?? 0, dead: intakeCounts.dead ?? 0, last24h,
    },
    worker: { stalled: overdue !== undefined, oldestDueAt: overdue ?? null },
    outbound: {
      mode: config.relay ? "relay" : "outbox", queued: outboundCounts.queued ?? 0, retrying: Number(retrying.n), oldestQueuedAt: oldestQueued?.created_at ?? null,
      failed: outboundCounts.failed ?? 0, bounced: outboundCounts.bounced ?? 0, outboxed: outboundCounts.outboxed ?? 0,
    },
    alerts: await listAlerts(ctx),
    problems: [],
  };
  status.problems = problemsOf(status);
  return status;
}

function problemsOf(s: MailStatus): string[] {
  const problems: string[] = [];
  for (const a of s.imap) {
    if (a.state === "disabled") problems.push(`IMAP account ${a.name} is disabled: ${a.lastError ?? "see the log"}. Correct its settings and restart PayDesk.`);
    else if (a.state === "backoff") problems.push(`IMAP account ${a.name} cannot reach its server and is retrying: ${a.lastError ?? ""}`.trim());
  }
  if (s.intake.dead) problems.push(`${s.intake.dead} message(s) could not be processed and wait in the dead-letter list for a replay.`);
  if (s.worker.stalled) {
    problems.push(`Work has waited for a worker since ${s.worker.oldestDueAt} (${s.intake.pending} message(s) pending): is a worker running?`);
  }
  const leftInFolder = s.alerts.filter((a) => a.kind === "intake.too_large" && !a.resolvedAt).reduce((n, a) => n + a.count, 0);
  const scanner = s.alerts.find((a) => a.kind === "virus_scan.unavailable" && !a.resolvedAt);
  if (scanner) problems.push(`The virus scanner is not answering (${scanner.message}): mail with attachments waits for it and uploads are refused.`);
  const unreadable = s.alerts.filter((a) => a.kind === "imap.unreadable" && !a.resolvedAt).reduce((n, a) => n + a.count, 0);
  if (unreadable) problems.push(`${unreadable} message(s) could not be read from their IMAP folder and were left there: read them in the mailbox, then mark the alert resolved.`);
  const relay = s.alerts.find((a) => a.kind === "relay.refused" && !a.resolvedAt);
  if (relay) problems.push(`The mail relay refuses our mail for its settings (${relay.message}): check PAYDESK_RELAY_URL's user and password; the mail stays queued.`);
  if (leftInFolder) problems.push(`${leftInFolder} message(s) over the size limit were left in their IMAP folder: read them there, then mark the alert resolved.`);
  if (s.intake.orphaned.length) {
    problems.push(`${s.intake.orphaned.length} message(s) pending with no job left to process them: replay each (paydesk dead-letters replay ID): ${s.intake.orphaned.slice(0, 5).join(", ")}${s.intake.orphaned.length > 5 ? ", …" : ""}`);
  }
  if (s.outbound.retrying) problems.push(`${s.outbound.retrying} outgoing mail(s) failed delivery and are being retried.`);
  if (s.outbound.failed) problems.push(`${s.outbound.failed} outgoing mail(s) failed for good (recorded on their tickets; 'paydesk outbox retry --failed' queues them again).`);
  return problems;
}

async function countBy(ctx: Ctx, table: "inbound" | "outbound_mail", column: "status"): Promise<Record<string, number>> {
  const rows = await ctx.db.selectFrom(table).select([column, (eb) => eb.fn.countAll<number>().as("n")]).groupBy(column).execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
