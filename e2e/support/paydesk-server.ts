// A real PayDesk for browser tests: HTTP, SMTP and the job worker in this process, on ports 0, with a
// temp data directory and SQLite. The same wiring as `startPayDesk` (src/server/main.ts), plus handles
// a test needs: the server's Ctx, agents with known passwords, mail sent over real SMTP.
//
//   const pd = await startTestPayDesk();
//   await pd.createAgent({ email: "amy@example.com", password: "amy-long-passphrase", mailboxes: ["support@example.com"] });
//   await pd.sendMail(await makeMail({ messageId: "<m1@example.net>" }));
//   const { messageId } = await pd.waitForInbound("<m1@example.net>");
//   await page.goto(`${pd.baseUrl}/console/`);
//   await pd.close();
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import nodemailer from "nodemailer";
import { createSmtpReceiver } from "../../src/server/channels/smtp/smtp-receiver.ts";
import { parseConfig, type Config } from "../../src/server/config.ts";
import type { Ctx } from "../../src/server/context.ts";
import { buildHttpApp } from "../../src/server/http/app.ts";
import { createAgent, type AgentRole } from "../../src/server/modules/agents/agent.commands.ts";
import { openRuntime } from "../../src/server/runtime.ts";
import { quietLog, testConfigInput } from "../../src/server/test/harness.ts";

export type TestAgentInput = {
  email: string;
  password: string;
  name?: string;
  /** Default "agent". Admins must enrol two-factor at first sign-in unless the config says otherwise. */
  role?: AgentRole;
  /** Support addresses (as configured) the agent is a member of. */
  mailboxes?: string[];
  language?: "en" | "zh-CN";
};

export type TestPayDesk = {
  /** `http://127.0.0.1:<port>`; also set as the server's publicUrl, so links in mail point here. */
  baseUrl: string;
  smtpPort: number;
  /** The server's own context (system actor) for seeding and inspecting the database. */
  ctx: Ctx;
  config: Config;
  dataDir: string;
  /** Creates an agent who can sign in with the given password straight away. */
  createAgent(input: TestAgentInput): Promise<{ id: string; email: string; password: string }>;
  /** Mailbox id for a configured support address. */
  mailboxId(address: string): Promise<string>;
  /** Delivers a raw message to PayDesk over SMTP; resolves once PayDesk answered 250. */
  sendMail(raw: Buffer | string, envelope?: { from?: string; to?: string[] }): Promise<void>;
  /** Waits until the worker has processed the inbound message with this Message-ID header. */
  waitForInbound(messageIdHeader: string, timeoutMs?: number): Promise<{ status: string; reason: string | null; ticketId: string | null; messageId: string | null }>;
  close(): Promise<void>;
};

export type TestPayDeskOptions = {
  /** Merged into the test configuration (see testConfigInput in src/server/test/harness.ts). */
  config?: Record<string, unknown>;
  /** Let the image proxy fetch from 127.0.0.1, where tests run their stand-in "remote" servers. */
  allowPrivateImageHosts?: boolean;
  /**
   * Extra routes served from PayDesk's own origin (registered before listening), e.g. a page that frames
   * something. Real responses matter: Chromium treats pages a test fulfils itself as public-network pages
   * and blocks their requests to 127.0.0.1. Set your own CSP / X-Frame-Options, or get the strict defaults.
   */
  routes?: (app: FastifyInstance) => void;
};

export async function startTestPayDesk(options: TestPayDeskOptions = {}): Promise<TestPayDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), "paydesk-e2e-"));
  const config = parseConfig(testConfigInput("sqlite", dataDir, { services: ["web", "worker", "smtp"], ...options.config }));
  const runtime = await openRuntime(config, {
    log: quietLog,
    runner: { pollMs: 200 },
    // No DNS here: sender checks see "no such record", as in the other tests.
    dnsResolver: async (name) => { throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" }); },
  });
  const { ctx } = runtime;
  if (options.allowPrivateImageHosts) ctx.services.imageProxyAllowPrivate = true;

  const app = await buildHttpApp(ctx);
  options.routes?.(app);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  // The port is known only now; nothing has read publicUrl yet.
  config.publicUrl = baseUrl;
  const smtp = createSmtpReceiver(ctx);
  const smtpPort = await smtp.listen();
  runtime.runner.start();
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, secure: false, ignoreTLS: true });

  const mailboxId = async (address: string) => {
    const row = await ctx.db.selectFrom("mailboxes").select("id").where("address", "=", address.toLowerCase()).executeTakeFirst();
    if (!row) throw new Error(`${address} is not a configured mailbox`);
    return row.id;
  };

  return {
    baseUrl,
    smtpPort,
    ctx,
    config,
    dataDir,
    mailboxId,
    async createAgent(input) {
      const mailboxIds = await Promise.all((input.mailboxes ?? []).map(mailboxId));
      const agent = await createAgent(ctx, {
        email: input.email, password: input.password, name: input.name ?? input.email.split("@")[0]!,
        role: input.role ?? "agent", language: input.language, mailboxIds,
      });
      return { id: agent.id, email: agent.email, password: input.password };
    },
    async sendMail(raw, envelope = {}) {
      await transport.sendMail({
        envelope: { from: envelope.from ?? "customer@example.net", to: envelope.to ?? [config.mailboxes[0]!.address] },
        raw,
      });
    },
    async waitForInbound(messageIdHeader, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const row = await ctx.db.selectFrom("inbound").select(["status", "reason", "ticket_id", "message_id"])
          .where("message_id_header", "=", messageIdHeader).executeTakeFirst();
        if (row && row.status !== "pending") return { status: row.status, reason: row.reason, ticketId: row.ticket_id, messageId: row.message_id };
        if (Date.now() > deadline) throw new Error(`inbound ${messageIdHeader} not processed within ${timeoutMs} ms (${row ? row.status : "not received"})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      transport.close();
      await smtp.close();
      await app.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
