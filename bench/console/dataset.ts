// The seeded data set: tickets with their customers, participants, messages, attachments and events,
// streamed in batches so memory stays flat at a million tickets. Rows are shaped as the app writes them
// (commitInbound, replyToTicket, addNote, updateTicket, the delivery job); the intake, delivery-queue
// and job tables are left empty, since no console read touches them.
import { createRng, type Rng } from "../prng.ts";
import {
  htmlOf, makeFacts, makeFollowUp, makeNote, makeOpeningBody, makePerson, makeQuote, makeReply, makeSubject, RARE_TERMS,
  enSignature, zhSignature, type Category, type Facts, type Language, type Person,
} from "./corpus.ts";

export type Row = Record<string, string | number | null>;
export const TABLES = ["customers", "customer_addresses", "tickets", "ticket_participants", "ticket_tags", "messages", "attachments", "events"] as const;
export type Table = (typeof TABLES)[number];
export type Batch = Record<Table, Row[]>;

export type DatasetOptions = {
  seed: number;
  tickets: number;
  /** The newest ticket arrives shortly before this instant (the benchmark's clock). */
  end: Date;
  spanDays: number;
  mailboxes: { id: string; address: string; name: string }[];
  agents: { id: string; name: string }[];
  prefix: string;
  firstNumber: number;
};

/** What the measurements need to know about the data without reading it back. */
export type Probes = { transactionIds: string[]; rareTickets: { en: number[]; zh: number[] }; lastNumber: number };

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const categories: [Category, number][] = [
  ["withdrawal", 0.25], ["refund", 0.2], ["payment_failed", 0.18], ["account_frozen", 0.12], ["security_fraud", 0.08], ["complaint", 0.05], ["general", 0.12],
];
const priorities: [string, number][] = [["low", 0.1], ["normal", 0.68], ["high", 0.16], ["urgent", 0.06]];
const messageCounts: [number, number][] = [[1, 0.3], [2, 0.22], [3, 0.18], [4, 0.12], [5, 0.08], [6, 0.04], [8, 0.03], [11, 0.03]];

function weighted<T>(rng: Rng, table: [T, number][]): T {
  let x = rng.next();
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1]![0];
}

const hex = (rng: Rng, bytes: number) => rng.bytes(bytes).toString("hex");

