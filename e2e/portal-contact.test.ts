// The contact form in Debian's Chromium against a real PayDesk (HTTP, SMTP, worker): a known customer sends a
// request with a screenshot and sees the number at once, with FAQ suggestions and the secrets warning from the
// page's small script; the ticket is in the agent API with its channel, category and call-back wish, and an
// agent sees it with its screenshot in the console. Without JavaScript, a first-time sender confirms through
// the link mailed to them and then sees the number.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { build } from "esbuild";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildWeb } from "../scripts/build-web.mjs";
import { findOrCreateCustomer } from "../src/server/modules/customers/customer.commands.ts";
import { createFaqArticle } from "../src/server/modules/help-centre/faq.commands.ts";
import { launchBrowser } from "./support/browser.ts";
import { startTestPayDesk, type TestPayDesk } from "./support/paydesk-server.ts";

const AGENT = { email: "amy@example.com", password: "amy-passphrase-for-tests" };

/** The page's script as the web build makes it (src/web/portal/contact-form.ts → dist/web/portal/contact-form.js). */
async function buildContactScript() {
  const outfile = fileURLToPath(new URL("../dist/web/portal/contact-form.js", import.meta.url));
  mkdirSync(fileURLToPath(new URL("../dist/web/portal/", import.meta.url)), { recursive: true });
  await build({
    entryPoints: [fileURLToPath(new URL("../src/web/portal/contact-form.ts", import.meta.url))],
    bundle: true, format: "iife", platform: "browser", target: ["chrome110", "firefox115", "safari16"], minify: true,
    outfile, logLevel: "silent", legalComments: "none",
  });
}

const browser: Browser | null = await launchBrowser();

