// The measured operations: what an agent's console asks for, timed through the same code the HTTP API
// runs. "http" rows go through buildHttpApp with app.inject (bearer auth, validation, JSON included);
// "fn" rows call the query functions the routes call, without HTTP.
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { Ctx } from "../../src/server/context.ts";
import { loadAgentAccess } from "../../src/server/modules/access/access.policy.ts";
import { searchTickets } from "../../src/server/modules/search/search.commands.ts";
import { findTicketByRef, listTicketPage, loadTicketPage } from "../../src/server/modules/tickets/ticket.queries.ts";
import { encodeTimeCursor } from "../../src/server/paging.ts";
import { viewFilter } from "../../src/server/modules/tickets/ticket-views.ts";
import type { Rng } from "../prng.ts";
import { RARE_TERMS } from "./corpus.ts";
import type { Probes } from "./dataset.ts";
import { summarize, time, type Summary } from "./stats.ts";

export type Group = "list" | "ticket" | "search";
export const TARGET_MS: Record<Group, number> = { list: 30, ticket: 30, search: 150 };

export type OpResult = { group: Group; label: string; summary: Summary; note?: string };

export type MeasureEnv = {
  base: Ctx;
  app: FastifyInstance;
  authorization: string;
  agent: { id: string; mailboxIds: string[] };
  prefix: string;
  probes: Probes;
  rng: Rng;
  n: number;
  warmup: number;
  /** Prints each result as it comes (long runs show progress). */
  onResult(r: OpResult): void;
};

async function get(env: MeasureEnv, url: string): Promise<unknown> {
  const res = await env.app.inject({ method: "GET", url, headers: { authorization: env.authorization } });
  if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  return res.json();
}

/** Cursors pointing deep into a view: taken from tickets drawn at random from that view. */
async function deepCursors(env: MeasureEnv, where: ReturnType<typeof sql>, count: number): Promise<string[]> {
  const scope = sql.join(env.agent.mailboxIds);
  const rows = await sql<{ updated_at: string; id: string }>`
    select updated_at, id from tickets where mailbox_id in (${scope}) and ${where} order by random() limit ${count}`.execute(env.base.db);
  return rows.rows.map((r) => encodeTimeCursor({ at: typeof r.updated_at === "string" ? r.updated_at : new Date(r.updated_at).toISOString(), id: r.id }));
}

export async function agentCtx(base: Ctx, agentId: string): Promise<Ctx> {
  const agent = await base.db.selectFrom("agents").select(["id", "role"]).where("id", "=", agentId).executeTakeFirstOrThrow();
  return { ...base, actor: { kind: "agent", id: agent.id, agent: await loadAgentAccess(base, agent) }, requestId: "bench" };
}

