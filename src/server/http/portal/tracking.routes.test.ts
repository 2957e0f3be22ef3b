// Ticket tracking without an account, in process (app.inject), per dialect: magic links, the page, portal
// replies, close/reopen, survey, data rights, and the refusals (other tickets, expiry, revocation, CSRF, limits).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { simpleParser } from "mailparser";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent } from "../../modules/agents/agent.commands.ts";
import { addNote, replyToTicket } from "../../modules/tickets/reply.commands.ts";
import { updateTicket } from "../../modules/tickets/ticket.commands.ts";
import { createTrackingLink } from "../../modules/tracking/tracking-link.commands.ts";
import { buildHttpApp } from "../app.ts";
import { CookieJar, csrfOf, formBody, multipartBody, tinyPng } from "./tracking.test-helper.ts";

const PASSWORD = "correct horse battery staple";
const form = "application/x-www-form-urlencoded";

await forEachDialect("ticket tracking", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  const A = { address: "li.wei@example.net", subject: "Withdrawal A has not arrived", id: "", number: 0 };
  const B = { address: "zhang.min@example.org", subject: "Refund B never came", id: "", number: 0 };

  async function ingest(from: string, subject: string, extra: Parameters<typeof makeMail>[0] = {}) {
    const { inboundId } = await acceptInbound(rt.ctx, {
      channel: "smtp", raw: await makeMail({ from, subject, ...extra }), envelope: { mailFrom: from, rcptTo: ["support@example.com"] },
    });
    await rt.runner.drain();
    return rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirstOrThrow();
  }

  async function mailTo(address: string, kind: string) {
    const rows = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("to_address", "=", address).where("kind", "=", kind).orderBy("created_at").orderBy("id").execute();
    return Promise.all(rows.map(async (r) => simpleParser(await rt.ctx.services.blobs.get(r.raw_blob_key!))));
  }

  const linkIn = (text: string | undefined) => /https:\/\/help\.example\.com(\/track\/OK-\d+\?t=[a-z2-7]{32})/.exec(text ?? "")?.[1];

  /** Opens a magic link in a fresh browser (cookie jar) and returns it signed in. */
  async function openLink(path: string) {
    const jar = new CookieJar();
    const res = jar.take(await app.inject({ method: "GET", url: path }));
    return { jar, res };
  }

  async function page(jar: CookieJar, url: string) {
    return jar.take(await app.inject({ method: "GET", url, headers: { cookie: jar.header() } }));
  }

  async function post(jar: CookieJar, url: string, fields: Record<string, string>, opts: { remoteAddress?: string } = {}) {
    return jar.take(await app.inject({ method: "POST", url, payload: formBody(fields), headers: { cookie: jar.header(), "content-type": form }, ...opts }));
  }

  /** A fresh Bearer token (tests move the clock past a token's 12 hours). */
  async function token(email: string) {
    const res = await app.inject({ method: "POST", url: "/api/auth/token", payload: { email, password: PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    return { authorization: `Bearer ${res.json().token}` };
  }

  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
    const mailbox = await rt.ctx.db.selectFrom("mailboxes").select("id").executeTakeFirstOrThrow();
    await createAgent(rt.ctx, { email: "agent@example.com", name: "Agent", role: "agent", password: PASSWORD, mailboxIds: [mailbox.id] });
    await createAgent(rt.ctx, { email: "super@example.com", name: "Sue", role: "supervisor", password: PASSWORD });
    for (const t of [A, B]) {
      const row = await ingest(`Customer <${t.address}>`, t.subject, t === A ? { attachments: [{ filename: "receipt.png", content: tinyPng, contentType: "image/png" }] } : {});
      const ticket = await rt.ctx.db.selectFrom("tickets").select(["id", "number"]).where("id", "=", row.ticket_id!).executeTakeFirstOrThrow();
      t.id = ticket.id;
      t.number = ticket.number;
    }
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("opens the acknowledgement's link, moves the token into a cookie, and shows that ticket only", async () => {
    const [ack] = await mailTo(A.address, "acknowledgement");
    const path = linkIn(ack!.text);
    assert.ok(path, "the acknowledgement carries a stored tracking link");
    const { jar, res } = await openLink(path!);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/track/OK-${A.number}`);
    assert.deepEqual(jar.names(), [`__Host-paydesk_track_${A.number}`]);
    assert.match(String(res.headers["set-cookie"]), /HttpOnly/i);

    const shown = await page(jar, `/track/OK-${A.number}`);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, new RegExp(A.subject));
    assert.doesNotMatch(shown.body, new RegExp(B.subject));
    assert.match(String(shown.headers["content-security-policy"]), /default-src 'none'/);

    // The same browser asking for ticket B (by editing the URL) gets the invalid-link page, no data.
    const other = await page(jar, `/track/OK-${B.number}`);
    assert.equal(other.statusCode, 404);
    assert.doesNotMatch(other.body, new RegExp(B.subject));
    // A's token on B's number opens nothing either.
    const swapped = await openLink(path!.replace(`OK-${A.number}`, `OK-${B.number}`));
    assert.equal(swapped.res.statusCode, 404);
    assert.equal(swapped.jar.names().length, 1, "only the form cookie, no tracking session");
    // A forged token and no token at all.
    assert.equal((await openLink(path!.replace(/t=[a-z2-7]+/, `t=${"a".repeat(32)}`))).res.statusCode, 404);
    assert.equal((await app.inject({ method: "GET", url: `/track/OK-${A.number}` })).statusCode, 404);
  });

  it("never shows internal notes, and renders hostile text as text", async () => {
    await addNote(rt.ctx, A.id, "INTERNAL-ONLY remark about fraud score");
    const hostile = await ingest(`Mallory <mallory@example.net>`, `<script>alert("subject")</script>`, { text: `<img src=x onerror=alert(1)> & "quotes"` });
    const h = await rt.ctx.db.selectFrom("tickets").select(["id", "number"]).where("id", "=", hostile.ticket_id!).executeTakeFirstOrThrow();
    const link = await createTrackingLink(rt.ctx, { ticketId: h.id, ticketNumber: h.number, address: "mallory@example.net" });
    const { jar } = await openLink(new URL(link.url).pathname + new URL(link.url).search);
    const shown = await page(jar, `/track/OK-${h.number}`);
    assert.equal(shown.statusCode, 200);
    assert.doesNotMatch(shown.body, /<script>alert|<img src=x/);
    assert.match(shown.body, /&#60;script&#62;alert/);
    assert.match(shown.body, /&#60;img src=x onerror=alert\(1\)&#62;/);

    const [ack] = await mailTo(A.address, "acknowledgement");
    const a = await openLink(linkIn(ack!.text)!);
    const pageA = await page(a.jar, `/track/OK-${A.number}`);
    assert.doesNotMatch(pageA.body, /INTERNAL-ONLY|fraud score/);
  });

  it("refuses expired and revoked links, and ends their sessions", async () => {
    const expiring = await createTrackingLink(rt.ctx, { ticketId: B.id, ticketNumber: B.number, address: B.address });
    const path = new URL(expiring.url).pathname + new URL(expiring.url).search;
    const { jar, res } = await openLink(path);
    assert.equal(res.statusCode, 303);
    rt.clock.advance(8 * 86_400_000);
    assert.equal((await page(jar, `/track/OK-${B.number}`)).statusCode, 404, "the session ends with the link");
    assert.equal((await openLink(path)).res.statusCode, 404, "expired after 7 days");

    // The customer signs the link out: it stops working at once, everywhere.
    const fresh = await createTrackingLink(rt.ctx, { ticketId: B.id, ticketNumber: B.number, address: B.address });
    const freshPath = new URL(fresh.url).pathname + new URL(fresh.url).search;
    const one = await openLink(freshPath);
    const two = await openLink(freshPath);
    const shown = await page(one.jar, `/track/OK-${B.number}`);
    const out = await post(one.jar, `/track/OK-${B.number}/sign-out`, { _csrf: csrfOf(shown.body) });
    assert.equal(out.statusCode, 303);
    assert.equal((await page(two.jar, `/track/OK-${B.number}`)).statusCode, 404);
    assert.equal((await openLink(freshPath)).res.statusCode, 404);

    // Agents revoke every live link of a ticket.
    const third = await createTrackingLink(rt.ctx, { ticketId: B.id, ticketNumber: B.number, address: B.address });
    const thirdPath = new URL(third.url).pathname + new URL(third.url).search;
    const session = await openLink(thirdPath);
    const revoked = await app.inject({ method: "POST", url: `/api/tickets/OK-${B.number}/tracking-links/revoke`, headers: await token("agent@example.com") });
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.ok(revoked.json().revoked >= 1);
    assert.equal((await page(session.jar, `/track/OK-${B.number}`)).statusCode, 404);
    assert.equal((await openLink(thirdPath)).res.statusCode, 404);
    assert.equal((await app.inject({ method: "POST", url: `/api/tickets/OK-${B.number}/tracking-links/revoke` })).statusCode, 401);
  });

  it("explains old-style signed links instead of opening them", async () => {
    const legacy = rt.ctx.services.signer.sign("track", String(A.number));
    const { res } = await openLink(`/track/OK-${A.number}?t=${legacy}`);
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /older links no longer open/);
    assert.doesNotMatch(res.body, new RegExp(A.subject));
  });

  it("answers tracking requests identically whether or not the pair exists, and mails only a participant", async () => {
    const jar = new CookieJar();
    const formPage = jar.take(await app.inject({ method: "GET", url: "/track" }));
    const csrf = csrfOf(formPage.body);
    const ask = (email: string, ticket: string, remoteAddress: string) =>
      post(jar, "/track", { _csrf: csrf, email, ticket }, { remoteAddress });
    const before = (await mailTo(B.address, "notification")).length;
    const real = await ask(B.address, `OK-${B.number}`, "10.0.0.1");
    const wrongAddress = await ask("stranger@example.net", `OK-${B.number}`, "10.0.0.2");
    const noTicket = await ask(B.address, "OK-999999", "10.0.0.3");
    assert.equal(real.statusCode, 200);
    const normalise = (body: string) => body.replace(/[\w.+-]+@[\w.-]+/g, "EMAIL").replace(/OK-\d+/g, "REF");
    assert.equal(wrongAddress.statusCode, real.statusCode);
    assert.equal(noTicket.statusCode, real.statusCode);
    assert.equal(normalise(wrongAddress.body), normalise(real.body));
    assert.equal(normalise(noTicket.body), normalise(real.body));
    assert.doesNotMatch(real.body, /\?t=/, "the link is never on screen");

    await rt.runner.drain();
    const sent = await mailTo(B.address, "notification");
    assert.equal(sent.length, before + 1, "only the real pair gets a mail");
    assert.equal((await mailTo("stranger@example.net", "notification")).length, 0);
    const opened = await openLink(linkIn(sent[sent.length - 1]!.text)!);
    assert.equal(opened.res.statusCode, 303);
    assert.equal((await page(opened.jar, `/track/OK-${B.number}`)).statusCode, 200);
  });

  it("refuses form posts without the CSRF token and above the rate limit", async () => {
    const jar = new CookieJar();
    const formPage = jar.take(await app.inject({ method: "GET", url: "/track" }));
    const noToken = await post(jar, "/track", { email: A.address, ticket: `OK-${A.number}` }, { remoteAddress: "10.1.0.1" });
    assert.equal(noToken.statusCode, 403);
    const wrongToken = await post(jar, "/track", { _csrf: "x".repeat(16), email: A.address, ticket: `OK-${A.number}` }, { remoteAddress: "10.1.0.1" });
    assert.equal(wrongToken.statusCode, 403);
    const csrf = csrfOf(formPage.body);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push((await post(jar, "/track", { _csrf: csrf, email: `someone${i}@example.net`, ticket: "OK-100001" }, { remoteAddress: "10.1.0.2" })).statusCode);
    }
    assert.deepEqual(codes.slice(0, 10), Array(10).fill(200));
    assert.deepEqual(codes.slice(10), [429, 429]);
    // Per address too, from different networks.
    const perAddress: number[] = [];
    for (let i = 0; i < 4; i++) {
      perAddress.push((await post(jar, "/track", { _csrf: csrf, email: "target@example.net", ticket: "OK-100001" }, { remoteAddress: `10.2.0.${i}` })).statusCode);
    }
    assert.deepEqual(perAddress, [200, 200, 200, 429]);

    // The tracking page's own forms need the token as well.
    const link = await createTrackingLink(rt.ctx, { ticketId: A.id, ticketNumber: A.number, address: A.address });
    const session = await openLink(new URL(link.url).pathname + new URL(link.url).search);
    assert.equal((await post(session.jar, `/track/OK-${A.number}/close`, {})).statusCode, 403);
    const { payload, contentType } = multipartBody({ text: "no token" }, []);
    const reply = await app.inject({ method: "POST", url: `/track/OK-${A.number}/reply`, payload, headers: { cookie: session.jar.header(), "content-type": contentType } });
    assert.equal(reply.statusCode, 403);
  });

  it("threads a portal reply onto the same ticket, verified, with its file, visible in the agent API", async () => {
    await replyToTicket(rt.ctx, A.id, { text: "Please send a screenshot of the bank statement." });
    await rt.runner.drain();
    const ourLast = await rt.ctx.db.selectFrom("messages").select("message_id_header").where("ticket_id", "=", A.id).where("direction", "=", "outbound").orderBy("created_at", "desc").executeTakeFirstOrThrow();
    const ticketsBefore = await rt.ctx.db.selectFrom("tickets").select("id").execute();

    const link = await createTrackingLink(rt.ctx, { ticketId: A.id, ticketNumber: A.number, address: A.address });
    const { jar } = await openLink(new URL(link.url).pathname + new URL(link.url).search);
    const shown = await page(jar, `/track/OK-${A.number}`);
    assert.match(shown.body, /Please send a screenshot/);
    const { payload, contentType } = multipartBody(
      { _csrf: csrfOf(shown.body), text: "Here it is. My card 4111 1111 1111 1111 was charged." },
      [{ name: "files", filename: "statement.png", type: "image/png", content: tinyPng }],
    );
    const sent = jar.take(await app.inject({ method: "POST", url: `/track/OK-${A.number}/reply`, payload, headers: { cookie: jar.header(), "content-type": contentType } }));
    assert.equal(sent.statusCode, 303, sent.body);
    assert.equal(sent.headers.location, `/track/OK-${A.number}?done=reply`);
    await rt.runner.drain();

    const ticketsAfter = await rt.ctx.db.selectFrom("tickets").select("id").execute();
    assert.equal(ticketsAfter.length, ticketsBefore.length, "no new ticket");
    const detail = (await app.inject({ method: "GET", url: `/api/tickets/OK-${A.number}`, headers: await token("agent@example.com") })).json();
    const last = detail.messages[detail.messages.length - 1];
    assert.equal(last.direction, "inbound");
    assert.equal(last.channel, "portal");
    assert.equal(last.authVerdict, "verified");
    assert.equal(last.from.address, A.address);
    assert.match(last.text, /Here it is/);
    assert.doesNotMatch(last.text, /4111 1111 1111 1111/, "redacted like mail");
    assert.deepEqual(last.attachments.map((x: { filename: string }) => x.filename), ["statement.png"]);
    const stored = await rt.ctx.db.selectFrom("messages").select(["in_reply_to"]).where("id", "=", last.id).executeTakeFirstOrThrow();
    assert.equal(stored.in_reply_to, ourLast.message_id_header);
    const event = detail.events.find((e: { kind: string; data: { messageId?: string } }) => e.kind === "message.received" && e.data.messageId === last.id);
    assert.equal(event.data.via, "reply-token");

    // The customer sees it, and can download its file (always as an attachment).
    const again = await page(jar, `/track/OK-${A.number}?done=reply`);
    assert.match(again.body, /Here it is/);
    const href = /href="(\/track\/OK-\d+\/attachments\/[^"]+)"[^>]*>statement\.png/.exec(again.body)![1]!;
    const file = await page(jar, href);
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers["content-disposition"]), /^attachment;/);
    assert.equal(file.headers["content-type"], "application/octet-stream");
    assert.equal(file.headers["x-content-type-options"], "nosniff");
    assert.deepEqual(file.rawPayload, tinyPng);
    // B's attachment id under A's session: not found.
    const other = await openLink(linkIn((await mailTo(A.address, "acknowledgement"))[0]!.text)!);
    const bFile = await rt.ctx.db.selectFrom("attachments").innerJoin("messages", "messages.id", "attachments.message_id").select("attachments.id").where("messages.ticket_id", "=", A.id).executeTakeFirstOrThrow();
    assert.equal((await page(other.jar, `/track/OK-${B.number}/attachments/${bFile.id}`)).statusCode, 404);

    // HTML disguised as an image is refused.
    const bad = multipartBody({ _csrf: csrfOf(again.body), text: "x" }, [{ name: "files", filename: "x.png", type: "image/png", content: Buffer.from("<html><script>alert(1)</script></html>") }]);
    const refused = await app.inject({ method: "POST", url: `/track/OK-${A.number}/reply`, payload: bad.payload, headers: { cookie: jar.header(), "content-type": bad.contentType } });
    assert.equal(refused.statusCode, 400);
  });

  it("counts a tracking session as sender authentication only on the portal channel", async () => {
    const raw = await makeMail({ from: A.address, subject: `Re: ${A.subject} [#OK-${A.number}]` });
    const { inboundId } = await acceptInbound(rt.ctx, {
      channel: "cli", raw, mailboxAddress: "support@example.com",
      envelope: { mailFrom: A.address, rcptTo: [], portalSession: { trackingLinkId: "made-up", address: A.address } },
    });
    await rt.runner.drain();
    const row = await rt.ctx.db.selectFrom("inbound").select("message_id").where("id", "=", inboundId).executeTakeFirstOrThrow();
    const message = await rt.ctx.db.selectFrom("messages").select("auth_verdict").where("id", "=", row.message_id!).executeTakeFirstOrThrow();
    assert.equal(message.auth_verdict, "unverified");
  });

  it("lets the customer reopen a solved ticket and close it", async () => {
    await updateTicket(rt.ctx, A.id, { status: "solved" });
    const link = await createTrackingLink(rt.ctx, { ticketId: A.id, ticketNumber: A.number, address: A.address });
    const { jar } = await openLink(new URL(link.url).pathname + new URL(link.url).search);
    const solved = await page(jar, `/track/OK-${A.number}`);
    assert.match(solved.body, /Solved/);
    assert.match(solved.body, /How did we do\?/);
    assert.equal((await post(jar, `/track/OK-${A.number}/reopen`, { _csrf: csrfOf(solved.body) })).statusCode, 303);
    const status = async () => (await rt.ctx.db.selectFrom("tickets").select("status").where("id", "=", A.id).executeTakeFirstOrThrow()).status;
    assert.equal(await status(), "open");
    assert.equal((await post(jar, `/track/OK-${A.number}/reopen`, { _csrf: csrfOf(solved.body) })).statusCode, 409, "only a solved ticket reopens");
    assert.equal((await post(jar, `/track/OK-${A.number}/close`, { _csrf: csrfOf(solved.body) })).statusCode, 303);
    assert.equal(await status(), "closed");
    const events = (await app.inject({ method: "GET", url: `/api/tickets/OK-${A.number}`, headers: await token("agent@example.com") })).json().events as { kind: string; actor: { kind: string } }[];
    assert.ok(events.some((e) => e.kind === "ticket.updated" && e.actor.kind === "customer"));
    const closed = await page(jar, `/track/OK-${A.number}`);
    assert.match(closed.body, /This request is closed/);
    assert.doesNotMatch(closed.body, /\/reply"/, "no reply form on a closed ticket");
  });

  it("takes one survey answer per ticket, changeable for 7 days, and shows it to supervisors only", async () => {
    const link = await createTrackingLink(rt.ctx, { ticketId: A.id, ticketNumber: A.number, address: A.address });
    const { jar } = await openLink(new URL(link.url).pathname + new URL(link.url).search);
    const shown = await page(jar, `/track/OK-${A.number}`);
    const csrf = csrfOf(shown.body);
    assert.equal((await post(jar, `/track/OK-${A.number}/survey`, { _csrf: csrf, rating: "3", comment: "Slow <b>but</b> fine" })).statusCode, 303);
    assert.equal((await post(jar, `/track/OK-${A.number}/survey`, { _csrf: csrf, rating: "4", comment: "Actually good" })).statusCode, 303);
    assert.equal((await post(jar, `/track/OK-${A.number}/survey`, { _csrf: csrf, rating: "9" })).statusCode, 400);
    const rows = await rt.ctx.db.selectFrom("satisfaction_surveys").selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.rating, 4);

    const list = await app.inject({ method: "GET", url: "/api/surveys", headers: await token("super@example.com") });
    assert.equal(list.statusCode, 200, list.body);
    const body = list.json();
    assert.equal(body.surveys.length, 1);
    assert.equal(body.surveys[0].ticketNumber, `OK-${A.number}`);
    assert.equal(body.surveys[0].comment, "Actually good");
    assert.equal(body.summary.count, 1);
    assert.equal(body.summary.average, 4);
    assert.equal((await app.inject({ method: "GET", url: "/api/surveys", headers: await token("agent@example.com") })).statusCode, 403);
    const events = (await app.inject({ method: "GET", url: `/api/tickets/OK-${A.number}`, headers: await token("agent@example.com") })).json().events as { kind: string }[];
    assert.equal(events.filter((e) => e.kind === "survey.submitted").length, 2);

    rt.clock.advance(8 * 86_400_000);
    const late = await createTrackingLink(rt.ctx, { ticketId: A.id, ticketNumber: A.number, address: A.address });
    const s2 = await openLink(new URL(late.url).pathname + new URL(late.url).search);
    const shown2 = await page(s2.jar, `/track/OK-${A.number}`);
    assert.doesNotMatch(shown2.body, /\/survey"/, "no survey form after 7 days");
    assert.equal((await post(s2.jar, `/track/OK-${A.number}/survey`, { _csrf: csrfOf(shown2.body), rating: "1" })).statusCode, 409);
  });

  it("files a data-rights request as a privacy ticket once the mailed link is confirmed", async () => {
    const link = await createTrackingLink(rt.ctx, { ticketId: B.id, ticketNumber: B.number, address: B.address });
    const { jar } = await openLink(new URL(link.url).pathname + new URL(link.url).search);
    const shown = await page(jar, `/track/OK-${B.number}`);
    const asked = await post(jar, `/track/OK-${B.number}/privacy`, { _csrf: csrfOf(shown.body), kind: "deletion", note: "Please remove everything" });
    assert.equal(asked.statusCode, 303);
    const privacyTickets = () => rt.ctx.db.selectFrom("tickets").selectAll().where("category", "=", "privacy").execute();
    assert.equal((await privacyTickets()).length, 0, "nothing before confirmation");

    const mails = await mailTo(B.address, "notification");
    const confirm = /https:\/\/help\.example\.com(\/track\/privacy\/confirm\?t=[a-z2-7]{32})/.exec(mails[mails.length - 1]!.text ?? "")?.[1];
    assert.ok(confirm, "a confirmation link was mailed to the address");
    const browser = new CookieJar();
    const confirmPage = await page(browser, confirm!);
    assert.equal(confirmPage.statusCode, 200);
    assert.match(confirmPage.body, new RegExp(B.address.replace(/\./g, "\\.")));
    assert.equal((await privacyTickets()).length, 0, "opening the link alone confirms nothing");
    const confirmToken = new URL(`https://x${confirm}`).searchParams.get("t")!;
    const done = await post(browser, "/track/privacy/confirm", { _csrf: csrfOf(confirmPage.body), t: confirmToken });
    assert.equal(done.statusCode, 200, done.body);
    const created = await privacyTickets();
    assert.equal(created.length, 1);
    assert.match(done.body, new RegExp(`OK-${created[0]!.number}`));
    assert.deepEqual(JSON.parse(created[0]!.tags_json), ["privacy", "privacy-deletion"]);
    const detail = (await app.inject({ method: "GET", url: `/api/tickets/OK-${created[0]!.number}`, headers: await token("super@example.com") })).json();
    assert.match(detail.messages[0].text, /DELETION/);
    assert.match(detail.messages[0].text, new RegExp(B.address.replace(/\./g, "\\.")));
    assert.match(detail.messages[0].text, /Please remove everything/);
    // Confirming twice does not file twice; a made-up token confirms nothing.
    await post(browser, "/track/privacy/confirm", { _csrf: csrfOf(confirmPage.body), t: confirmToken });
    assert.equal((await privacyTickets()).length, 1);
    assert.equal((await post(browser, "/track/privacy/confirm", { _csrf: csrfOf(confirmPage.body), t: "b".repeat(32) })).statusCode, 404);
  });
});
