// Starts the services named in PAYDESK_SERVICES (web, worker, smtp, imap) in this process.
import type { Config } from "./config.ts";
import { createSmtpReceiver } from "./channels/smtp/smtp-receiver.ts";
import { createImapPollers } from "./channels/imap/imap-poller.ts";
import { buildHttpApp } from "./http/app.ts";
import { listenAs, StartupError } from "./listen-errors.ts";
import { countAgents, createAgent } from "./modules/agents/agent.commands.ts";
import { ONE_TIME_PASSWORD_HOURS } from "./modules/agents/one-time-password.ts";
import { openRuntime, type Runtime, type RuntimeOptions } from "./runtime.ts";

export type Started = { httpPort: number | null; smtpPort: number | null; stop(): Promise<void> };

type Print = (line: string) => void;
type Stops = (() => Promise<void>)[];

export async function startPayDesk(config: Config, options: RuntimeOptions & { print?: Print } = {}): Promise<Started> {
  const print = options.print ?? ((line: string) => console.log(line));
  const runtime = await openRuntime(config, options);
  const stops: Stops = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne();
    await runtime.close();
  };
  try {
    const ports = await startServices(config, runtime, stops, print);
    // Only once every listener is up: a start that fails leaves no admin behind whose password went by
    // in a crash, and the next start that succeeds creates and prints it.
    await createFirstAdmin(config, runtime, print);
    return { ...ports, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Starts each service this process runs, pushing how to stop it onto `stops` as soon as there is something to stop. */
async function startServices(config: Config, runtime: Runtime, stops: Stops, print: Print) {
  const { ctx } = runtime;
  let httpPort: number | null = null;
  let smtpPort: number | null = null;
  // Every listener is tried, so two ports in use are both named at once; nothing is announced until all are up.
  const problems: string[] = [];
  const tryListen = async <T>(listen: () => Promise<T>): Promise<T | null> => {
    try {
      return await listen();
    } catch (err) {
      if (!(err instanceof StartupError)) throw err;
      problems.push(err.message);
      return null;
    }
  };
  if (config.services.includes("web")) {
    const app = await buildHttpApp(ctx);
    stops.push(() => app.close());
    const listening = await tryListen(() => listenAs({ service: "HTTP", settings: "http", ...config.http }, () => app.listen({ port: config.http.port, host: config.http.host })));
    if (listening !== null) httpPort = (app.server.address() as { port: number }).port;
  }
  if (config.services.includes("smtp")) {
    const receiver = createSmtpReceiver(ctx);
    smtpPort = await tryListen(() => listenAs({ service: "SMTP", settings: "smtp", ...config.smtp }, () => receiver.listen()));
    if (smtpPort !== null) stops.push(() => receiver.close());
  }
  if (problems.length) throw new StartupError(problems.join("\npaydesk: "));
  if (httpPort !== null) {
    const base = `http://${config.http.host === "0.0.0.0" ? "localhost" : config.http.host}:${httpPort}`;
    print(`web: ${base}  (public URL ${config.publicUrl})`);
    print(`  agent console: ${base}/console/`);
    print(`  help centre:   ${base}/`);
  }
  if (smtpPort !== null) print(`smtp: receiving on ${config.smtp.host}:${smtpPort} for ${config.mailboxes.map((m) => m.address).join(", ")}`);
  // Work starts once the listeners are up, when this process is sure to keep running.
  if (config.services.includes("worker")) {
    runtime.runner.start();
    print(`worker: running jobs in this process`);
  }
  if (config.services.includes("imap") && config.imap.length > 0) {
    const pollers = createImapPollers(ctx, config.imap);
    pollers.start();
    stops.push(() => pollers.stop());
    print(`imap: polling ${config.imap.map((a) => `${a.user}@${a.host}/${a.folder}`).join(", ")}`);
  }
  print(`database: ${runtime.connection.dialect === "sqlite" ? `${config.dataDir}/paydesk.sqlite` : "PostgreSQL"}; files: ${config.dataDir}`);
  print(config.relay ? `outbound: relay ${config.relay.url.replace(/\/\/[^@]*@/, "//***@")}` : `outbound: no relay configured, mail is kept in ${config.dataDir}/outbox`);
  return { httpPort, smtpPort };
}

async function createFirstAdmin(config: Config, runtime: Runtime, print: Print): Promise<void> {
  if ((await countAgents(runtime.ctx)) > 0) return;
  const domain = config.mailboxes[0]!.address.split("@")[1];
  let admin: Awaited<ReturnType<typeof createAgent>>;
  try {
    admin = await createAgent(runtime.ctx, { email: `admin@${domain}`, name: "Administrator", role: "admin" });
  } catch (err) {
    // Several processes started at once on a new database: one of them got there first.
    if ((await countAgents(runtime.ctx)) === 0) throw err;
    print("First start: another PayDesk process created the admin account at the same moment; its output has the one-time password");
    return;
  }
  print(`First start: created admin ${admin.email} with one-time password ${admin.password}`);
  print(`  sign in to the console with it within ${ONE_TIME_PASSWORD_HOURS} hours to set up two-factor and choose your own password`);
  print(`  (lost or expired: npx paydesk admin reset-password --email ${admin.email})`);
}