describe("contact form in the browser", { skip: !browser }, () => {
  let pd: TestPayDesk;
  let withJs: BrowserContext;
  let noJs: BrowserContext;
  let agentCtx: BrowserContext;
  let page: Page;
  let ticketNumber: string;
  let bearer: { authorization: string };
  const problems: string[] = [];

  const watch = (p: Page, who: string) => {
    p.on("pageerror", (err) => problems.push(`${who} page error: ${err.message}`));
    // A CSP violation shows up as a console error; failed loads are listed by URL below.
    p.on("console", (msg) => msg.type() === "error" && !msg.text().startsWith("Failed to load resource") && problems.push(`${who} console: ${msg.text()}`));
    p.on("response", (res) => res.status() >= 400 && !res.url().endsWith("/favicon.ico") && problems.push(`${who} ${res.url()}: ${res.status()}`));
  };

  async function api(path: string) {
    const res = await fetch(`${pd.baseUrl}${path}`, { headers: bearer });
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return res.json() as Promise<Record<string, never>>;
  }

  before(async () => {
    await buildContactScript();
    // The app serves the console from dist/web/console: build what this checkout contains.
    await buildWeb();
    // People take longer than a second to fill a form; Playwright does not.
    pd = await startTestPayDesk({ config: { webForm: { minFillSeconds: 0 } } });
    await pd.createAgent({ ...AGENT, mailboxes: ["support@example.com"] });
    const token = await fetch(`${pd.baseUrl}/api/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(AGENT) });
    bearer = { authorization: `Bearer ${((await token.json()) as { token: string }).token}` };
    await findOrCreateCustomer(pd.ctx, { address: "wang.wei@example.net", name: "Wang Wei", language: "en" });
    await createFaqArticle(pd.ctx, {
      slug: "withdrawal-delays", category: "withdrawal", published: true,
      title: { en: "Why is my withdrawal late?", zh: "为什么提现还没到账？" },
      body: { en: "Withdrawals usually arrive within 2 business days.", zh: "提现通常在 2 个工作日内到账。" },
    });
    withJs = await browser!.newContext({ locale: "en-US", viewport: { width: 1100, height: 900 } });
    noJs = await browser!.newContext({ locale: "en-US", javaScriptEnabled: false });
    agentCtx = await browser!.newContext({ locale: "en-US", viewport: { width: 1366, height: 800 } });
    page = await withJs.newPage();
    watch(page, "js");
  });

  after(async () => {
    if (problems.length) console.log(problems.join("\n"));
    await withJs?.close();
    await noJs?.close();
    await agentCtx?.close();
    await browser?.close();
    await pd?.close();
  });

  it("sends a request with a screenshot, warns about a card number first, and shows the ticket number", async () => {
    await page.goto(`${pd.baseUrl}/contact`);
    await page.locator("#official-channels").waitFor();
    const screenshot = await page.screenshot({ type: "png" });

    await page.getByLabel("Your e-mail address").fill("wang.wei@example.net");
    await page.getByLabel("Your name").fill("Wang Wei");
    await page.getByLabel("Subject").fill("withdrawal late");
    const suggestion = page.locator("#faq-suggestions a", { hasText: "Why is my withdrawal late?" });
    await suggestion.waitFor();
    assert.equal(await suggestion.getAttribute("href"), "/faq/withdrawal-delays");

    await page.getByLabel("What is it about?").selectOption("withdrawal");
    await page.getByLabel("Transaction ID (optional)").fill("TX-2026-0105");
    await page.getByLabel("Describe the problem").fill("My withdrawal has not arrived. My card is 4111 1111 1111 1111.");
    await page.locator("#attachments").setInputFiles({ name: "screenshot.png", mimeType: "image/png", buffer: screenshot });
    await page.getByLabel("Phone call-back").check();
    await page.getByLabel("Phone number for the call-back").fill("+86 138 0013 8000");
    await page.getByLabel("Best time to call").selectOption("afternoon");
    await page.getByRole("button", { name: "Send request" }).click();
    const warning = page.locator("#secret-warning");
    await warning.getByText("a card number").waitFor();
    assert.equal(await page.locator("#ticket-number").count(), 0, "nothing was sent yet");

    await page.getByLabel("Describe the problem").fill("My withdrawal of 500 USD from 5 January has not arrived.");
    await warning.waitFor({ state: "hidden" });
    await page.getByRole("button", { name: "Send request" }).click();
    const number = await page.locator("#ticket-number").textContent();
    assert.match(number ?? "", /^OK-\d+$/);
    await page.getByText("we will call +86 138 0013 8000").waitFor();

    const { ticket, messages } = await api(`/api/tickets/${number}`) as unknown as { ticket: Record<string, unknown>; messages: Record<string, unknown>[] };
    assert.equal(ticket.channel, "web_form");
    assert.equal(ticket.category, "withdrawal");
    const msg = messages[0] as { webForm: { feedback: unknown; transactionId: string }; attachments: { filename: string; contentType: string; size: number }[] };
    assert.deepEqual(msg.webForm.feedback, { method: "phone", phone: "+86 138 0013 8000", window: "afternoon" });
    assert.equal(msg.webForm.transactionId, "TX-2026-0105");
    assert.deepEqual(msg.attachments.map((a) => [a.filename, a.contentType, a.size]), [["screenshot.png", "image/png", screenshot.length]]);
    const list = await api("/api/tickets?view=all") as unknown as { tickets: { number: string }[] };
    assert.ok(list.tickets.some((t) => t.number === number), "the ticket is in the agents' list");
    ticketNumber = number!;
  });

  it("shows the ticket in the agent console, with the screenshot attached", async () => {
    // Its own context: the console asks for a session before sign-in, which answers 401.
    const agent = await agentCtx.newPage();
    agent.on("pageerror", (err) => problems.push(`console page error: ${err.message}`));
    await agent.goto(`${pd.baseUrl}/console/`);
    await agent.getByLabel("Email").fill(AGENT.email);
    await agent.getByLabel("Password").fill(AGENT.password);
    await agent.getByRole("button", { name: "Sign in" }).click();
    const row = agent.getByRole("table", { name: "Tickets" }).getByRole("link", { name: /withdrawal late/ }).filter({ hasText: ticketNumber });
    await row.click();
    await agent.getByRole("heading", { name: "withdrawal late" }).waitFor();
    await agent.getByRole("list", { name: "Attachments" }).getByRole("link", { name: "screenshot.png" }).waitFor();
  });

  it("without JavaScript, holds a first-time sender's request until the mailed link is confirmed", async () => {
    const p = await noJs.newPage();
    watch(p, "no-js");
    await p.goto(`${pd.baseUrl}/contact`);
    await p.getByLabel("Your e-mail address").fill("first.time@example.org");
    await p.getByLabel("Your name").fill("First Time");
    await p.getByLabel("Subject").fill("Account frozen after login");
    await p.getByLabel("What is it about?").selectOption("account_frozen");
    await p.getByLabel("Describe the problem").fill("My account was frozen after I logged in from a new phone.");
    await p.getByRole("button", { name: "Send request" }).click();
    await p.getByRole("heading", { name: "One more step: confirm your e-mail address" }).waitFor();

    const mail = await pd.ctx.db.selectFrom("outbound_mail").select("raw_blob_key").where("to_address", "=", "first.time@example.org").executeTakeFirstOrThrow();
    const raw = (await pd.ctx.services.blobs.get(mail.raw_blob_key!)).toString("latin1").replace(/=\r\n/g, "").replace(/=3D/g, "=");
    const link = /(http:\/\/127\.0\.0\.1:\d+\/contact\/confirm\?r=\S+&s=[a-z2-7]{16})/.exec(raw)?.[1];
    assert.ok(link, "the confirmation mail carries the link");
    await p.goto(link);
    await p.getByRole("button", { name: "Confirm and send my request" }).click();
    const number = await p.locator("#ticket-number").textContent();
    assert.match(number ?? "", /^OK-\d+$/);
    const { ticket } = await api(`/api/tickets/${number}`) as unknown as { ticket: Record<string, unknown> };
    assert.equal(ticket.category, "account_frozen");
    assert.equal(ticket.priority, "high");
    await p.close();
  });

  it("kept the pages free of script errors and CSP violations", () => {
    assert.deepEqual(problems, []);
  });
});
