// The help centre in Debian's Chromium against a real PayDesk (HTTP, SMTP, worker): a customer finds the
// official address, checks a lookalike and an official domain, verifies the code from a real e-mail in
// the outbox, and reads the pages in both languages — with no JavaScript on these pages at all. Then an
// admin edits the registry and an FAQ article in the console, and the help centre shows the change.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { simpleParser } from "mailparser";
import * as OTPAuth from "otpauth";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildWeb } from "../scripts/build-web.mjs";
import { createChannel } from "../src/server/modules/help-centre/official-channel.commands.ts";
import { makeMail } from "../src/server/test/mail-factory.ts";
import { launchBrowser } from "./support/browser.ts";
import { startTestPayDesk, type TestPayDesk } from "./support/paydesk-server.ts";

const ADMIN = { email: "admin@example.com", password: "admin-passphrase-for-tests", name: "Ada Admin" };
const browser: Browser | null = await launchBrowser();

describe("help centre in the browser", { skip: !browser }, () => {
  let pd: TestPayDesk;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    pd = await startTestPayDesk();
    await createChannel(pd.ctx, { kind: "web", value: "https://www.okpay.com", label: { en: "OKPay website", zh: "OKPay 官网" } });
    await createChannel(pd.ctx, {
      kind: "phone", purpose: "security", value: "+86 400 820 8820", label: { en: "Fraud hotline", zh: "反诈骗热线" },
      hours: { en: "24 hours a day", zh: "全天 24 小时" }, responseTime: { en: "Answered at once", zh: "即时接听" },
    });
    context = await browser!.newContext({ locale: "en-US", javaScriptEnabled: false });
    page = await context.newPage();
    // A CSP violation or a failed stylesheet shows up here.
    page.on("console", (msg) => msg.type() === "error" && !msg.text().startsWith("Failed to load resource") && problems.push(msg.text()));
    page.on("response", (res) => res.status() >= 400 && !res.url().endsWith("/favicon.ico") && problems.push(`${res.url()}: ${res.status()}`));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await pd?.close();
  });

  it("finds the official address among the published channels", async () => {
    await page.goto(`${pd.baseUrl}/`);
    await page.getByRole("heading", { name: "How can we help?" }).waitFor();
    const channels = page.locator("#official-channels");
    await channels.getByRole("heading", { name: "Our official channels" }).waitFor();
    const email = channels.locator('a[href^="mailto:"]').first();
    assert.equal(await email.textContent(), "support@example.com");
    assert.equal(await email.getAttribute("href"), "mailto:support@example.com");
    assert.match(await channels.innerText(), /Fraud hotline[\s\S]*24 hours a day[\s\S]*Answered at once/);
    assert.match(await channels.innerText(), /never ask for your password/);
    // The stylesheet loads under the strict CSP: cards get their border.
    type StyleWindow = { getComputedStyle(el: unknown): { borderTopStyle: string } };
    const border = await page.locator("#official-channels").evaluate((el) => (globalThis as unknown as StyleWindow).getComputedStyle(el).borderTopStyle);
    assert.equal(border, "solid");
  });

  it("calls a lookalike domain phishing and an official one official", async () => {
    await page.getByRole("link", { name: "Is this really us?" }).first().click();
    await page.getByLabel("E-mail address, website, link or phone number").fill("okpay-support-help.com");
    await page.getByRole("button", { name: "Check", exact: true }).click();
    const verdict = page.locator("section.verdict");
    await verdict.getByRole("heading", { name: "Looks like ours — probably phishing" }).waitFor();
    assert.match(await verdict.innerText(), /contains our name, but the domain it really belongs to is someone else/);

    await page.getByLabel("E-mail address, website, link or phone number").fill("https://оkpay.com/login");
    await page.getByRole("button", { name: "Check", exact: true }).click();
    await verdict.getByRole("heading", { name: "Looks like ours — probably phishing" }).waitFor();
    assert.ok((await verdict.innerText()).includes("xn--kpay-45d.com"), "the real, encoded form is shown");

    await page.getByLabel("E-mail address, website, link or phone number").fill("https://help.okpay.com/login");
    await page.getByRole("button", { name: "Check", exact: true }).click();
    await verdict.getByRole("heading", { name: "Official" }).waitFor();
    assert.match(await verdict.innerText(), /OKPay website/);
    assert.ok(page.url().includes("/check?q="), "the check is a plain GET form");
  });

  it("confirms the verification code of a real e-mail and rejects a made-up one", async () => {
    const messageId = `<${crypto.randomUUID()}@mail.example.net>`;
    await pd.sendMail(await makeMail({ from: "Wang Wei <wang.wei@example.net>", subject: "Refund not received", messageId }), { from: "wang.wei@example.net" });
    const { ticketId } = await pd.waitForInbound(messageId);
    const outboundId = await waitForOutbox(pd, ticketId!);
    const mail = await simpleParser(await readFile(join(pd.dataDir, "outbox", `${outboundId}.eml`)));
    const code = /Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(mail.text ?? "")?.[1];
    assert.ok(code, mail.text);

    await page.goto(`${pd.baseUrl}/verify`);
    await page.getByLabel("Verification code (or the e-mail's Message-ID)").fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
    const answer = page.locator("section.verdict");
    await answer.getByRole("heading", { name: "Yes — we sent this e-mail" }).waitFor();
    const text = await answer.innerText();
    assert.ok(text.includes(mail.subject!), text);
    assert.match(text, /w\*\*\*@example\.net/);

    await page.getByLabel("Verification code (or the e-mail's Message-ID)").fill("K7Q2-9XWD-3MPA");
    await page.getByRole("button", { name: "Verify" }).click();
    await answer.getByRole("heading", { name: "We did not send this — it may be phishing" }).waitFor();
  });

  it("switches to Chinese with the language link and follows the browser's language", async () => {
    await page.goto(`${pd.baseUrl}/guides/complaints`);
    await page.getByRole("heading", { name: "How we handle complaints" }).waitFor();
    await page.getByRole("link", { name: "中文" }).click();
    await page.getByRole("heading", { name: "我们如何处理投诉" }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
    await page.goto(`${pd.baseUrl}/check`);
    await page.getByRole("heading", { name: "核实官方渠道", level: 1 }).waitFor();

    const zh = await browser!.newContext({ locale: "zh-CN", javaScriptEnabled: false });
    try {
      const zhPage = await zh.newPage();
      await zhPage.goto(`${pd.baseUrl}/`);
      await zhPage.getByRole("heading", { name: "有什么可以帮您？" }).waitFor();
      const channels = await zhPage.locator("#official-channels").innerText();
      assert.match(channels, /我们的官方渠道/);
      assert.match(channels, /反诈骗热线/);
      assert.match(channels, /support@example\.com/);
    } finally {
      await zh.close();
    }
    assert.deepEqual(problems, []);
  });

  it("lets an admin add a channel and publish an article in the console, and the help centre shows them", async () => {
    await buildWeb();
    await pd.createAgent({ ...ADMIN, role: "admin" });
    const consoleCtx = await browser!.newContext({ locale: "en-US", viewport: { width: 1366, height: 900 } });
    try {
      const admin = await consoleCtx.newPage();
      admin.on("dialog", (d) => void d.accept());
      await admin.goto(`${pd.baseUrl}/console/`);
      await admin.getByLabel("Email").fill(ADMIN.email);
      await admin.getByLabel("Password").fill(ADMIN.password);
      await admin.getByRole("button", { name: "Sign in" }).click();
      const secret = await admin.getByLabel("Secret key").inputValue();
      await admin.getByLabel("Authentication code").fill(new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate());
      await admin.getByRole("button", { name: "Confirm and enable" }).click();
      await admin.getByRole("button", { name: "I have saved these codes" }).click();

      await admin.goto(`${pd.baseUrl}/console/#/help-centre/channels`);
      const table = admin.getByRole("table", { name: "Official channels" });
      await table.getByText("support@example.com").waitFor();
      const form = admin.locator("form.channel-form");
      await form.getByLabel("Address, number or link").fill("complaints@example.com");
      await form.getByLabel("Purpose").fill("complaints");
      await form.getByLabel("Name (English)").fill("Complaints desk");
      await form.getByLabel("Name (Chinese)").fill("投诉受理");
      await form.getByLabel("Expected response (English)").fill("Within 15 business days");
      await form.getByRole("button", { name: "Save" }).click();
      await table.getByText("complaints@example.com").waitFor();

      await admin.getByRole("link", { name: "FAQ articles" }).click();
      const faq = admin.locator("form.faq-form");
      await faq.getByLabel("Address (/faq/…)").fill("frozen-account");
      await faq.getByLabel("Category").selectOption("account");
      await faq.getByLabel("Title (English)").fill("Why is my account frozen?");
      await faq.getByLabel("Title (Chinese)").fill("为什么我的账户被冻结了？");
      await faq.getByLabel("Article (English, Markdown)").fill("Accounts are frozen **for your safety**.\n\n<script>alert(1)</script>");
      await faq.getByLabel("Article (Chinese, Markdown)").fill("为了您的资金安全，账户可能被**临时冻结**。");
      await faq.getByLabel("Published").check();
      await faq.getByRole("button", { name: "Save" }).click();
      await admin.getByRole("table", { name: "FAQ articles" }).getByText("Why is my account frozen?").waitFor();
    } finally {
      await consoleCtx.close();
    }

    await page.goto(`${pd.baseUrl}/?lang=en`);
    assert.match(await page.locator("#official-channels").innerText(), /Complaints desk[\s\S]*complaints@example\.com[\s\S]*Within 15 business days/);
    await page.getByLabel("Search the help centre").fill("冻结");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "Why is my account frozen?" }).click();
    assert.match(await page.locator(".faq-body").innerHTML(), /<strong>for your safety<\/strong>/);
    assert.ok(!(await page.locator(".faq-body").innerHTML()).includes("script"));
  });
});

async function waitForOutbox(pd: TestPayDesk, ticketId: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const row = await pd.ctx.db.selectFrom("outbound_mail").select(["id", "status"]).where("ticket_id", "=", ticketId).executeTakeFirst();
    if (row?.status === "outboxed") return row.id;
    if (Date.now() > deadline) throw new Error(`no outboxed mail for ticket ${ticketId} (${row?.status ?? "none"})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
