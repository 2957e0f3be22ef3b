// The agent console end to end: a real PayDesk (HTTP, SMTP, worker) and Debian's Chromium.
// An admin signs in and enrols TOTP, a customer's e-mail arrives over SMTP and shows up live, the admin
// replies, the customer's answer appears live for a second agent, Chinese search finds the ticket, a
// ticket is assigned, and two tickets of the same customer are merged.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as OTPAuth from "otpauth";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildWeb } from "../scripts/build-web.mjs";
import { makeMail } from "../src/server/test/mail-factory.ts";
import { markInboundDead } from "../src/server/ingest/pipeline.ts";
import { createAgent } from "../src/server/modules/agents/agent.commands.ts";
import { readFile } from "node:fs/promises";
import { simpleParser } from "mailparser";
import { clamdAvailable, clamdMissingNotice, requireServices, startClamd, TEST_MALWARE, TEST_SIGNATURE, type Clamd } from "../src/server/test/clamd-server.ts";
import { launchBrowser } from "./support/browser.ts";
import { startTestPayDesk, type TestPayDesk } from "./support/paydesk-server.ts";

const ADMIN = { email: "admin@example.com", password: "admin-passphrase-for-tests", name: "Ada Admin" };
const AMY = { email: "amy@example.com", password: "amy-passphrase-for-tests", name: "Amy Agent" };
const CUSTOMER = "王伟 <wang.wei@example.net>";

const browser: Browser | null = await launchBrowser();
// With clamd here, attachments pass a real virus scan (one test shows a held-back file).
const clamd: Clamd | null = browser && clamdAvailable() ? await startClamd() : null;

