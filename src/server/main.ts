// Starts the services named in PAYDESK_SERVICES (web, worker, smtp, imap) in this process.
import type { Config } from "./config.ts";
import { createSmtpReceiver } from "./channels/smtp/smtp-receiver.ts";
import { createImapPollers } from "./channels/imap/imap-poller.ts";
import { buildHttpApp } from "./http/app.ts";
import { countAgents, createAgent } from "./modules/agents/agent.commands.ts";
import { openRuntime, type RuntimeOptions } from "./runtime.ts";

export type Started = { httpPort: number | null; smtpPort: number | null; stop(): Promise<void> };

export async function startPayDesk(config: Config, options: RuntimeOptions & { print?: (line: string) => void } = {}): Promise<Started> {
  const print = options.print ?? ((line: string) => console.log(line));
  const runtime = await openRuntime(config, options);
  const { ctx } = runtime;
  const stops: (() => Promise<void>)[] = [];

  if ((await countAgents(ctx)) === 0) {
    const domain = config.mailboxes[0]!.address.split("@")[1];
    const admin = await createAgent(ctx, { email: `admin@${domain}`, name: "Administrator", role: "admin" });
    print(`First start: created admin ${admin.email} with one-time password ${admin.password}`);
  }

  let httpPort: number | null = null;
  let smtpPort: number | null = null;
  if (config.services.includes("worker")) {
    runtime.runner.start();
    print(`worker: running jobs in this process`);
  }
  if (config.services.includes("web")) {
    const app = await buildHttpApp(ctx);
    await app.listen({ port: config.http.port, host: config.http.host });
    httpPort = (app.server.address() as { port: number }).port;
    stops.push(() => app.close());
    const base = `http://${config.http.host === "0.0.0.0" ? "localhost" : config.http.host}:${httpPort}`;
    print(`web: ${base}  (public URL ${config.publicUrl})`);
    print(`  agent console: ${base}/console/`);
    print(`  help centre:   ${base}/`);
  }
  if (config.services.includes("smtp")) {
    const receiver = createSmtpReceiver(ctx);
    smtpPort = await receiver.listen();
    stops.push(() => receiver.close());
    print(`smtp: receiving on ${config.smtp.host}:${smtpPort} for ${config.mailboxes.map((m) => m.address).join(", ")}`);
  }
  if (config.services.includes("imap") && config.imap.length > 0) {
    const pollers = createImapPollers(ctx, config.imap);
    pollers.start();
    stops.push(() => pollers.stop());
    print(`imap: polling ${config.imap.map((a) => `${a.user}@${a.host}/${a.folder}`).join(", ")}`);
  }
  print(`database: ${runtime.connection.dialect === "sqlite" ? `${config.dataDir}/paydesk.sqlite` : "PostgreSQL"}; files: ${config.dataDir}`);
  print(config.relay ? `outbound: relay ${config.relay.url.replace(/\/\/[^@]*@/, "//***@")}` : `outbound: no relay configured, mail is kept in ${config.dataDir}/outbox`);

  return {
    httpPort,
    smtpPort,
    async stop() {
      for (const stop of stops.reverse()) await stop();
      await runtime.close();
    },
  };
}
