// Live updates for consoles: one poller per process reads new ticket events from the database and fans
// them out to subscribers. Reading the shared events table (instead of an in-memory bus) means a change
// made by any process — web, worker, SMTP — reaches every console, with no extra service to run.
import type { Ctx } from "../context.ts";
import { listTicketEventsSince } from "../modules/events/event.commands.ts";
import { formatTicketNumber } from "../modules/tickets/ticket.ts";

export type LiveEvent = { type: "ticket.created" | "message.created" | "ticket.updated"; ticketId: string; ref: string; mailboxId: string };
type Subscriber = (event: LiveEvent) => void;

const streamType: Record<string, LiveEvent["type"]> = {
  "ticket.created": "ticket.created",
  "message.received": "message.created",
  "message.sent": "message.created",
  "note.added": "message.created",
};

/** Events may commit slightly out of id order across processes; re-reading a short window catches them. */
const OVERLAP_MS = 5_000;
const BATCH = 500;

export type ChangeFeed = { subscribe(fn: Subscriber): () => void; pollOnce(): Promise<void>; close(): void };

export function createChangeFeed(ctx: Ctx, options: { intervalMs?: number } = {}): ChangeFeed {
  const subscribers = new Set<Subscriber>();
  const seen = new Map<string, number>();
  let since = ctx.clock.now().getTime();
  // When a burst fills a whole batch, the next read starts where that batch ended.
  let floor = "";
  let timer: ReturnType<typeof setInterval> | null = null;
  let polling = false;

  async function pollOnce() {
    if (polling) return;
    polling = true;
    try {
      const overlapFrom = new Date(since - OVERLAP_MS).toISOString();
      const rows = await listTicketEventsSince(ctx, floor > overlapFrom ? floor : overlapFrom, BATCH);
      floor = rows.length === BATCH ? rows[rows.length - 1]!.createdAt : "";
      for (const row of rows) {
        if (seen.has(row.id)) continue;
        const at = Date.parse(row.createdAt);
        seen.set(row.id, at);
        since = Math.max(since, at);
        const type = streamType[row.kind] ?? (row.kind.startsWith("inbound.") ? null : "ticket.updated");
        if (!type) continue;
        const event: LiveEvent = { type, ticketId: row.ticketId!, ref: formatTicketNumber(ctx.services.config.ticketPrefix, row.number), mailboxId: row.mailboxId };
        for (const fn of subscribers) fn(event);
      }
      for (const [id, at] of seen) if (at < since - 2 * OVERLAP_MS) seen.delete(id);
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message }, "live update poll failed");
    } finally {
      polling = false;
    }
  }

  return {
    subscribe(fn) {
      subscribers.add(fn);
      timer ??= setInterval(() => void pollOnce(), options.intervalMs ?? 700);
      return () => {
        subscribers.delete(fn);
        if (subscribers.size === 0 && timer) { clearInterval(timer); timer = null; }
      };
    },
    pollOnce,
    close() {
      subscribers.clear();
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
