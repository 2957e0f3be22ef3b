// Ticket tracking in the browser: a real PayDesk (HTTP, SMTP, worker) and Debian's Chromium. The customer
// follows the magic link from the acknowledgement in the outbox, sees an agent's reply arrive, replies from
// the portal with a screenshot (it threads onto the ticket), downloads the signed evidence archive and checks
// it on /verify-export (valid as downloaded, not valid with one byte changed).
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { unzipSync } from "fflate";
import { simpleParser } from "mailparser";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { verifyExport } from "../src/server/modules/evidence/verify-export.ts";
import { makeMail } from "../src/server/test/mail-factory.ts";
import { launchBrowser } from "./support/browser.ts";
import { startTestPayDesk, type TestPayDesk } from "./support/paydesk-server.ts";

const AGENT = { email: "amy@example.com", password: "amy-passphrase-for-tests" };
const CUSTOMER = "wang.wei@example.net";
const SUBJECT = "Withdrawal 20260105-88123 has not arrived";
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082",
  "hex",
);

const browser: Browser | null = await launchBrowser();

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe("ticket tracking in the browser", { skip: !browser }, () => {
  let pd: TestPayDesk;
  let context: BrowserContext;
  let page: Page;
  let ref: string;
  let archive: Buffer;
  let auth: { authorization: string };
  const failures: string[] = [];

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${pd.baseUrl}${path}`, {
      method, headers: { ...auth, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined,
    });
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  before(async () => {
    pd = await startTestPayDesk();
    await pd.createAgent({ ...AGENT, mailboxes: ["support@example.com"] });
    const tokenRes = await fetch(`${pd.baseUrl}/api/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(AGENT) });
    auth = { authorization: `Bearer ${((await tokenRes.json()) as { token: string }).token}` };
    context = await browser!.newContext({ locale: "en-US", acceptDownloads: true });
    page = await context.newPage();
    page.on("pageerror", (err) => failures.push(`page error: ${err.message}`));
    page.on("console", (msg) => msg.type() === "error" && failures.push(`console: ${msg.text()}`));
  });

  after(async () => {
    if (failures.length) console.log(failures.join("\n"));
    await context?.close();
    await browser?.close();
    await pd?.close();
  });

  it("follows the magic link from the acknowledgement in the outbox", async () => {
    const messageId = `<${crypto.randomUUID()}@mail.example.net>`;
    await pd.sendMail(await makeMail({ from: `Wang Wei <${CUSTOMER}>`, subject: SUBJECT, messageId }), { from: CUSTOMER });
    const processed = await pd.waitForInbound(messageId);
    assert.equal(processed.status, "processed", processed.reason ?? "");

    const outbox = join(pd.dataDir, "outbox");
    const ack = await until("the acknowledgement in the outbox", async () => {
      if (!existsSync(outbox)) return null;
      for (const name of readdirSync(outbox)) {
        const mail = await simpleParser(readFileSync(join(outbox, name)));
        if (/^We received your request/.test(mail.subject ?? "")) return mail;
      }
      return null;
    });
    ref = /\[#(OK-\d+)\]/.exec(ack.subject!)![1]!;
    const link = new RegExp(`${pd.baseUrl.replace(/[.]/g, "\\.")}/track/${ref}\\?t=[a-z2-7]{32}`).exec(ack.text ?? "")?.[0];
    assert.ok(link, "the acknowledgement carries a tracking link");

    await page.goto(link!);
    await page.getByRole("heading", { name: `${ref}: ${SUBJECT}` }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/track/${ref}`);
    assert.equal(new URL(page.url()).search, "", "the token left the address bar");
    assert.match(await page.locator("dl.facts").innerText(), /Received/);
  });

  it("shows an agent's reply once it is sent", async () => {
    await api("POST", `/api/tickets/${ref}/replies`, { text: "We found your withdrawal; it is on its way. 您的提现已在处理中。" });
    await until("the agent's reply on the tracking page", async () => {
      await page.reload();
      return (await page.locator("ol.timeline").innerText()).includes("it is on its way");
    });
    assert.match(await page.locator("dl.facts").innerText(), /Waiting for your reply/);
  });

  it("replies from the portal with a screenshot; the reply threads onto the same ticket", async () => {
    await page.getByLabel("Your message").fill("Thanks! Here is the bank screenshot.");
    await page.getByLabel(/Add files/).setInputFiles({ name: "bank.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("Your reply was received").waitFor();
    await until("the portal reply on the tracking page", async () => {
      await page.reload();
      return (await page.locator("ol.timeline").innerText()).includes("Here is the bank screenshot");
    });
    assert.ok(await page.getByRole("link", { name: "bank.png" }).isVisible());
    const detail = await api("GET", `/api/tickets/${ref}`);
    const messages = detail.messages as { direction: string; channel: string; authVerdict: string; text: string; attachments: { filename: string }[] }[];
    const last = messages[messages.length - 1]!;
    assert.equal(last.direction, "inbound");
    assert.equal(last.channel, "portal");
    assert.equal(last.authVerdict, "verified");
    assert.deepEqual(last.attachments.map((a) => a.filename), ["bank.png"]);
  });

  it("downloads the signed evidence archive, which verifies", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Signed archive (.zip)" }).click()]);
    const path = await download.path();
    const bytes = readFileSync(path!);
    assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK");
    const result = verifyExport(bytes);
    assert.equal(result.ok, true, result.problems.join("; "));
    assert.equal(result.messages.length, 3, "customer mail, agent reply, portal reply");
    archive = bytes;
  });

  it("checks the archive on the help centre: valid as downloaded, not valid with one byte changed", async () => {
    const check = async (bytes: Buffer) => {
      await page.getByLabel("Archive (.zip, up to 100 MB)").setInputFiles({ name: `${ref}-evidence.zip`, mimeType: "application/zip", buffer: bytes });
      await page.getByRole("button", { name: "Check the archive" }).click();
    };
    await page.getByRole("link", { name: "Check an evidence archive" }).click();
    await page.getByRole("heading", { name: "Check an evidence archive" }).waitFor();
    await check(archive);
    await page.getByRole("heading", { name: "Valid", exact: true }).waitFor();
    assert.ok(await page.getByText(`${ref}: ${SUBJECT}`).isVisible());

    // One byte in the middle of the first e-mail (entries are stored, so its bytes sit in the zip as they are).
    const eml = unzipSync(archive)["messages/001-inbound.eml"]!;
    const at = archive.indexOf(Buffer.from(eml)) + Math.floor(eml.length / 2);
    const tampered = Buffer.from(archive);
    tampered[at] = tampered[at]! ^ 0x01;
    await page.getByRole("link", { name: "Check another archive" }).click();
    await check(tampered);
    await page.getByRole("heading", { name: "Not valid" }).waitFor();
    const problems = await page.getByRole("list", { name: "What is wrong" }).getByRole("listitem").allInnerTexts();
    assert.deepEqual(problems, ["“messages/001-inbound.eml” was changed: its SHA-256 does not match the manifest."]);

    await page.goto(`${pd.baseUrl}/track/${ref}`);
    await page.getByRole("heading", { name: `${ref}: ${SUBJECT}` }).waitFor();
  });

  it("signs the link out", async () => {
    await page.getByRole("button", { name: "Sign out this link" }).click();
    await page.getByText("You signed out").waitFor();
    const res = await page.goto(`${pd.baseUrl}/track/${ref}`);
    assert.equal(res?.status(), 404);
  });
});