describe("agent console in the browser", { skip: !browser }, () => {
  let pd: TestPayDesk;
  let adminCtx: BrowserContext;
  let amyCtx: BrowserContext;
  let admin: Page;
  let amy: Page;
  let ticketNumber: string;
  let ticketId: string;
  let recoveryCodes: string[];
  const failures: string[] = [];

  // Shows what the browser said when something goes wrong (console errors, failed requests).
  const watch = (page: Page, who: string) => {
    page.on("pageerror", (err) => failures.push(`${who} page error: ${err.message}`));
    page.on("response", (res) => res.status() >= 400 && failures.push(`${who} ${res.request().method()} ${new URL(res.url()).pathname}: ${res.status()}`));
  };

  async function signIn(page: Page, who: { email: string; password: string }) {
    await page.goto(`${pd.baseUrl}/console/`);
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  async function deliver(mail: Parameters<typeof makeMail>[0]) {
    const messageId = `<${crypto.randomUUID()}@mail.example.net>`;
    await pd.sendMail(await makeMail({ from: CUSTOMER, ...mail, messageId }), { from: "wang.wei@example.net" });
    const processed = await pd.waitForInbound(messageId);
    assert.equal(processed.status, "processed", `${messageId}: ${processed.reason}`);
    return processed;
  }

  before(async () => {
    // The app serves the console from dist/web/console: build what this checkout contains.
    await buildWeb();
    pd = await startTestPayDesk({
      config: {
        mailboxes: [{ address: "support@example.com", name: "OKPay Support" }, { address: "vip@example.com", name: "VIP desk" }],
        ...(clamd ? { virusScan: { clamd: clamd.socket } } : {}),
      },
    });
    await pd.createAgent({ ...ADMIN, role: "admin" });
    await pd.createAgent({ ...AMY, role: "agent", mailboxes: ["support@example.com"] });
    adminCtx = await browser!.newContext({ locale: "en-US", viewport: { width: 1366, height: 800 } });
    amyCtx = await browser!.newContext({ locale: "en-US", viewport: { width: 1366, height: 800 } });
    admin = await adminCtx.newPage();
    amy = await amyCtx.newPage();
    watch(admin, "admin");
    watch(amy, "amy");
  });

  after(async () => {
    if (failures.length) console.log(failures.join("\n"));
    await adminCtx?.close();
    await amyCtx?.close();
    await browser?.close();
    await pd?.close();
    await clamd?.stop();
  });

  it("signs the admin in with forced TOTP enrolment and shows the recovery codes once", async () => {
    await signIn(admin, ADMIN);
    await admin.getByRole("heading", { name: "Set up two-factor authentication" }).waitFor();
    const secret = await admin.getByLabel("Secret key").inputValue();
    const url = await admin.getByLabel("otpauth URL").inputValue();
    assert.match(url, /^otpauth:\/\/totp\//);
    assert.ok(url.includes(`secret=${secret}`));
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
    await admin.getByLabel("Authentication code").fill(code);
    await admin.getByRole("button", { name: "Confirm and enable" }).click();
    const codes = admin.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await codes.first().waitFor();
    recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
    assert.equal(new Set(recoveryCodes).size, 10);
    await admin.getByRole("button", { name: "I have saved these codes" }).click();
    await admin.getByRole("heading", { name: "All tickets" }).waitFor();
    assert.ok(await admin.getByRole("navigation", { name: "Views" }).getByRole("link", { name: /New/ }).isVisible());
  });

  it("shows a ticket that arrived by SMTP in the open inbox without reload", async () => {
    await admin.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    const processed = await deliver({ subject: "提现失败 withdrawal failed", text: "您好，我昨天的提现一直没有到账，交易号 20260105-88123。请尽快处理。" });
    ticketId = processed.ticketId!;
    const row = admin.getByRole("table", { name: "Tickets" }).getByRole("link", { name: /提现失败 withdrawal failed/ });
    await row.waitFor({ timeout: 10_000 });
    assert.equal(await admin.evaluate(() => (globalThis as unknown as { marker?: number }).marker), 42, "the page was not reloaded");
    ticketNumber = (await row.locator(".ticket-number").textContent())!.trim();
    assert.match(ticketNumber, /^OK-\d+$/);
    await row.click();
    await admin.getByRole("heading", { name: "提现失败 withdrawal failed" }).waitFor();
    const message = admin.getByRole("article", { name: /Customer: 王伟/ });
    await message.getByText("我昨天的提现一直没有到账").waitFor();
    // No DNS in the test: the sender cannot be verified, and the console says so.
    assert.ok(await message.getByRole("img", { name: "Unverified sender" }).isVisible());
  });

  it("sends a reply that joins the conversation", async () => {
    await admin.getByLabel("Reply to the customer").fill("您好，王伟：我们已经在核查您的提现，今天内回复您。");
    await admin.getByLabel("Status after sending").selectOption("pending");
    await admin.getByRole("button", { name: "Send reply" }).click();
    await admin.getByText("Reply sent.").waitFor();
    await admin.getByRole("article", { name: /^Reply: Ada Admin/ }).getByText("我们已经在核查您的提现").waitFor();
    const status = admin.getByRole("complementary", { name: "Ticket details" }).getByLabel("Status");
    assert.equal(await status.inputValue(), "pending");
  });

  it("sends a formatted reply as HTML with a plain-text copy", async () => {
    await admin.getByLabel("Rich text (Markdown)").check();
    await admin.getByLabel("Reply to the customer").fill("请提供 **交易编号**：\n\n- 时间\n- 金额");
    await admin.getByLabel("Status after sending").selectOption("pending");
    await admin.getByRole("button", { name: "Send reply" }).click();
    await admin.getByText("Reply sent.").waitFor();
    const sent = await pd.ctx.db.selectFrom("messages").select(["html_body", "text_body"])
      .where("direction", "=", "outbound").orderBy("created_at", "desc").orderBy("id", "desc").executeTakeFirstOrThrow();
    assert.match(sent.html_body ?? "", /<strong>交易编号<\/strong>/);
    assert.match(sent.html_body ?? "", /<li>金额<\/li>/);
    assert.match(sent.text_body, /\*\*交易编号\*\*/, "the plain copy keeps what the agent typed");
    await admin.getByLabel("Rich text (Markdown)").uncheck();
  });

  it("shows the customer's e-mailed answer live to a second agent", async () => {
    await signIn(amy, AMY);
    await amy.getByRole("heading", { name: "All tickets" }).waitFor();
    await amy.goto(`${pd.baseUrl}/console/#/tickets/${ticketNumber}`);
    await amy.getByRole("heading", { name: "提现失败 withdrawal failed" }).waitFor();
    await amy.getByText("我们已经在核查您的提现").waitFor();
    await amy.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 7));

    // The customer answers from their mail client: In-Reply-To our reply's Message-ID.
    const ours = await pd.ctx.db.selectFrom("messages").select("message_id_header")
      .where("ticket_id", "=", ticketId).where("direction", "=", "outbound").executeTakeFirstOrThrow();
    const processed = await deliver({
      subject: `Re: 提现失败 withdrawal failed [#${ticketNumber}]`,
      text: "谢谢！补充一下：提现金额是 500 元，银行是招商银行。",
      inReplyTo: ours.message_id_header!,
      references: ours.message_id_header!,
    });
    assert.equal(processed.ticketId, ticketId, "the answer threads into the same ticket");
    await amy.getByRole("article", { name: /Customer: 王伟/ }).filter({ hasText: "提现金额是 500 元" }).waitFor({ timeout: 10_000 });
    assert.equal(await amy.evaluate(() => (globalThis as unknown as { marker?: number }).marker), 7, "the page was not reloaded");
    // The admin's open ticket follows too.
    await admin.getByText("提现金额是 500 元").waitFor({ timeout: 10_000 });
  });

  it("finds the ticket by a two-character Chinese search and highlights the match", async () => {
    await admin.keyboard.press("/");
    await admin.getByRole("heading", { name: "Search" }).waitFor();
    await admin.getByLabel("Search tickets").fill("提现");
    await admin.getByLabel("Search tickets").press("Enter");
    const results = admin.getByRole("list", { name: "Search results" });
    const hit = results.getByRole("listitem").filter({ hasText: ticketNumber });
    await hit.waitFor();
    const marks = await hit.locator("mark").allTextContents();
    assert.ok(marks.some((m) => m.includes("提现")), `marks: ${marks.join(" | ")}`);
    await hit.getByRole("link", { name: new RegExp(ticketNumber) }).click();
    await admin.getByRole("heading", { name: "提现失败 withdrawal failed" }).waitFor();
  });

  it("assigns the ticket, and the other agent sees the change", async () => {
    await amy.getByRole("button", { name: "Assign to me" }).click();
    const assignee = (page: Page) => page.getByRole("complementary", { name: "Ticket details" }).getByLabel("Assignee");
    await amy.getByRole("button", { name: "Assign to me" }).waitFor({ state: "detached" });
    const amyId = await assignee(amy).inputValue();
    assert.notEqual(amyId, "");
    assert.equal(await assignee(amy).locator("option:checked").textContent(), AMY.name);
    // Live on the admin's open copy of the same ticket.
    await assignee(admin).locator("option:checked", { hasText: AMY.name }).waitFor({ state: "attached", timeout: 10_000 });
    // And in the inbox's "Mine" view for Amy.
    await amy.goto(`${pd.baseUrl}/console/#/inbox/mine`);
    await amy.getByRole("table", { name: "Tickets" }).getByRole("link", { name: new RegExp(ticketNumber) }).waitFor();
  });

  it("merges two tickets of the same customer", async () => {
    const second = await deliver({ subject: "另一个问题 second question", text: "还有，我的账户昨天被冻结了。" });
    assert.notEqual(second.ticketId, ticketId);
    await admin.goto(`${pd.baseUrl}/console/#/inbox/all`);
    const link = admin.getByRole("table", { name: "Tickets" }).getByRole("link", { name: /另一个问题 second question/ });
    await link.waitFor();
    await link.click();
    await admin.getByRole("heading", { name: "另一个问题 second question" }).waitFor();
    await admin.getByRole("button", { name: "Merge into another ticket…" }).click();
    const dialog = admin.getByRole("dialog", { name: /^Merge OK-/ });
    await dialog.getByRole("radio", { name: new RegExp(ticketNumber) }).check();
    await dialog.getByRole("button", { name: "Merge", exact: true }).click();
    // The survivor opens, holding the merged ticket's message.
    await admin.getByRole("heading", { name: "提现失败 withdrawal failed" }).waitFor();
    await admin.getByText("我的账户昨天被冻结了").waitFor();
    assert.ok(admin.url().endsWith(`#/tickets/${ticketNumber}`));
    assert.deepEqual(failures.filter((f) => f.includes("page error") || /: 5\d\d$/.test(f)), []);
  });

  it("keeps another mailbox's ticket out of an agent's reach, even by its address", async () => {
    const messageId = `<${crypto.randomUUID()}@mail.example.net>`;
    await pd.sendMail(await makeMail({ from: "rich@example.org", to: "vip@example.com", subject: "私人银行 private banking", text: "机密内容", messageId }), { from: "rich@example.org", to: ["vip@example.com"] });
    const processed = await pd.waitForInbound(messageId);
    const vip = await pd.ctx.db.selectFrom("tickets").select("number").where("id", "=", processed.ticketId!).executeTakeFirstOrThrow();
    await amy.goto(`${pd.baseUrl}/console/#/tickets/OK-${vip.number}`);
    await amy.getByText("Ticket not found").waitFor();
    assert.equal(await amy.getByText("私人银行 private banking").count(), 0);
    await amy.goto(`${pd.baseUrl}/console/#/search?q=${encodeURIComponent("私人银行")}`);
    await amy.getByRole("heading", { name: "Search" }).waitFor();
    await amy.waitForLoadState("networkidle");
    assert.equal(await amy.getByText("私人银行 private banking").count(), 0, "search does not show it either");
    // The same search by the admin, who sees every mailbox, does find it.
    await admin.goto(`${pd.baseUrl}/console/#/search?q=${encodeURIComponent("私人银行")}`);
    await admin.getByRole("list", { name: "Search results" }).getByRole("link", { name: /私人银行 private banking/ }).waitFor();
    await admin.goto(`${pd.baseUrl}/console/#/tickets/${ticketNumber}`);
  });

  it("signs out, and back in with a recovery code as the second factor", async () => {
    await admin.getByRole("button", { name: "Sign out" }).click();
    await admin.getByText("You are signed out.").waitFor();
    await admin.getByLabel("Email").fill(ADMIN.email);
    await admin.getByLabel("Password").fill(ADMIN.password);
    await admin.getByRole("button", { name: "Sign in" }).click();
    await admin.getByRole("heading", { name: "Two-factor authentication" }).waitFor();
    await admin.getByRole("button", { name: "Use a recovery code instead" }).click();
    await admin.getByLabel("Recovery code").fill(recoveryCodes[3]!);
    await admin.getByRole("button", { name: "Verify" }).click();
    await admin.getByRole("heading", { name: "All tickets" }).waitFor();
    assert.equal(await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).count(), 1);
  });

  it("makes an agent with a one-time password choose their own before anything else, across a reload", async () => {
    const created = await createAgent(pd.ctx, { email: "olga@example.com", name: "Olga", role: "agent", mailboxIds: [await pd.mailboxId("support@example.com")] });
    const context = await browser!.newContext({ locale: "en-US" });
    const page = await context.newPage();
    watch(page, "olga");
    try {
      await signIn(page, { email: created.email, password: created.password! });
      await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
      // A reload keeps the signed-in session, and still nothing but the password form.
      await page.reload();
      await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
      assert.equal(await page.getByRole("navigation", { name: "Views" }).count(), 0);
      await page.getByLabel("Current password").fill(created.password!);
      await page.getByLabel("New password", { exact: true }).fill("granite heron 58 lantern");
      await page.getByLabel("Repeat new password").fill("granite heron 58 lantern");
      await page.getByRole("button", { name: "Change password" }).click();
      await page.getByRole("navigation", { name: "Views" }).waitFor();
      const row = await pd.ctx.db.selectFrom("agents").select("must_change_password").where("email", "=", created.email).executeTakeFirstOrThrow();
      assert.equal(row.must_change_password, 0);
    } finally {
      await context.close();
    }
  });

  it("shows admins what mail needs of them, and not agents", async () => {
    const messageId = `<${crypto.randomUUID()}@mail.example.net>`;
    await pd.sendMail(await makeMail({ from: CUSTOMER, subject: "账单 statement", messageId }), { from: "wang.wei@example.net" });
    await pd.waitForInbound(messageId);
    const intake = await pd.ctx.db.selectFrom("inbound").select("id").where("message_id_header", "=", messageId).executeTakeFirstOrThrow();
    // What the worker does after a message's last failed attempt.
    await markInboundDead(pd.ctx, intake.id, "TypeError: cannot read the statement");
    await admin.goto(`${pd.baseUrl}/console/#/admin/mail`);
    const panel = admin.getByRole("region", { name: "Mail" });
    await panel.getByText("Needs attention").waitFor();
    await panel.getByText("1 message(s) could not be processed and wait in the dead-letter list for a replay.").waitFor();
    await panel.getByText("No IMAP accounts are configured", { exact: false }).waitFor();
    await panel.getByText("Kept in the local outbox (no relay configured)").waitFor();
    const alert = panel.getByRole("table", { name: "Alerts" }).getByRole("row", { name: /cannot read the statement/ });
    assert.match(await alert.innerText(), /Open/);
    await alert.getByRole("button", { name: "Mark resolved" }).click();
    await panel.getByRole("table", { name: "Alerts" }).getByRole("row", { name: /cannot read the statement.*Resolved/ }).waitFor();
    // The dead letter itself still waits for a replay: resolving the alert only says someone knows.
    await panel.getByText("1 message(s) could not be processed", { exact: false }).waitFor();
    // Replayed from the list, it is processed and nothing needs attention any more.
    const dead = panel.getByRole("table", { name: "Dead letters" }).getByRole("row", { name: /wang\.wei@example\.net.*cannot read the statement/ });
    await dead.getByRole("button", { name: "Replay" }).click();
    await panel.getByText("Mail intake and delivery need nothing from you.").waitFor();
    assert.equal((await pd.waitForInbound(messageId)).status, "processed");
    await amy.goto(`${pd.baseUrl}/console/#/admin/mail`);
    await amy.getByText("Your role has no administration pages.").waitFor();
    assert.equal(await amy.getByText("could not be processed").count(), 0);
  });

  it("shows a file the virus scan held back, and lets an auditor open the original after giving a reason", async () => {
    if (!clamd && requireServices) assert.fail(`${clamdMissingNotice} and PAYDESK_REQUIRE_SERVICES=1`);
    const AUDREY = { email: "audrey@example.com", password: "audrey-passphrase-for-tests", name: "Audrey Auditor" };
    await pd.createAgent({ ...AUDREY, role: "auditor", mailboxes: ["support@example.com"] });
    const card = "4111 1111 1111 1111";
    const processed = await deliver({
      subject: "盗刷 unauthorised charge",
      text: `Card ${card} was charged twice; the bank's letter is attached.`,
      attachments: [{ filename: "bank-letter.pdf", content: Buffer.concat([Buffer.from("%PDF-1.4\n"), TEST_MALWARE]), contentType: "application/pdf" }],
    });
    const ticket = await pd.ctx.db.selectFrom("tickets").select("number").where("id", "=", processed.ticketId!).executeTakeFirstOrThrow();
    const auditorCtx = await browser!.newContext({ locale: "en-US", viewport: { width: 1366, height: 800 } });
    try {
      const page = await auditorCtx.newPage();
      await signIn(page, AUDREY);
      watch(page, "auditor");
      await page.goto(`${pd.baseUrl}/console/#/tickets/OK-${ticket.number}`);
      const message = page.getByRole("article", { name: /wang\.wei@example\.net|王伟/ }).last();
      await message.getByText("charged twice", { exact: false }).first().waitFor();
      if (clamd) await message.getByText(`bank-letter.pdf was held back: the virus scanner found ${TEST_SIGNATURE}`, { exact: false }).waitFor();
      assert.equal(await message.getByText(card).count(), 0, "the stored text is redacted");
      await message.getByRole("button", { name: "Open the original (logged)" }).click();
      await message.getByLabel("Why do you need the message as received, secrets included?").fill("Chargeback dispute 2026-118: the bank wants the mail as received");
      const [download] = await Promise.all([page.waitForEvent("download"), message.getByRole("button", { name: "Download the original" }).click()]);
      const original = await simpleParser(await readFile((await download.path())!));
      assert.match(original.text ?? "", new RegExp(card));
      assert.equal(original.attachments[0]?.filename, "bank-letter.pdf");
      const logged = await pd.ctx.db.selectFrom("audit_log").select(["data_json"]).where("action", "=", "data.revealed").execute();
      assert.equal(logged.length, 1);
      assert.match(logged[0]!.data_json, /Chargeback dispute 2026-118/);
      // Agents get no such button.
      await amy.goto(`${pd.baseUrl}/console/#/tickets/OK-${ticket.number}`);
      await amy.getByText("charged twice", { exact: false }).first().waitFor();
      assert.equal(await amy.getByRole("button", { name: "Open the original (logged)" }).count(), 0);
      if (clamd) {
        // An admin releases the held-back file after all; it becomes a downloadable attachment.
        await admin.goto(`${pd.baseUrl}/console/#/tickets/OK-${ticket.number}`);
        const card = admin.getByRole("article", { name: /wang\.wei@example\.net|王伟/ }).last();
        await card.getByRole("button", { name: "Release…" }).click();
        await card.getByLabel("Why is this file safe to put on the ticket?").fill("The bank confirmed the letter; the finding is a test signature");
        await card.getByRole("button", { name: "Release the file" }).click();
        await card.getByRole("link", { name: "bank-letter.pdf" }).waitFor();
        await card.getByText("bank-letter.pdf was held back by the virus scan", { exact: false }).waitFor();
        assert.match(await card.innerText(), /released by Ada Admin/);
      }
    } finally {
      await auditorCtx.close();
    }
  });
});