export async function runMeasurements(env: MeasureEnv): Promise<OpResult[]> {
  const out: OpResult[] = [];
  const total = env.n + env.warmup;
  const record = async (group: Group, label: string, fn: (i: number) => Promise<unknown>, note?: string | (() => string)) => {
    const samples = await time(env.n, env.warmup, fn);
    const r: OpResult = { group, label, summary: summarize(samples), note: typeof note === "function" ? note() : note };
    out.push(r);
    env.onResult(r);
  };
  const ctx = await agentCtx(env.base, env.agent.id);
  // Tickets the agent may open, drawn at random (tickets of the third mailbox would answer 404).
  const visible = await sql<{ number: number | string }>`
    select number from tickets where mailbox_id in (${sql.join(env.agent.mailboxIds)}) order by random() limit ${total}`.execute(env.base.db);
  const numbers = visible.rows.map((r) => Number(r.number));
  const randomNumber = () => numbers[env.rng.int(0, numbers.length - 1)]!;
  const page = (q: string) => () => get(env, `/api/tickets?${q}&limit=50`);

  // Listing: first pages of the views, deep cursor pages, filters.
  await record("list", "views: counts of all 8 (GET /api/views)", () => get(env, "/api/views"));
  await record("list", "view all · first page", page("view=all"));
  const deepAll = await deepCursors(env, sql`1 = 1`, total);
  await record("list", "view all · deep cursor page", (i) => get(env, `/api/tickets?view=all&limit=50&cursor=${deepAll[i % deepAll.length]}`));
  await record("list", "view new · first page", page("view=new"));
  await record("list", "view mine · first page", page("view=mine"));
  await record("list", "view unassigned · first page", page("view=unassigned"));
  await record("list", "view pending · first page", page("view=pending"));
  const deepPending = await deepCursors(env, sql`status = 'pending'`, total);
  await record("list", "view pending · deep cursor page", (i) => get(env, `/api/tickets?view=pending&limit=50${deepPending.length ? `&cursor=${deepPending[i % deepPending.length]}` : ""}`));
  await record("list", "view due_soon · first page", page("view=due_soon"));
  await record("list", "view breached · first page", page("view=breached"));
  await record("list", "view complaints · first page", page("view=complaints"));
  await record("list", "status=open & priority=urgent", page("status=open&priority=urgent"));
  await record("list", "status=closed · deep cursor page", async (i) => get(env, `/api/tickets?status=closed&limit=50&cursor=${deepAll[i % deepAll.length]}`));
  await record("list", "category=refund & assignee=me", page("category=refund&assignee=me"));
  await record("list", "tag=chargeback (rare tag)", page("tag=chargeback"));
  const mailbox = env.agent.mailboxIds[1] ?? env.agent.mailboxIds[0]!;
  await record("list", "mailbox=second · sort=created", page(`mailbox=${mailbox}&sort=created`));
  const span = await sql<{ lo: string; hi: string }>`select min(created_at) as lo, max(created_at) as hi from tickets`.execute(env.base.db);
  const lo = new Date(span.rows[0]!.lo).getTime();
  const hi = new Date(span.rows[0]!.hi).getTime();
  const weekAgo = (i: number) => {
    // A week of creation dates somewhere in the past, sorted by activity: the index cannot serve both.
    const from = lo + ((i * 7919) % 97) / 97 * (hi - lo);
    return `from=${new Date(from).toISOString()}&to=${new Date(from + 7 * 86400_000).toISOString()}`;
  };
  await record("list", "created within a past week (any status)", (i) => get(env, `/api/tickets?${weekAgo(i)}&limit=50`));
  await record("list", "fn listTicketPage · view all first page", () =>
    listTicketPage(ctx, { ...viewFilter("all", ctx.actor.id, ctx.clock.now()), mailboxIds: env.agent.mailboxIds, limit: 50 }));

  // The ticket page: a random ticket by its number, as an agent opens it from a list or a link.
  await record("ticket", "GET /api/tickets/:ref", () => get(env, `/api/tickets/${env.prefix}-${randomNumber()}`), "includes presence write");
  await record("ticket", "fn findTicketByRef + loadTicketPage", async () => {
    const t = await findTicketByRef(ctx, `${env.prefix}-${randomNumber()}`);
    if (t) await loadTicketPage(ctx, t);
  });

  const tx = env.probes.transactionIds;
  const searches: [string, (i: number) => string][] = [
    ["2-char zh (提现/退款/冻结/到账)", (i) => ["提现", "退款", "冻结", "到账"][i % 4]!],
    ["en word (withdrawal/refund/frozen)", (i) => ["withdrawal", "refund", "frozen"][i % 3]!],
    ["mixed (提现 failed)", () => "提现 failed"],
    ["ticket number (PD-n)", () => `${env.prefix}-${randomNumber()}`],
    ["transaction id", (i) => tx[i % Math.max(1, tx.length)] ?? "T0"],
    [`rare term en (${RARE_TERMS.en})`, () => RARE_TERMS.en],
    [`rare term zh (${RARE_TERMS.zh})`, () => RARE_TERMS.zh],
  ];
  // The HTTP route when the app has it; the function it calls either way.
  const probe = await env.app.inject({ method: "GET", url: "/api/search?q=x", headers: { authorization: env.authorization } });
  const viaHttp = probe.statusCode !== 404;
  for (const [label, q] of searches) {
    let hits = -1;
    if (viaHttp) {
      await record("search", `search ${label} · GET /api/search`, async (i) => {
        const r = (await get(env, `/api/search?q=${encodeURIComponent(q(i))}&limit=20`)) as { results: unknown[] };
        if (hits < 0) hits = r.results.length;
      }, () => `first query: ${hits} results`);
    }
    await record("search", `search ${label}${viaHttp ? " · fn" : ""}`, async (i) => {
      const r = await searchTickets(ctx, { text: q(i), mailboxIds: env.agent.mailboxIds, limit: 20 });
      if (hits < 0) hits = r.results.length;
    }, () => `first query: ${hits} results`);
  }
  return out;
}