/** UUIDv7 as src/server/ids.ts makes them, with the random part from the seeded generator. */
function uuid7(rng: Rng, ms: number): string {
  const b = rng.bytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

type Customer = { id: string; person: Person; language: Language };

export function emptyBatch(): Batch {
  return { customers: [], customer_addresses: [], tickets: [], ticket_participants: [], ticket_tags: [], messages: [], attachments: [], events: [] };
}

export function rowCount(b: Batch): number {
  return TABLES.reduce((n, t) => n + b[t].length, 0);
}

/**
 * Streams the data set in batches of `batchTickets` tickets. The same seed and ticket count give the same
 * rows whatever the batch size (one generator runs through the whole set in ticket order).
 */
export function* generateDataset(o: DatasetOptions, batchTickets: number, probes: Probes): Generator<Batch> {
  const rng = createRng(o.seed);
  const customers: { id: string; serial: number; language: Language }[] = [];
  const start = o.end.getTime() - o.spanDays * DAY;
  const step = (o.spanDays * DAY - 10 * 60_000) / Math.max(1, o.tickets);
  const rareEvery = Math.max(1, Math.floor(o.tickets / 10));
  const txEvery = Math.max(1, Math.floor(o.tickets / 200));
  let batch = emptyBatch();

  const customerOf = (serial: number, language: Language): Customer => {
    // Each customer's name and address come from its own generator, so a repeat visit finds the same person.
    const own = createRng((o.seed * 7919 + serial * 104729) >>> 0);
    return { id: "", person: makePerson(own, language, serial), language };
  };

  for (let i = 0; i < o.tickets; i++) {
    const t0 = Math.floor(start + i * step + rng.next() * step);
    const number = o.firstNumber + i;
    probes.lastNumber = number;
    // About a third of the tickets come from a customer who wrote before.
    let customer: Customer;
    if (customers.length > 0 && rng.chance(0.35)) {
      const known = customers[rng.int(0, customers.length - 1)]!;
      customer = { ...customerOf(known.serial, known.language), id: known.id };
    } else {
      const language: Language = rng.chance(0.65) ? "zh-CN" : "en";
      const serial = customers.length;
      customer = { ...customerOf(serial, language), id: uuid7(rng, t0 - 1) };
      customers.push({ id: customer.id, serial, language });
      batch.customers.push({ id: customer.id, name: customer.person.name, language, created_at: iso(t0 - 1) });
      batch.customer_addresses.push({ address: customer.person.address, customer_id: customer.id, created_at: iso(t0 - 1) });
    }
    const rare = i % rareEvery === Math.floor(rareEvery / 2) ? RARE_TERMS.en : i % rareEvery === Math.floor(rareEvery / 4) ? RARE_TERMS.zh : null;
    if (rare === RARE_TERMS.en) probes.rareTickets.en.push(number);
    if (rare === RARE_TERMS.zh) probes.rareTickets.zh.push(number);
    addTicket(o, rng, batch, { t0, number, customer, rare, end: o.end.getTime(), probeTx: i % txEvery === 0 ? probes.transactionIds : null });
    if ((i + 1) % batchTickets === 0) {
      yield batch;
      batch = emptyBatch();
    }
  }
  if (batch.tickets.length > 0) yield batch;
}

type TicketPlan = { t0: number; number: number; customer: Customer; rare: string | null; end: number; probeTx: string[] | null };

function addTicket(o: DatasetOptions, rng: Rng, b: Batch, p: TicketPlan): void {
  const { t0, number, customer, end } = p;
  const lang = customer.language;
  const zh = lang === "zh-CN";
  const category = weighted(rng, categories);
  const priority = category === "security_fraud" && rng.chance(0.5) ? "urgent" : weighted(rng, priorities);
  const mailbox = category === "security_fraud" && o.mailboxes.length > 2 ? o.mailboxes[2]! : rng.chance(0.8) || o.mailboxes.length < 2 ? o.mailboxes[0]! : o.mailboxes[1]!;
  const channel = rng.chance(0.7) ? "smtp" : "imap";
  const subject = makeSubject(rng, lang, category);
  const facts: Facts = makeFacts(rng, lang, new Date(t0), customer.person.postal);
  // Searched for later as the benchmark's agent, who sees the first two mailboxes.
  if (p.probeTx && mailbox !== o.mailboxes[2]) p.probeTx.push(facts.tx);
  const ticketId = uuid7(rng, t0);
  const ref = `${o.prefix}-${number}`;
  const age = end - t0;
  const agent = o.agents[rng.int(0, o.agents.length - 1)]!;
  let eventMs = t0 - 1;
  const event = (at: number, kind: string, actor: { kind: string; id: string | null }, data: Record<string, unknown>) => {
    eventMs = Math.max(at, eventMs + 1);
    b.events.push({ id: uuid7(rng, eventMs), ticket_id: ticketId, kind, actor_kind: actor.kind, actor_id: actor.id, data_json: JSON.stringify(data), created_at: iso(eventMs) });
  };
  const system = { kind: "system", id: null };
  const asAgent = { kind: "agent", id: agent.id };

  // The conversation: the customer writes, an agent answers, the customer answers back, now and then a note.
  const fresh = age < 3 * DAY;
  const planned = weighted(rng, messageCounts);
  const unanswered = fresh && rng.chance(0.45);
  let at = t0;
  let lastInbound = t0;
  let firstResponse: number | null = null;
  let lastDirection = "inbound";
  let assigned = false;
  const headers: string[] = [];
  let previousText = "";
  let previousFrom = "";
  let previousAt = t0;
  const senderDomain = customer.person.address.split("@")[1]!;

  for (let k = 0; k < planned; k++) {
    let direction: "inbound" | "outbound" | "note";
    if (k === 0) direction = "inbound";
    else if (unanswered) direction = "inbound";
    else if (lastDirection === "inbound") direction = rng.chance(0.1) ? "note" : "outbound";
    else if (lastDirection === "note") direction = "outbound";
    else direction = "inbound";
    if (k > 0) {
      const gap = direction === "inbound" ? rng.int(20 * 60_000, 30 * HOUR) : direction === "note" ? rng.int(60_000, 2 * HOUR) : rng.int(5 * 60_000, 20 * HOUR);
      if (at + gap > end - 60_000) break;
      at += gap;
    }
    const messageId = uuid7(rng, at);
    let text: string;
    const row: Row = {
      id: messageId, ticket_id: ticketId, direction, channel: direction === "note" ? "console" : direction === "inbound" ? channel : "email",
      inbound_id: null, message_id_header: null, in_reply_to: null, references_json: "[]", from_address: null, from_name: null,
      to_json: "[]", cc_json: "[]", subject: "", text_body: "", html_body: null, quoted_text: "", signature_text: "",
      auth_verdict: "verified", auth_json: "{}", redactions_json: "[]", raw_blob_key: null, author_agent_id: null, created_at: iso(at),
    };
    if (direction === "inbound") {
      text = k === 0 ? makeOpeningBody(rng, lang, category, facts, customer.person.name, p.rare) : makeFollowUp(rng, lang, facts, customer.person.name);
      const header = `<${hex(rng, 8)}.${at.toString(36)}@${senderDomain === "gmail.com" ? "mail.gmail.com" : senderDomain}>`;
      const verdict = rng.chance(0.55) ? "verified" : rng.chance(0.97) ? "unverified" : "spoofed";
      const pass = verdict === "verified" ? "pass" : verdict === "spoofed" ? "fail" : "none";
      const hasCard = text.includes("•••• ");
      Object.assign(row, {
        message_id_header: header,
        in_reply_to: headers[headers.length - 1] ?? null,
        references_json: JSON.stringify(headers.slice(-50)),
        from_address: customer.person.address, from_name: customer.person.name,
        to_json: JSON.stringify([mailbox.address]),
        subject: k === 0 ? subject : `${zh ? "回复：" : "Re: "}${subject} [#${ref}]`,
        text_body: text,
        html_body: rng.chance(0.6) ? htmlOf(text) : null,
        quoted_text: k > 0 ? makeQuote(lang, new Date(previousAt), previousFrom, previousText) : "",
        signature_text: rng.chance(0.3) ? (zh ? zhSignature : enSignature) : "",
        auth_verdict: verdict,
        auth_json: JSON.stringify({ spf: pass === "none" ? "softfail" : pass, dkim: [{ domain: senderDomain, result: pass === "none" ? "neutral" : pass }], dmarc: pass, dmarcPolicy: "none", arc: null, warnings: [], automatic: null }),
        redactions_json: hasCard ? JSON.stringify([{ kind: "card_number", replacement: `•••• ${facts.last4}` }]) : "[]",
        raw_blob_key: `raw/${iso(at).slice(0, 10)}/${uuid7(rng, at - 200)}.eml`,
      });
      headers.push(header);
      lastInbound = at;
      b.messages.push(row);
      if (rng.chance(0.1)) addAttachments(rng, b, messageId, at, zh);
      const received = { messageId, channel, via: k === 0 ? "new-ticket" : "reply-token", authVerdict: verdict, redacted: hasCard ? { card_number: 1 } : {}, automatic: null };
      if (k > 0) {
        event(at, "message.received", system, received);
      } else {
        // commitInbound: ticket.created, then the message, then the acknowledgement it queues.
        b.tickets.push({
          id: ticketId, number, mailbox_id: mailbox.id, customer_id: customer.id, subject, status: "new", priority, category,
          tags_json: "[]", assignee_id: null, channel, language: lang, created_at: iso(t0), updated_at: iso(t0),
          last_customer_message_at: iso(t0), first_response_due_at: iso(t0 + 24 * HOUR), first_responded_at: null,
        });
        b.ticket_participants.push({ ticket_id: ticketId, address: customer.person.address, role: "requester", created_at: iso(t0) });
        event(t0, "ticket.created", system, { number, channel, priority, category });
        event(t0, "message.received", system, received);
        const ackId = uuid7(rng, t0);
        event(t0, "mail.queued", system, { outboundId: ackId, kind: "acknowledgement", to: customer.person.address });
        event(t0 + 1500, "mail.delivered", system, { outboundId: ackId, response: "250 2.0.0 Ok: queued" });
      }
    } else if (direction === "outbound") {
      if (!assigned) {
        event(at - 1000, "ticket.updated", asAgent, { changes: { assigneeId: { from: null, to: agent.id } } });
        assigned = true;
      }
      text = makeReply(rng, lang, facts, customer.person.name, agent.name);
      const header = `<pd.${hex(rng, 8)}.${number}.${rng.bytes(10).toString("base64url").toLowerCase().replace(/[^a-z2-7]/g, "a").slice(0, 16)}@${mailbox.address.split("@")[1]}>`;
      Object.assign(row, {
        message_id_header: header, in_reply_to: headers[headers.length - 1] ?? null, references_json: JSON.stringify(headers.slice(-20)),
        from_address: mailbox.address, from_name: mailbox.name, to_json: JSON.stringify([customer.person.address]),
        subject: `Re: ${subject} [#${ref}]`, text_body: text, author_agent_id: agent.id,
      });
      headers.push(header);
      firstResponse ??= at;
      b.messages.push(row);
      const outboundId = uuid7(rng, at);
      event(at, "mail.queued", asAgent, { outboundId, kind: "reply", to: customer.person.address });
      event(at, "message.sent", asAgent, { messageId, outboundId });
      event(at, "ticket.updated", asAgent, { changes: { status: { from: lastDirection === "inbound" && k === 1 ? "new" : "open", to: "pending" } } });
      event(at + 2000, "mail.delivered", system, { outboundId, response: "250 2.0.0 Ok: queued" });
    } else {
      text = makeNote(rng, lang);
      Object.assign(row, { text_body: text, author_agent_id: agent.id });
      b.messages.push(row);
      event(at, "note.added", asAgent, { messageId });
    }
    if (direction !== "note") {
      previousText = text;
      previousFrom = direction === "inbound" ? customer.person.address : mailbox.address;
      previousAt = at;
    }
    lastDirection = direction;
  }

  // Where the ticket stands now: fresh ones are still worked on, older ones solved, the oldest closed.
  let status: string;
  let updated = at;
  if (fresh) {
    if (lastDirection === "inbound") status = firstResponse === null && !rng.chance(0.2) ? "new" : "open";
    else status = rng.chance(0.08) ? "on_hold" : rng.chance(0.25) && age > DAY ? "solved" : "pending";
  } else if (age < 14 * DAY) {
    const x = rng.next();
    status = lastDirection === "inbound" && firstResponse === null ? (x < 0.5 ? "open" : "solved") : x < 0.62 ? "solved" : x < 0.85 ? "pending" : x < 0.95 ? "open" : "on_hold";
  } else {
    status = rng.chance(0.9) ? "closed" : "solved";
  }
  const assignee = status === "new" ? null : firstResponse !== null || assigned ? agent.id : rng.chance(0.5) ? agent.id : null;
  if (assignee && !assigned) event(at + 60_000 < end ? at + 60_000 : at, "ticket.updated", asAgent, { changes: { assigneeId: { from: null, to: assignee } } });
  if (status === "solved" || status === "closed") {
    updated = Math.min(end - 1000, at + rng.int(HOUR, 3 * DAY));
    event(updated, "ticket.updated", asAgent, { changes: { status: { from: "pending", to: "solved" } } });
    if (status === "closed") {
      updated = Math.min(end - 500, updated + 4 * DAY);
      event(updated, "ticket.updated", system, { changes: { status: { from: "solved", to: "closed" } } });
    }
  } else if (status === "on_hold" || (status === "open" && firstResponse === null && assignee)) {
    updated = Math.min(end - 1000, at + rng.int(60_000, HOUR));
    event(updated, "ticket.updated", asAgent, { changes: { status: { from: lastDirection === "inbound" ? "new" : "pending", to: status } } });
  }
  const tags: string[] = [];
  if (rng.chance(0.05)) tags.push("vip");
  if (category === "security_fraud" && rng.chance(0.3)) tags.push("chargeback");
  if (category === "account_frozen" && rng.chance(0.4)) tags.push("kyc");
  if (rng.chance(0.03)) tags.push("follow-up");
  const ticket = b.tickets[b.tickets.length - 1]!;
  for (const tag of tags) b.ticket_tags.push({ tag, mailbox_id: ticket.mailbox_id as string, ticket_id: ticket.id as string });
  Object.assign(ticket, {
    status, assignee_id: assignee, tags_json: JSON.stringify(tags.sort()), updated_at: iso(Math.max(updated, at)),
    last_customer_message_at: iso(lastInbound), first_responded_at: firstResponse === null ? null : iso(firstResponse),
  });
}

function addAttachments(rng: Rng, b: Batch, messageId: string, at: number, zh: boolean): void {
  const n = rng.chance(0.8) ? 1 : 2;
  for (let j = 0; j < n; j++) {
    const kind = rng.int(0, 2);
    const sha = hex(rng, 32);
    const [filename, contentType, size] = kind === 0
      ? [zh ? `截图${rng.int(1, 9)}.png` : `screenshot_${rng.int(1, 9)}.png`, "image/png", rng.int(40_000, 400_000)]
      : kind === 1 ? [zh ? "银行回单.pdf" : "bank_slip.pdf", "application/pdf", rng.int(30_000, 300_000)]
      : [zh ? "账单明细.csv" : "statement.csv", "text/csv", rng.int(2_000, 60_000)];
    b.attachments.push({
      id: uuid7(rng, at), message_id: messageId, filename, content_type: contentType, size, sha256: sha,
      blob_key: `attachments/${sha.slice(0, 2)}/${sha}`, content_id: null, inline: 0, created_at: iso(at),
    });
  }
}
