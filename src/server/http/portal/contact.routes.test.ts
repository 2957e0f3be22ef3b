// The contact form end to end in process (app.inject), per dialect: a multipart post becomes an e-mail in the
// same ingest pipeline, with spam guards, value-keeping errors and the first-time sender confirmation.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent } from "../../modules/agents/agent.commands.ts";
import { findOrCreateCustomer } from "../../modules/customers/customer.commands.ts";
import { createFaqArticle } from "../../modules/help-centre/faq.commands.ts";
import { buildHttpApp } from "../app.ts";

const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.alloc(64, 1)]);
const PDF = Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>"'&`;

type FileSpec = { name: string; type: string; bytes: Buffer };

/** One browser: its cookies, and the hidden fields of the last form it loaded. */
class FormClient {
  cookies = new Map<string, string>();
  hidden: Record<string, string> = {};
  constructor(readonly app: FastifyInstance, readonly ip: string) {}

  private remember(res: { cookies: { name: string; value: string }[] }) {
    for (const c of res.cookies) this.cookies.set(c.name, c.value);
  }
  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  async get(url: string) {
    const res = await this.app.inject({ method: "GET", url, headers: { cookie: this.cookieHeader(), "accept-language": "en" }, remoteAddress: this.ip });
    this.remember(res);
    this.hidden = hiddenFields(res.body);
    return res;
  }
  async post(url: string, fields: Record<string, string>, files: FileSpec[] = [], opts: { withHidden?: boolean } = {}) {
    const form = new FormData();
    if (opts.withHidden !== false) for (const [k, v] of Object.entries(this.hidden)) form.append(k, v);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append("attachments", new File([f.bytes], f.name, { type: f.type }));
    const encoded = new Request("http://localhost/", { method: "POST", body: form });
    const payload = Buffer.from(await encoded.arrayBuffer());
    const res = await this.app.inject({
      method: "POST", url, payload, remoteAddress: this.ip,
      headers: { "content-type": encoded.headers.get("content-type")!, cookie: this.cookieHeader(), "accept-language": "en" },
    });
    this.remember(res);
    this.hidden = hiddenFields(res.body);
    return res;
  }
}

function hiddenFields(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[m[1]!] = m[2]!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
  return out;
}

const valid = (over: Record<string, string> = {}) => ({
  email: "wang.wei@example.net", name: "王伟", subject: "提现一直没有到账", category: "withdrawal", transactionId: "TX-2024-0042",
  description: "我昨天提现 500 元到银行卡，到现在还没有到账。请帮忙查一下。", feedback: "phone", phone: "+86 138 0013 8000",
  window: "morning", urgency: "normal", ...over,
});

let ipCounter = 0;

await forEachDialect("contact form", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let auth: { authorization: string };
  const client = () => new FormClient(app, `192.0.2.${++ipCounter}`);
  const inboundCount = async () => Number((await rt.ctx.db.selectFrom("inbound").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  /** Loads the form, waits like a person, posts it. */
  async function send(c: FormClient, fields: Record<string, string>, files: FileSpec[] = []) {
    await c.get("/contact");
    rt.clock.advance(10_000);
    return c.post("/contact", fields, files);
  }

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "OKPay Support" }, { address: "complaints@example.com", name: "OKPay Complaints" }],
      webForm: { complaintsMailbox: "complaints@example.com", maxPerIpPer10Minutes: 3, maxPerAddressPerHour: 3 },
    });
    app = await buildHttpApp(rt.ctx);
    const mailboxes = await rt.ctx.db.selectFrom("mailboxes").select("id").execute();
    await createAgent(rt.ctx, { email: "agent@example.com", name: "Agent", role: "agent", password: "correct horse battery", mailboxIds: mailboxes.map((m) => m.id) });
    const token = await app.inject({ method: "POST", url: "/api/auth/token", payload: { email: "agent@example.com", password: "correct horse battery" } });
    auth = { authorization: `Bearer ${token.json().token}` };
    // Someone who wrote before: their requests need no confirmation.
    await findOrCreateCustomer(rt.ctx, { address: "wang.wei@example.net", name: "王伟", language: "zh-CN" });
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("shows the official channels and a form that works without JavaScript, under a strict CSP", async () => {
    const res = await client().get("/contact");
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-security-policy"]), /default-src 'none'/);
    assert.match(res.body, /id="official-channels"/);
    assert.match(res.body, /<form method="post" action="\/contact" enctype="multipart\/form-data"/);
    assert.match(res.body, /<div class="hp" aria-hidden="true">/);
    assert.match(res.body, /name="_csrf" value="[a-z2-7]{16}"/);
    assert.match(res.body, /name="_t" value="\d+\.[a-z2-7]{16}"/);
  });

  it("turns a post with an attachment into a web_form ticket through the pipeline, acknowledged like mail", async () => {
    const res = await send(client(), valid(), [{ name: "screenshot.png", type: "image/png", bytes: PNG }, { name: "statement.pdf", type: "application/pdf", bytes: PDF }]);
    assert.equal(res.statusCode, 201, res.body);
    const ref = /id="ticket-number">(OK-\d+)</.exec(res.body)?.[1];
    assert.ok(ref, "the page shows the ticket number");
    assert.match(res.body, /\+86 138 0013 8000/);

    const api = await app.inject({ method: "GET", url: `/api/tickets/${ref}`, headers: auth });
    assert.equal(api.statusCode, 200);
    const { ticket, messages } = api.json();
    assert.equal(ticket.channel, "web_form");
    assert.equal(ticket.category, "withdrawal");
    assert.equal(ticket.subject, "提现一直没有到账");
    const [msg] = messages;
    assert.equal(msg.channel, "web_form");
    assert.equal(msg.authVerdict, "unverified");
    assert.deepEqual(msg.webForm.feedback, { method: "phone", phone: "+86 138 0013 8000", window: "morning" });
    assert.equal(msg.webForm.transactionId, "TX-2024-0042");
    assert.equal(msg.webForm.category, "withdrawal");
    assert.match(msg.text, /提现 500 元/);
    assert.doesNotMatch(msg.text, /通过联系表单提交/, "the summary stays out of the customer's text");
    assert.match(msg.signature, /Transaction ID: TX-2024-0042/);
    assert.match(msg.signature, /Preferred reply: Phone call-back, on \+86 138 0013 8000, Morning/);
    assert.deepEqual(msg.attachments.map((a: { filename: string; contentType: string }) => [a.filename, a.contentType]),
      [["screenshot.png", "image/png"], ["statement.pdf", "application/pdf"]]);

    const row = await rt.ctx.db.selectFrom("tickets").select("id").where("number", "=", Number(ref!.split("-")[1])).executeTakeFirstOrThrow();
    const ack = await rt.ctx.db.selectFrom("outbound_mail").select(["kind", "to_address", "subject"]).where("ticket_id", "=", row.id).execute();
    assert.deepEqual(ack.map((a) => [a.kind, a.to_address]), [["acknowledgement", "wang.wei@example.net"]]);
    assert.match(ack[0]!.subject, new RegExp(ref!));
  });

  it("speaks Chinese when asked, down to the summary agents read", async () => {
    const c = client();
    const page = await c.get("/contact?lang=zh-CN");
    assert.match(page.body, /<html lang="zh-CN">/);
    assert.match(page.body, /问题描述 \*/);
    rt.clock.advance(10_000);
    const res = await c.post("/contact", valid({ subject: "退款问题", category: "refund", description: "订单 88 已取消，请退款。谢谢！" }));
    const ref = /id="ticket-number">(OK-\d+)</.exec(res.body)?.[1];
    assert.match(res.body, /您的请求编号是/);
    const { ticket, messages } = (await app.inject({ method: "GET", url: `/api/tickets/${ref}`, headers: auth })).json();
    assert.equal(ticket.language, "zh-CN");
    assert.match(messages[0].signature, /希望的回复方式: 电话回访，号码 \+86 138 0013 8000，上午/);
  });

  it("answers a double-sent request with the same ticket instead of a second one", async () => {
    const c = client();
    const fields = valid({ subject: "Refund for order 77", category: "refund", description: "Please refund order 77, it was cancelled.", feedback: "email" });
    const first = await send(c, fields);
    const again = await send(c, fields);
    const refOf = (body: string) => /id="ticket-number">(OK-\d+)</.exec(body)?.[1];
    assert.ok(refOf(first.body));
    assert.equal(refOf(again.body), refOf(first.body));
  });

  it("takes the chosen urgency and category as strong hints and routes complaints to the complaints mailbox", async () => {
    await findOrCreateCustomer(rt.ctx, { address: "li.na@example.net", name: "Li Na", language: "en" });
    const res = await send(client(), valid({ email: "li.na@example.net", subject: "About my account", category: "complaint", description: "I want to file a formal note about how my case was handled.", urgency: "urgent", feedback: "email" }));
    const ref = /id="ticket-number">(OK-\d+)</.exec(res.body)?.[1];
    const { ticket } = (await app.inject({ method: "GET", url: `/api/tickets/${ref}`, headers: auth })).json();
    assert.equal(ticket.category, "complaint");
    assert.equal(ticket.priority, "urgent");
    const complaints = await rt.ctx.db.selectFrom("mailboxes").select("id").where("address", "=", "complaints@example.com").executeTakeFirstOrThrow();
    assert.equal(ticket.mailboxId, complaints.id);
  });

  it("keeps every typed value after validation errors, with a message per field, and renders hostile text as text", async () => {
    const before = await inboundCount();
    const res = await send(client(), valid({ email: "not-an-address", subject: "", name: HOSTILE, description: HOSTILE + " more words", transactionId: "bad id!" }),
      [{ name: "ok.png", type: "image/png", bytes: PNG }]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="email-error">This is not an e-mail address we can write to\./);
    assert.match(res.body, /id="subject-error">Please fill this in\./);
    assert.match(res.body, /id="transactionId-error">/);
    assert.match(res.body, /value="not-an-address"/);
    assert.match(res.body, /aria-invalid="true"/);
    assert.match(res.body, /attached files are not kept/);
    assert.ok(!res.body.includes("<script>alert"), "no hostile markup comes back");
    assert.ok(!res.body.includes("<img src=x"), "no hostile markup comes back");
    assert.ok(res.body.includes("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;"), "the name is shown escaped");
    assert.match(res.body, /<textarea[^>]*>&#60;script&#62;alert/);
    assert.match(res.body, /<option value="withdrawal" selected>/);
    assert.match(res.body, /<input type="radio" name="feedback" value="phone" checked>/);
    assert.equal(await inboundCount(), before, "nothing was accepted");
  });

  it("renders hostile text in every field, file names included, as text", async () => {
    const hostileValues = Object.fromEntries(["email", "name", "subject", "category", "transactionId", "description", "feedback", "phone", "window", "urgency"].map((k) => [k, `${k}${HOSTILE}`]));
    const res = await send(client(), { ...hostileValues, feedback: "phone" }, [{ name: `${HOSTILE}.png`, type: "image/png", bytes: SVG }]);
    assert.equal(res.statusCode, 400);
    assert.doesNotMatch(res.body, /<script>alert|<img src=x/);
    for (const k of ["email", "name", "subject", "transactionId", "phone"]) assert.ok(res.body.includes(`value="${k}&#60;script&#62;`), `${k} comes back escaped`);
    // (the multipart reader keeps only the part after the last "/", as browsers send it)
    assert.match(res.body, /id="attachments-error">“script&#62;&#60;img src=x onerror=alert\(1\)&#62;/, "the file name is shown escaped");
  });

  it("refuses oversized and wrong-type files by their bytes, naming each", async () => {
    const before = await inboundCount();
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await send(client(), valid(), [
      { name: "huge.png", type: "image/png", bytes: big },
      { name: "cat.png", type: "image/png", bytes: SVG },
      { name: "notes.html", type: "text/html", bytes: Buffer.from("<html><script>1</script></html>") },
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /“huge\.png” is larger than 10 MB\./);
    assert.match(res.body, /“cat\.png” is not an image \(PNG, JPEG, GIF, WebP\) or a PDF\./);
    assert.match(res.body, /“notes\.html” is not an image/);
    assert.match(res.body, /value="wang\.wei@example\.net"/);
    assert.equal(await inboundCount(), before);
  });

  it("refuses more than five files", async () => {
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `s${i}.png`, type: "image/png", bytes: PNG }));
    const res = await send(client(), valid(), files);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /You can attach at most 5 files\./);
  });

  it("refuses a post without the CSRF token, keeping the text", async () => {
    const before = await inboundCount();
    const c = client();
    await c.get("/contact");
    rt.clock.advance(10_000);
    const { _t } = c.hidden;
    const res = await c.post("/contact", { ...valid(), _t: _t! }, [], { withHidden: false });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /This form had expired/);
    assert.match(res.body, /提现一直没有到账/);
    const foreign = await new FormClient(app, "192.0.2.250").post("/contact", { ...valid(), _csrf: c.hidden._csrf!, _t: _t! }, [], { withHidden: false });
    assert.equal(foreign.statusCode, 403, "a token without its cookie is refused");
    assert.equal(await inboundCount(), before);
  });

  it("refuses a filled honeypot and a form sent faster than a person types", async () => {
    const before = await inboundCount();
    const bot = await send(client(), { ...valid(), homepage: "http://spam.example" });
    assert.equal(bot.statusCode, 400);
    assert.match(bot.body, /could not be sent/);
    const c = client();
    await c.get("/contact");
    const quick = await c.post("/contact", valid());
    assert.equal(quick.statusCode, 400);
    assert.match(quick.body, /That was very quick/);
    const forged = await client().post("/contact", { ...valid(), _t: `${Date.now() - 60_000}.aaaaaaaaaaaaaaaa` });
    assert.equal(forged.statusCode, 403, "no token at all: refused before anything else");
    assert.equal(await inboundCount(), before);
  });

  it("limits posts per IP and requests per address", async () => {
    const c = client();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await send(c, valid({ email: "", subject: `try ${i}` }))).statusCode);
    assert.deepEqual(codes, [400, 400, 400, 429]);
    const limited = await send(c, valid());
    assert.match(limited.body, /several requests in a short time/);

    const flood = "flood@example.org";
    await findOrCreateCustomer(rt.ctx, { address: flood, name: null, language: "en" });
    const outcomes: number[] = [];
    for (let i = 0; i < 4; i++) outcomes.push((await send(client(), valid({ email: flood, subject: `Question number ${i}`, feedback: "email" }))).statusCode);
    assert.deepEqual(outcomes, [201, 201, 201, 429]);
  });

  describe("a first-time address", () => {
    const email = "new.customer@example.org";
    let confirmUrl: string;

    it("is stored at once but held, and a confirmation link without the request's text is mailed", async () => {
      const res = await send(client(), valid({ email, name: "New Customer", subject: "Card payment declined twice", category: "payment_failed", description: "My card payment was declined twice today at 10:00.", feedback: "email" }));
      assert.equal(res.statusCode, 202);
      assert.match(res.body, /confirm your e-mail address/);
      const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("from_address", "=", email).executeTakeFirstOrThrow();
      assert.equal(row.status, "held");
      assert.equal(row.channel, "web_form");
      assert.equal(row.ticket_id, null);
      await rt.runner.drain();
      assert.equal((await rt.ctx.db.selectFrom("inbound").select("status").where("id", "=", row.id).executeTakeFirstOrThrow()).status, "held", "the worker leaves it alone");
      const tickets = await app.inject({ method: "GET", url: "/api/tickets?limit=100", headers: auth });
      assert.ok(!tickets.json().tickets.some((t: { subject: string }) => t.subject === "Card payment declined twice"), "agents do not see it yet");

      const mail = await rt.ctx.db.selectFrom("outbound_mail").select(["raw_blob_key", "subject", "kind"]).where("to_address", "=", email).executeTakeFirstOrThrow();
      assert.equal(mail.kind, "notification");
      const raw = (await rt.ctx.services.blobs.get(mail.raw_blob_key!)).toString("latin1").replace(/=\r\n/g, "").replace(/=3D/g, "=");
      const link = /https:\/\/help\.example\.com(\/contact\/confirm\?r=[^\s]+&s=[a-z2-7]{16})/.exec(raw);
      assert.ok(link, "the mail carries the confirmation link");
      confirmUrl = link[1]!;
      assert.ok(!raw.includes("declined twice"), "nothing the form's sender typed is mailed to the address they gave");
    });

    it("enters processing only after the click, and shows the ticket number", async () => {
      const c = client();
      const prompt = await c.get(confirmUrl);
      assert.equal(prompt.statusCode, 200);
      assert.match(prompt.body, /Confirm and send my request/);
      assert.equal((await rt.ctx.db.selectFrom("inbound").select("status").where("from_address", "=", email).executeTakeFirstOrThrow()).status, "held", "opening the link alone confirms nothing");
      const done = await c.post("/contact/confirm", {});
      assert.equal(done.statusCode, 200, done.body);
      const ref = /id="ticket-number">(OK-\d+)</.exec(done.body)?.[1];
      assert.ok(ref);
      const { ticket, messages } = (await app.inject({ method: "GET", url: `/api/tickets/${ref}`, headers: auth })).json();
      assert.equal(ticket.category, "payment_failed");
      assert.equal(messages[0].webForm.addressConfirmed, true);
      assert.equal(messages[0].auth.addressConfirmed, true);
      assert.equal(messages[0].authVerdict, "unverified");
      const acks = await rt.ctx.db.selectFrom("outbound_mail").select("kind").where("to_address", "=", email).where("kind", "=", "acknowledgement").execute();
      assert.equal(acks.length, 1);
      // Following the link again changes nothing and names the same request.
      await c.get(confirmUrl);
      const again = await c.post("/contact/confirm", {});
      assert.equal(/id="ticket-number">(OK-\d+)</.exec(again.body)?.[1], ref);
      assert.equal((await rt.ctx.db.selectFrom("tickets").select("id").where("subject", "=", "Card payment declined twice").execute()).length, 1);
    });

    it("is recorded as unconfirmed with a reason when nobody clicks in time", async () => {
      const other = "never.clicks@example.org";
      await send(client(), valid({ email: other, subject: "Where is my refund", category: "refund", description: "I am still waiting for my refund of 20 EUR.", feedback: "email" }));
      const row = await rt.ctx.db.selectFrom("inbound").select(["id", "status"]).where("from_address", "=", other).executeTakeFirstOrThrow();
      assert.equal(row.status, "held");
      const mail = await rt.ctx.db.selectFrom("outbound_mail").select("raw_blob_key").where("to_address", "=", other).executeTakeFirstOrThrow();
      const raw = (await rt.ctx.services.blobs.get(mail.raw_blob_key!)).toString("latin1").replace(/=\r\n/g, "").replace(/=3D/g, "=");
      const url = /https:\/\/help\.example\.com(\/contact\/confirm\?[^\s]+)/.exec(raw)![1]!;
      rt.clock.advance(73 * 3600_000);
      await rt.runner.drain();
      const expired = await rt.ctx.db.selectFrom("inbound").select(["status", "reason", "ticket_id"]).where("id", "=", row.id).executeTakeFirstOrThrow();
      assert.equal(expired.status, "dropped");
      assert.match(expired.reason ?? "", /unconfirmed/);
      assert.equal(expired.ticket_id, null);
      const event = await rt.ctx.db.selectFrom("events").select("data_json").where("kind", "=", "inbound.dropped").execute();
      assert.ok(event.some((e) => JSON.parse(e.data_json).inboundId === row.id));
      const late = await client().get(url);
      assert.equal(late.statusCode, 410);
      assert.match(late.body, /expired/);
    });

    it("refuses a forged confirmation link", async () => {
      const res = await client().get(confirmUrl.replace(/s=[a-z2-7]{16}/, "s=aaaaaaaaaaaaaaaa"));
      assert.equal(res.statusCode, 404);
    });
  });

  it("trusts the form's headers only from the form: an e-mail carrying them is triaged by its words", async () => {
    const raw = await makeMail({ from: "mailer@example.net", subject: "hello there", text: "just a question about fees", headers: { "X-PayDesk-Form": "1", "X-PayDesk-Form-Category": "complaint", "X-PayDesk-Form-Urgency": "urgent" } });
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "mailer@example.net", rcptTo: ["support@example.com"] } });
    await rt.runner.drain();
    const row = await rt.ctx.db.selectFrom("inbound").select(["ticket_id", "message_id"]).where("id", "=", inboundId).executeTakeFirstOrThrow();
    const ticket = await rt.ctx.db.selectFrom("tickets").select(["category", "priority"]).where("id", "=", row.ticket_id!).executeTakeFirstOrThrow();
    assert.deepEqual(ticket, { category: "general", priority: "normal" });
    const msg = await rt.ctx.db.selectFrom("messages").selectAll().where("id", "=", row.message_id!).executeTakeFirstOrThrow();
    assert.equal(msg.web_form_json ?? null, null);
  });

  it("suggests FAQ articles for what is being typed", async () => {
    await createFaqArticle(rt.ctx, {
      slug: "withdrawal-delays", category: "withdrawal", published: true,
      title: { en: "Why is my withdrawal late?", zh: "为什么提现还没到账？" },
      body: { en: "Withdrawals usually arrive within 2 business days.", zh: "提现通常在 2 个工作日内到账。" },
    });
    const res = await app.inject({ method: "GET", url: `/faq/suggest?q=${encodeURIComponent("提现")}&lang=zh-CN` });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().articles.map((a: { url: string }) => a.url), ["/faq/withdrawal-delays"]);
  });
});
